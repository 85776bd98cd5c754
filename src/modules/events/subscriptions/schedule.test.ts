import { describe, expect, it } from 'vitest';
import { nextRunAfter, parseSchedule } from './schedule.js';

const ok = (raw: unknown) => {
  const r = parseSchedule(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.schedule;
};
const problems = (raw: unknown) => {
  const r = parseSchedule(raw);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(raw)}`);
  return r.problems;
};
const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();

describe('subscription schedules', () => {
  it('reads the REST binding example {hour: "1", minute: "5"} as once a day at 01:05:00', () => {
    const s = ok({ hour: '1', minute: '5' });
    expect(s.cron).toBe('0 5 1 * * *');
    expect(nextRunAfter(s, local(2026, 3, 10, 12))).toBe(local(2026, 3, 11, 1, 5, 0));
  });

  it('reads ranges [a-b], lists and the step forms of the examples', () => {
    expect(ok({ minute: '[0-10],30', hour: '8' }).cron).toBe('0 0-10,30 8 * * *');
    expect(ok({ second: '0/30' }).cron).toBe('0-59/30 * * * * *');
    expect(ok({ dayOfWeek: '1' }).cron).toBe('0 0 0 * * 1');
    expect(ok({ month: '3' }).cron).toBe('0 0 0 1 3 *');
  });

  it('treats dayOfWeek 7 as Sunday and needs day of month and day of week to match together (EPCIS)', () => {
    const sundays = ok({ hour: 9, dayOfWeek: 7 });
    const next = new Date(nextRunAfter(sundays, local(2026, 3, 10))!);
    expect(next.getDay()).toBe(0);
    const friday13 = ok({ hour: 0, dayOfMonth: 13, dayOfWeek: 5 });
    const when = new Date(nextRunAfter(friday13, local(2026, 1, 1))!);
    expect([when.getDate(), when.getDay()]).toEqual([13, 5]);
  });

  it('takes five- and six-field cron strings', () => {
    expect(ok('*/5 * * * *').cron).toBe('0 */5 * * * *');
    expect(ok('*/2 * * * * *').cron).toBe('*/2 * * * * *');
  });

  it('names the field of a bad value, an unknown field, and a schedule that never fires', () => {
    expect(problems({ minute: '61' })[0]!.path).toBe('/schedule/minute');
    expect(problems({ hour: '[5-2]' })[0]!.message).toMatch(/upside down/);
    expect(problems({ minutes: '5' })[0]!.path).toBe('/schedule/minutes');
    expect(problems({})[0]!.message).toMatch(/names no field/);
    expect(problems({ dayOfMonth: '31', month: '2' })[0]!.message).toMatch(/never fires/);
    expect(problems('every day')[0]!.message).toMatch(/five or six/);
    expect(problems(42)[0]!.path).toBe('/schedule');
  });
});
