/**
 * GS1 check characters: the mod-10 check digit of every numeric GS1 key (GS1 General Specifications
 * §7.9.1) and the alphanumeric check-character pair of the GMN (AI 8013) and MUDI (AI 8014)
 * (GS1 General Specifications §7.9.5, linter `csumalpha` of the GS1 Barcode Syntax Dictionary).
 */

/**
 * Computes the GS1 mod-10 check digit for `digits` (the key without its check digit).
 * Weights 3,1,3,1… are applied from the rightmost digit (GS1 General Specifications §7.9.1), so the
 * same function serves GTIN-8/12/13/14, GLN, SSCC, GSIN, GRAI, GDTI, GCN, GSRN and ITIP.
 * Returns -1 when `digits` contains a non-digit.
 */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    sum += d * weight;
    weight = weight === 3 ? 1 : 3;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `value` is all digits, at least two long, and its last digit is the GS1 mod-10 check digit. */
export function isValidGs1CheckDigit(value: string): boolean {
  if (value.length < 2) return false;
  const last = value.charCodeAt(value.length - 1) - 48;
  return last >= 0 && last <= 9 && gs1CheckDigit(value.slice(0, -1)) === last;
}

/** Appends the GS1 mod-10 check digit to `digits`; throws on a non-digit (a programming error). */
export function withGs1CheckDigit(digits: string): string {
  const cd = gs1CheckDigit(digits);
  if (cd < 0) throw new TypeError(`withGs1CheckDigit: "${digits}" is not all digits`);
  return digits + cd;
}

/** GS1 AI encodable character set 82, in the order that gives each character its value (GS1 GS §7.11, Figure 7.11-1). */
export const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** The 32 characters that carry the GMN check pair (GS1 GS §7.9.5, Figure 7.11-3 "CSET 32"). */
export const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Prime weights used right-to-left by the alphanumeric check pair (GS1 GS §7.9.5). */
const ALPHA_WEIGHTS = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
];

/**
 * Computes the two check characters of a GMN/MUDI for `body` (the value without its last two
 * characters): sum of CSET 82 values times prime weights from the right, modulo 1021, written as two
 * CSET 32 characters (GS1 General Specifications §7.9.5). Returns null when `body` is longer than 23
 * characters or contains a character outside CSET 82.
 */
export function gs1AlphaCheckPair(body: string): string | null {
  if (body.length > ALPHA_WEIGHTS.length) return null;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const v = CSET82.indexOf(body.charAt(body.length - 1 - i));
    if (v < 0) return null;
    sum += v * (ALPHA_WEIGHTS[i] as number);
  }
  const check = sum % 1021;
  return CSET32.charAt(check >> 5) + CSET32.charAt(check & 31);
}

/** True when the last two characters of `value` are its GS1 alphanumeric check pair (GMN, MUDI). */
export function isValidGs1AlphaCheckPair(value: string): boolean {
  if (value.length < 3) return false;
  return gs1AlphaCheckPair(value.slice(0, -2)) === value.slice(-2);
}
