/**
 * Subscription schedules: a cron expression (five or six fields; six means seconds first) or an EPCIS
 * QuerySchedule object `{second, minute, hour, dayOfMonth, month, dayOfWeek}` (EPCIS 2.0 §8.2.5.3 and the REST
 * binding's `GS1-Query-*` parameters). Both become one croner pattern; times are the server's local time zone.
 */
import { Cron } from 'croner';
import type { ProblemItem } from '../../../lib/errors.js';

/** The fields of an EPCIS QuerySchedule, finest first, with their ranges (EPCIS 2.0 §8.2.5.3). */
export const SCHEDULE_FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  // EPCIS: 1 = Monday … 7 = Sunday; croner reads 7 as Sunday too, so the numbers carry over unchanged.
  { name: 'dayOfWeek', min: 1, max: 7 },
] as const;

/** A parsed schedule: the croner pattern, and whether day-of-month and day-of-week must both match. */
export interface ParsedSchedule {
  cron: string;
  domAndDow: boolean;
}

/** The outcome of reading a schedule: the schedule, or every problem with its path. */
export type ScheduleResult = { ok: true; schedule: ParsedSchedule } | { ok: false; problems: ProblemItem[] };

const ELEMENT =
  /^(\d{1,2})$|^\[(\d{1,2})-(\d{1,2})\]$|^(\d{1,2})-(\d{1,2})$|^(\*|\d{1,2}(?:-\d{1,2})?)\/(\d{1,2})$|^\*$/;

/** One QuerySchedule field (`5`, `[1-5]`, `1,15`, and the step forms `*\/10`, `0/30` seen in the REST examples). */
function fieldToCron(
  name: string,
  raw: unknown,
  min: number,
  max: number,
): { value?: string; problem?: ProblemItem } {
  const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  const bad = (why: string): { problem: ProblemItem } => ({
    problem: {
      code: 'SUBSCRIPTION_BAD_SCHEDULE',
      path: `/schedule/${name}`,
      message: `schedule.${name}: ${JSON.stringify(raw)} ${why}`,
    },
  });
  if (typeof text !== 'string' || text.trim() === '')
    return bad(`is not a schedule value (a number ${min}–${max}, a range [a-b], or a comma-separated list)`);
  const parts: string[] = [];
  for (const element of text.split(',').map((s) => s.trim())) {
    const m = ELEMENT.exec(element);
    if (!m)
      return bad(
        `has an element ${JSON.stringify(element)} that is neither a number, a range [a-b] nor a step`,
      );
    const inRange = (...values: (string | undefined)[]) =>
      values.every((v) => v === undefined || (Number(v) >= min && Number(v) <= max));
    if (m[1] !== undefined) {
      if (!inRange(m[1])) return bad(`is outside ${min}–${max}`);
      parts.push(String(Number(m[1])));
    } else if (m[2] !== undefined || m[4] !== undefined) {
      const lo = m[2] ?? m[4];
      const hi = m[3] ?? m[5];
      if (!inRange(lo, hi) || Number(lo) > Number(hi))
        return bad(`has a range outside ${min}–${max} or upside down`);
      parts.push(`${Number(lo)}-${Number(hi)}`);
    } else if (m[7] !== undefined) {
      const step = Number(m[7]);
      if (step < 1) return bad('has a step of 0');
      const start = m[6]!;
      // croner refuses `n/step`; `n-max/step` means the same thing.
      if (/^\d{1,2}$/.test(start)) {
        if (!inRange(start)) return bad(`is outside ${min}–${max}`);
        parts.push(`${Number(start)}-${max}/${step}`);
      } else {
        parts.push(`${start}/${step}`);
      }
    } else {
      parts.push('*');
    }
  }
  return { value: parts.join(',') };
}

