/** Builders of `ParseResult` shared by the Chinese parsers and the platform trace code. */
import type { CodeError, ParseResult, Scheme } from '../types.js';

/** The project's canonical URI for a Chinese or platform code (issue 3: `urn:zhuisu:<scheme>:<value>`). */
export function zhuisuUrn(scheme: Scheme, value: string): string {
  return `urn:zhuisu:${scheme}:${value}`;
}

/**
 * A result that is valid when `errors` is empty; `canonical` is then the URN of `value`. Warnings are
 * attached only when there are some, so a clean result stays small in JSON.
 */
export function buildResult(
  input: string,
  scheme: Scheme,
  value: string,
  fields: Record<string, unknown>,
  errors: CodeError[],
  warnings: CodeError[] = [],
): ParseResult {
  const valid = errors.length === 0;
  const result: ParseResult = {
    input,
    scheme,
    valid,
    canonical: valid ? zhuisuUrn(scheme, value) : null,
    fields,
    errors,
  };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Shows one character in a message so that control and blank characters stay visible. */
export function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x21 || cp === 0x7f || (cp >= 0x80 && cp < 0xa1)) {
    return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `"${ch}"`;
}

/** Shortens a value for a message, so a 10 000-character input does not make a 10 000-character error. */
export function clip(value: string, max = 40): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

/** True when every character of `value` is an ASCII digit. */
export function isDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return value.length > 0;
}

/** Errors for each non-digit character of `value`, positions offset by `offset`, naming `what`. */
export function nonDigitErrors(value: string, offset: number, what: string): CodeError[] {
  const out: CodeError[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) {
      out.push({
        code: 'CODES_BAD_CHARSET',
        message: `${what}: ${showChar(value.charAt(i))} at character ${offset + i + 1} must be a digit`,
        position: offset + i,
      });
    }
  }
  return out;
}

/** True when year-month-day is a calendar date (proleptic Gregorian). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}
