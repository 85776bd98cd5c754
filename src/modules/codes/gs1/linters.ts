/**
 * The content checks ("linters") named by the GS1 Barcode Syntax Dictionary, each applied to one
 * component of an AI's data. They follow the reference procedures of the GS1 Barcode Syntax Tests
 * (ref.gs1.org/tools/gs1-barcode-syntax-resource/syntax-tests) and the rules of the GS1 General
 * Specifications cited beside each one.
 */
import { isValidGs1AlphaCheckPair, isValidGs1CheckDigit } from '../check/gs1.js';
import { ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC } from './iso-codes.js';

/** A failed check: stable error code, what is wrong, and the offset inside the component. */
export interface LintFailure {
  code: string;
  message: string;
  offset: number;
}

/** A linter returns null when the component passes. */
export type Linter = (value: string) => LintFailure | null;

const fail = (code: string, message: string, offset = 0): LintFailure => ({ code, message, offset });

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(value: string, at: number): number {
  const a = value.charCodeAt(at) - 48;
  const b = value.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

// GS1 GS §7.12: a six-digit date YYMMDD; the century is resolved by a sliding window, which never
// changes whether YY is a leap year for YY = 00 (2000 is a leap year), so YY % 4 decides 29 February.
function checkYymmdd(value: string, allowZeroDay: boolean): LintFailure | null {
  const yy = twoDigits(value, 0);
  const mm = twoDigits(value, 2);
  const dd = twoDigits(value, 4);
  if (value.length !== 6 || yy < 0 || mm < 0 || dd < 0)
    return fail('CODES_BAD_DATE', `"${value}" is not YYMMDD`);
  if (mm < 1 || mm > 12) return fail('CODES_BAD_DATE', `month ${value.slice(2, 4)} is not 01–12`, 2);
  if (dd === 0) {
    return allowZeroDay ? null : fail('CODES_BAD_DATE', 'day 00 is not allowed here', 4);
  }
  const max = mm === 2 && yy % 4 !== 0 ? 28 : (DAYS[mm - 1] as number);
  if (dd > max) return fail('CODES_BAD_DATE', `day ${value.slice(4, 6)} does not exist in month ${mm}`, 4);
  return null;
}

function checkYyyymmdd(value: string): LintFailure | null {
  const year = Number(value.slice(0, 4));
  const mm = twoDigits(value, 4);
  const dd = twoDigits(value, 6);
  if (value.length !== 8 || !/^\d{4}$/.test(value.slice(0, 4)) || mm < 0 || dd < 0) {
    return fail('CODES_BAD_DATE', `"${value}" is not YYYYMMDD`);
  }
  if (mm < 1 || mm > 12) return fail('CODES_BAD_DATE', `month ${value.slice(4, 6)} is not 01–12`, 4);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = mm === 2 && !leap ? 28 : (DAYS[mm - 1] as number);
  if (dd < 1 || dd > max)
    return fail('CODES_BAD_DATE', `day ${value.slice(6, 8)} does not exist in ${year}-${mm}`, 6);
  return null;
}

function range(value: string, lo: number, hi: number, what: string): LintFailure | null {
  const n = twoDigits(value, 0);
  if (value.length !== 2 || n < lo || n > hi)
    return fail('CODES_BAD_DATE', `${what} "${value}" is not ${lo}–${hi}`);
  return null;
}

// A GS1 Company Prefix is at least 4 digits long (GS1 GS §1.4.4: GCPs of 4–12 digits). Without the
// GCP length table the check can only ask that the key starts with that many digits.
function gcpAt(start: number): Linter {
  return (value) => {
    for (let i = start; i < start + 4; i++) {
      const c = value.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) {
        return fail('CODES_BAD_VALUE', 'a GS1 Company Prefix (at least 4 digits) must start here', start);
      }
    }
    return null;
  };
}

function oneOf(allowed: ReadonlySet<string>, what: string): Linter {
  return (value) => (allowed.has(value) ? null : fail('CODES_BAD_VALUE', `"${value}" is not ${what}`));
}

// ISO 13616 IBAN: country, two check digits, BBAN; letters count A=10 … Z=35; the number mod 97 is 1.
function checkIban(value: string): LintFailure | null {
  if (!/^[A-Z]{2}\d{2}[0-9A-Za-z]{1,30}$/.test(value))
    return fail('CODES_BAD_VALUE', `"${value}" is not an IBAN`);
  if (!ISO3166_ALPHA2.has(value.slice(0, 2))) {
    return fail('CODES_BAD_VALUE', `"${value.slice(0, 2)}" is not an ISO 3166 country code`);
  }
  const rearranged = (value.slice(4) + value.slice(0, 4)).toUpperCase();
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = (v > 9 ? rem * 100 + v : rem * 10 + v) % 97;
  }
  return rem === 1 ? null : fail('CODES_BAD_CHECK_DIGIT', `IBAN "${value}" fails its mod-97 check`, 2);
}

/**
 * Every linter the dictionary names. `couponcode`, `couponposoffer` (North American coupon data,
 * AIs 8110/8112) and `packagetype` (UN/ECE Recommendation 21 code list, AI 7041) are listed in
 * UNCHECKED_LINTERS instead: their rule tables are not part of this project yet, so those AIs get
 * charset and length checks only.
 */