function checkPattern(cron: string, domAndDow: boolean, path: string): ScheduleResult {
  try {
    const probe = new Cron(cron, { paused: true, domAndDow });
    if (probe.nextRun() === null) {
      return {
        ok: false,
        problems: [
          {
            code: 'SUBSCRIPTION_BAD_SCHEDULE',
            path,
            message: `schedule ${JSON.stringify(cron)} never fires`,
          },
        ],
      };
    }
  } catch (e) {
    return {
      ok: false,
      problems: [
        {
          code: 'SUBSCRIPTION_BAD_SCHEDULE',
          path,
          message: `schedule ${JSON.stringify(cron)} is not a cron expression: ${(e as Error).message}`,
        },
      ],
    };
  }
  return { ok: true, schedule: { cron, domAndDow } };
}

/**
 * Reads a schedule: a cron string, or a QuerySchedule object. In an object, fields finer than the finest one given
 * default to their minimum and coarser ones to "every" — so `{hour: 1, minute: 5}` fires once a day at 01:05:00,
 * as the EPCIS 2.0 REST binding's example says — and every field given must match (EPCIS 2.0 §8.2.5.3).
 */
export function parseSchedule(raw: unknown): ScheduleResult {
  if (typeof raw === 'string') {
    const fields = raw.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      return {
        ok: false,
        problems: [
          {
            code: 'SUBSCRIPTION_BAD_SCHEDULE',
            path: '/schedule',
            message: `schedule ${JSON.stringify(raw)} must have five or six space-separated cron fields`,
          },
        ],
      };
    }
    return checkPattern(fields.length === 5 ? `0 ${fields.join(' ')}` : fields.join(' '), false, '/schedule');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        {
          code: 'SUBSCRIPTION_BAD_SCHEDULE',
          path: '/schedule',
          message:
            'schedule must be a cron string or an object {second, minute, hour, dayOfMonth, month, dayOfWeek}',
        },
      ],
    };
  }
  const obj = raw as Record<string, unknown>;
  const problems: ProblemItem[] = [];
  for (const key of Object.keys(obj)) {
    if (!SCHEDULE_FIELDS.some((f) => f.name === key)) {
      problems.push({
        code: 'SUBSCRIPTION_BAD_SCHEDULE',
        path: `/schedule/${key}`,
        message: `schedule.${key} is not a schedule field (second, minute, hour, dayOfMonth, month, dayOfWeek)`,
      });
    }
  }
  const given = (name: string) => obj[name] !== undefined;
  if (!SCHEDULE_FIELDS.some((f) => given(f.name))) {
    problems.push({
      code: 'SUBSCRIPTION_BAD_SCHEDULE',
      path: '/schedule',
      message:
        'schedule names no field; give at least one of second, minute, hour, dayOfMonth, month, dayOfWeek',
    });
  }
  // Coarseness: second < minute < hour < day (of month or of week) < month.
  const rank: Record<string, number> = {
    second: 0,
    minute: 1,
    hour: 2,
    dayOfMonth: 3,
    dayOfWeek: 3,
    month: 4,
  };
  const finest = Math.min(...SCHEDULE_FIELDS.filter((f) => given(f.name)).map((f) => rank[f.name]!));
  const out: string[] = [];
  SCHEDULE_FIELDS.forEach((f) => {
    if (!given(f.name)) {
      const finer = rank[f.name]! < finest;
      // A finer time field defaults to its first value; the day of month only when the month alone is given.
      out.push(finer && (rank[f.name]! < 3 || f.name === 'dayOfMonth') ? String(f.min) : '*');
      return;
    }
    const r = fieldToCron(f.name, obj[f.name], f.min, f.max);
    if (r.problem) problems.push(r.problem);
    else out.push(r.value!);
  });
  if (problems.length > 0) return { ok: false, problems };
  return checkPattern(out.join(' '), true, '/schedule');
}

/** The next time a schedule fires strictly after `after` (epoch ms), or null when it never fires again. */
export function nextRunAfter(schedule: ParsedSchedule, after: number): number | null {
  const next = new Cron(schedule.cron, { paused: true, domAndDow: schedule.domAndDow }).nextRun(
    new Date(after),
  );
  return next ? next.getTime() : null;
}
