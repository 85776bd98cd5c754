/**
 * The detonator balance of one blasting job: issued − used − returned, per job and per detonator code.
 * 民用爆炸物品安全管理条例 requires records of issue and return (品种, 数量, 编号, people) and the return of what
 * is left after the shift (当班清退; CHINA-TRACE-FACTS §5 [confirmed] for the records).
 */
import { checkDetonatorCode } from './formats.js';
import { normaliseBizStep, projectLocalName, ZS_PREFIX, zsBizStep } from './namespace.js';

/** The business steps that move detonators in and out of a job. */
export const EXPLOSIVE_STEPS = {
  issue: zsBizStep('explosive_issue'),
  use: zsBizStep('blasting_use'),
  return: zsBizStep('explosive_return'),
} as const;

/** One problem with a job's balance; `eventIndex` is the index in the input array. */
export interface BalanceIssue {
  code:
    | 'CATALOGUE_DETONATOR_NEGATIVE_BALANCE'
    | 'CATALOGUE_DETONATOR_UNRETURNED'
    | 'CATALOGUE_DETONATOR_CODE'
    | 'CATALOGUE_BAD_ELEMENT';
  eventIndex?: number;
  message: string;
  codes?: string[];
}

/** The balance of a job. */
export interface DetonatorBalance {
  jobId: string | null;
  issued: number;
  used: number;
  returned: number;
  /** issued − used − returned after the last event. */
  outstanding: number;
  /** Codes issued and neither used nor returned. */
  outstandingCodes: string[];
  issues: BalanceIssue[];
}

const read = (event: Record<string, unknown>, name: string, prefixes: readonly string[]): unknown => {
  for (const [k, v] of Object.entries(event)) {
    if (projectLocalName(k, prefixes) === name) return v;
  }
  return undefined;
};

/** GA 441 detonator codes named by an event's epcList (the last `:`-segment of each identifier). */
export function detonatorCodesOf(event: Record<string, unknown>): string[] {
  const list = Array.isArray(event.epcList) ? event.epcList : [];
  return list
    .filter((e): e is string => typeof e === 'string')
    .map((e) => e.slice(e.lastIndexOf(':') + 1))
    .filter((c) => checkDetonatorCode(c).length === 0);
}

/**
 * The balance over one job's issue, use and return events (any order; sorted by eventTime). A running
 * balance below zero, a code moved that is not out (or issued twice) and, when `shiftEnded` (default),
 * anything still out are reported.
 */
export function detonatorBalance(
  events: readonly Record<string, unknown>[],
  options: { shiftEnded?: boolean; prefixes?: readonly string[] } = {},
): DetonatorBalance {
  const prefixes = [ZS_PREFIX, ...(options.prefixes ?? [])];
  const order = events.map((e, i) => ({ e, i, t: Date.parse(String(e.eventTime)) }));
  order.sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? 0 : a.t - b.t) || a.i - b.i);
  const result: DetonatorBalance = {
    jobId: null,
    issued: 0,
    used: 0,
    returned: 0,
    outstanding: 0,
    outstandingCodes: [],
    issues: [],
  };
  const out = new Set<string>();
  for (const { e, i } of order) {
    const step = normaliseBizStep(e.bizStep, prefixes);
    const kind = (Object.keys(EXPLOSIVE_STEPS) as (keyof typeof EXPLOSIVE_STEPS)[]).find(
      (k) => EXPLOSIVE_STEPS[k] === step,
    );
    if (!kind) continue;
    const job = read(e, 'blastingJobId', prefixes);
    if (typeof job === 'string') {
      if (result.jobId === null) result.jobId = job;
      else if (job !== result.jobId) {
        result.issues.push({
          code: 'CATALOGUE_BAD_ELEMENT',
          eventIndex: i,
          message: `event belongs to job ${job}, not ${result.jobId}`,
        });
        continue;
      }
    }
    const codes = detonatorCodesOf(e);
    const count = read(e, 'detonatorCount', prefixes);
    const n =
      codes.length > 0
        ? codes.length
        : typeof count === 'number' && Number.isInteger(count) && count > 0
          ? count
          : 0;
    if (kind === 'issue') {
      const twice = codes.filter((c) => out.has(c));
      if (twice.length > 0) {
        result.issues.push({
          code: 'CATALOGUE_DETONATOR_CODE',
          eventIndex: i,
          codes: twice,
          message: `detonators ${twice.join(', ')} are issued again while still out`,
        });
      }
      for (const c of codes) out.add(c);
      result.issued += n;
    } else {
      const notOut = codes.filter((c) => !out.has(c));
      if (notOut.length > 0) {
        result.issues.push({
          code: 'CATALOGUE_DETONATOR_CODE',
          eventIndex: i,
          codes: notOut,
          message: `detonators ${notOut.join(', ')} are ${kind === 'use' ? 'used' : 'returned'} but not out on this job`,
        });
      }
      for (const c of codes) out.delete(c);
      if (kind === 'use') result.used += n;
      else result.returned += n;
    }
    const balance = result.issued - result.used - result.returned;
    if (balance < 0) {
      result.issues.push({
        code: 'CATALOGUE_DETONATOR_NEGATIVE_BALANCE',
        eventIndex: i,
        message: `job ${result.jobId ?? '?'} balance is ${balance}: ${result.issued} issued, ${result.used} used, ${result.returned} returned`,
      });
    }
  }
  result.outstanding = result.issued - result.used - result.returned;
  result.outstandingCodes = [...out].sort();
  if ((options.shiftEnded ?? true) && result.outstanding > 0) {
    result.issues.push({
      code: 'CATALOGUE_DETONATOR_UNRETURNED',
      codes: result.outstandingCodes,
      message: `job ${result.jobId ?? '?'} has ${result.outstanding} detonator(s) neither used nor returned at the end of the shift`,
    });
  }
  return result;
}