export const LINTERS: Readonly<Record<string, Linter>> = {
  // GS1 GS §7.9.1 mod-10 check digit over the whole component.
  csum: (v) =>
    isValidGs1CheckDigit(v)
      ? null
      : fail('CODES_BAD_CHECK_DIGIT', `check digit of "${v}" is wrong`, v.length - 1),
  // GS1 GS §7.9.5 check-character pair (GMN, MUDI).
  csumalpha: (v) =>
    isValidGs1AlphaCheckPair(v)
      ? null
      : fail('CODES_BAD_CHECK_DIGIT', `check pair of "${v}" is wrong`, v.length - 2),
  gcppos1: gcpAt(0),
  gcppos2: gcpAt(1),
  yymmdd: (v) => checkYymmdd(v, false),
  yymmd0: (v) => checkYymmdd(v, true),
  yyyymmdd: checkYyyymmdd,
  hh: (v) => range(v, 0, 23, 'hour'),
  mi: (v) => range(v, 0, 59, 'minute'),
  ss: (v) => range(v, 0, 59, 'second'),
  hhmi: (v) => range(v.slice(0, 2), 0, 23, 'hour') ?? shift(range(v.slice(2), 0, 59, 'minute'), 2),
  iso3166: oneOf(ISO3166_NUMERIC, 'an ISO 3166-1 numeric country code'),
  iso3166999: (v) =>
    v === '999' ? null : oneOf(ISO3166_NUMERIC, 'an ISO 3166-1 numeric country code or 999')(v),
  iso3166alpha2: oneOf(ISO3166_ALPHA2, 'an ISO 3166-1 alpha-2 country code'),
  iso4217: oneOf(ISO4217_NUMERIC, 'an ISO 4217 numeric currency code'),
  // ISO/IEC 5218 sex codes.
  iso5218: oneOf(new Set(['0', '1', '2', '9']), 'an ISO/IEC 5218 code (0, 1, 2, 9)'),
  yesno: oneOf(new Set(['0', '1']), '0 or 1'),
  zero: oneOf(new Set(['0']), '0'),
  hyphen: oneOf(new Set(['-']), 'a hyphen'),
  // AI 8001 winding direction: 0 face out, 1 face in, 9 undefined (GS1 GS §3.9.1).
  winding: oneOf(new Set(['0', '1', '9']), 'a winding direction (0, 1, 9)'),
  nonzero: (v) => (/^0+$/.test(v) ? fail('CODES_BAD_VALUE', `"${v}" must not be zero`) : null),
  nozeroprefix: (v) =>
    v.length > 1 && v.startsWith('0') ? fail('CODES_BAD_VALUE', `"${v}" must not start with 0`) : null,
  hasnondigit: (v) => (/^\d*$/.test(v) ? fail('CODES_BAD_VALUE', `"${v}" must contain a non-digit`) : null),
  // Piece number and total count, each 01–99, piece ≤ total (AI 8006/8026, GS1 GS §3.9.6).
  pieceoftotal: (v) => {
    const piece = twoDigits(v, 0);
    const total = twoDigits(v, 2);
    if (piece < 1 || total < 1) return fail('CODES_BAD_VALUE', `piece/total "${v}" must both be 01–99`);
    return piece > total ? fail('CODES_BAD_VALUE', `piece ${piece} is greater than total ${total}`) : null;
  },
  // Birth sequence "n/m" (AI 7258): both 1–9 and n ≤ m.
  posinseqslash: (v) => {
    const m = /^([1-9])\/([1-9])$/.exec(v);
    if (!m || Number(m[1]) > Number(m[2]))
      return fail('CODES_BAD_VALUE', `"${v}" is not a position n/m with n ≤ m`);
    return null;
  },
  // AI 4309: latitude ×10^7 + 90° (0–1 800 000 000), longitude ×10^7 + 180° (0–3 599 999 999).
  latitude: (v) =>
    Number(v) <= 1_800_000_000 ? null : fail('CODES_BAD_VALUE', `latitude "${v}" is out of range`),
  longitude: (v) =>
    Number(v) <= 3_599_999_999 ? null : fail('CODES_BAD_VALUE', `longitude "${v}" is out of range`),
  // AI 7241 AIDC media type: 01–10 assigned by GS1, 80–99 company internal (GS1 GS, definition of AI 7241).
  mediatype: (v) => {
    const n = twoDigits(v, 0);
    return (n >= 1 && n <= 10) || (n >= 80 && n <= 99)
      ? null
      : fail('CODES_BAD_VALUE', `"${v}" is not a media type`);
  },
  // AI 7040 importer index: one of - 0-9 A-Z _ a-z.
  importeridx: (v) =>
    /^[-0-9A-Z_a-z]$/.test(v) ? null : fail('CODES_BAD_VALUE', `"${v}" is not an importer index`),
  // Data that a Digital Link will percent-encode must already be valid percent-encoding (AIs 4300…).
  pcenc: (v) => {
    const at = v.search(/%(?![0-9A-Fa-f]{2})/);
    return at < 0
      ? null
      : fail('CODES_BAD_PERCENT_ENCODING', `"%" at ${at} is not followed by two hex digits`, at);
  },
  iban: checkIban,
};

/** Linters the dictionary names whose rule tables are not implemented (see LINTERS). */
export const UNCHECKED_LINTERS: ReadonlySet<string> = new Set([
  'couponcode',
  'couponposoffer',
  'packagetype',
]);

function shift(f: LintFailure | null, by: number): LintFailure | null {
  return f ? { ...f, offset: f.offset + by } : null;
}
