import { describe, expect, it } from 'vitest';
import { detonatorBalance } from './detonator-balance.js';

type Ev = Record<string, unknown>;
const ev = (step: string, hour: number, opts: { codes?: string[]; count?: number; job?: string }): Ev => ({
  type: 'ObjectEvent',
  eventTime: `2025-06-10T${String(hour).padStart(2, '0')}:00:00+08:00`,
  bizStep: `zs:BizStep-${step}`,
  epcList: (opts.codes ?? []).map((c) => `urn:zhuisu:detonator:${c}`),
  'zs:blastingJobId': opts.job ?? 'JOB-7',
  ...(opts.count !== undefined ? { 'zs:detonatorCount': opts.count } : {}),
});
const codes = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `5620302H${String(from + i).padStart(5, '0')}`);

describe('detonatorBalance', () => {
  it('balances a job whose issue equals use plus return', () => {
    const b = detonatorBalance([
      ev('explosive_issue', 7, { codes: codes(1, 10) }),
      ev('blasting_use', 10, { codes: codes(1, 8) }),
      ev('explosive_return', 17, { codes: codes(9, 2) }),
    ]);
    expect(b).toMatchObject({ jobId: 'JOB-7', issued: 10, used: 8, returned: 2, outstanding: 0, issues: [] });
  });
  it('reports detonators not returned at the end of the shift, by code', () => {
    const b = detonatorBalance([
      ev('explosive_issue', 7, { codes: codes(1, 4) }),
      ev('blasting_use', 10, { codes: codes(1, 1) }),
    ]);
    expect(b.outstanding).toBe(3);
    expect(b.issues.map((i) => i.code)).toEqual(['CATALOGUE_DETONATOR_UNRETURNED']);
    expect(b.issues[0]!.codes).toEqual(codes(2, 3));
  });
  it('does not report unreturned detonators while the shift is still on', () => {
    const b = detonatorBalance([ev('explosive_issue', 7, { count: 5 })], { shiftEnded: false });
    expect(b.issues).toEqual([]);
    expect(b.outstanding).toBe(5);
  });
  it('reports a negative balance with counts only, at the event that caused it', () => {
    const b = detonatorBalance([
      ev('explosive_issue', 7, { count: 5 }),
      ev('blasting_use', 9, { count: 4 }),
      ev('explosive_return', 12, { count: 2 }),
    ]);
    expect(b.issues).toEqual([
      expect.objectContaining({ code: 'CATALOGUE_DETONATOR_NEGATIVE_BALANCE', eventIndex: 2 }),
    ]);
    expect(b.outstanding).toBe(-1);
  });
  it('sorts by eventTime, so a use sent before its issue is not a negative balance', () => {
    const b = detonatorBalance([
      ev('blasting_use', 10, { codes: codes(1, 2) }),
      ev('explosive_issue', 7, { codes: codes(1, 2) }),
    ]);
    expect(b.issues).toEqual([]);
  });
  it('reports a code issued twice and a code returned that is not out', () => {
    const b = detonatorBalance(
      [
        ev('explosive_issue', 7, { codes: codes(1, 2) }),
        ev('explosive_issue', 8, { codes: codes(2, 1) }),
        ev('explosive_return', 9, { codes: codes(50, 1) }),
      ],
      { shiftEnded: false },
    );
    expect(b.issues.map((i) => [i.code, i.eventIndex, i.codes])).toEqual([
      ['CATALOGUE_DETONATOR_CODE', 1, codes(2, 1)],
      ['CATALOGUE_DETONATOR_CODE', 2, codes(50, 1)],
    ]);
  });
  it('leaves out events of another job and says so', () => {
    const b = detonatorBalance([
      ev('explosive_issue', 7, { count: 3 }),
      ev('blasting_use', 9, { count: 3, job: 'JOB-8' }),
    ]);
    expect(b.used).toBe(0);
    expect(b.issues.map((i) => i.code)).toEqual(['CATALOGUE_BAD_ELEMENT', 'CATALOGUE_DETONATOR_UNRETURNED']);
  });
});
