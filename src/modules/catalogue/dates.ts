/** Calendar-date helpers over EPCIS event times; dates are YYYY-MM-DD strings, compared in UTC. */

const DAY_MS = 86_400_000;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * The event's calendar date in its own time zone: eventTime shifted by eventTimeZoneOffset (EPCIS 2.0
 * §7.4.1 makes the offset mandatory; the offset inside eventTime is used when it is absent). Null when
 * eventTime is not an ISO 8601 date-time.
 */
export function eventLocalDate(event: Record<string, unknown>): string | null {
  const t = event.eventTime;
  if (typeof t !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t)) return null;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return null;
  const off = event.eventTimeZoneOffset;
  const m = typeof off === 'string' ? OFFSET.exec(off) : /([+-]\d{2}:\d{2})$/.exec(t)?.[1]?.match(OFFSET);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(ms + minutes * 60_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The date `days` after `date`. */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
