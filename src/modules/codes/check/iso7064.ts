/**
 * Check-character systems of ISO/IEC 7064:2003 (adopted in China as GB/T 17710-2008), plus the two
 * Chinese weighted-sum checks built on the same idea: the 统一社会信用代码 (GB 32100-2015 §4.3,
 * modulus 31) and the 组织机构代码 (GB 11714-1997 §4, modulus 11).
 *
 * Every function here is total: bad input gives `null` / `false`, never an exception, because parsers
 * call them on anything a scanner produces.
 */

/** The ISO/IEC 7064 alphanumeric input alphabet; a character's index is its value (ISO/IEC 7064 §5.2). */
export const ISO7064_ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A pure system (ISO/IEC 7064 §7): one modulus, one radix, one or two check characters. */
export interface PureSystem {
  /** Designation as printed in the standard, e.g. `MOD 37-2`. */
  name: string;
  modulus: number;
  radix: number;
  /** Characters the protected string may contain; index = value. */
  alphabet: string;
  /** Characters a check value is written with; index = value (may hold a supplementary symbol). */
  checkAlphabet: string;
  checkLength: 1 | 2;
}

/** ISO/IEC 7064 MOD 11-2: numeric data, one check character 0–9 or X. */
export const MOD_11_2: PureSystem = {
  name: 'MOD 11-2',
  modulus: 11,
  radix: 2,
  alphabet: '0123456789',
  checkAlphabet: '0123456789X',
  checkLength: 1,
};
/** ISO/IEC 7064 MOD 37-2: alphanumeric data, one check character 0–9, A–Z or the supplementary `*`. */
export const MOD_37_2: PureSystem = {
  name: 'MOD 37-2',
  modulus: 37,
  radix: 2,
  alphabet: ISO7064_ALPHANUMERIC,
  checkAlphabet: `${ISO7064_ALPHANUMERIC}*`,
  checkLength: 1,
};
/** ISO/IEC 7064 MOD 97-10: numeric data, two check digits. */
export const MOD_97_10: PureSystem = {
  name: 'MOD 97-10',
  modulus: 97,
  radix: 10,
  alphabet: '0123456789',
  checkAlphabet: '0123456789',
  checkLength: 2,
};
/** ISO/IEC 7064 MOD 661-26: alphabetic data, two check letters. */
export const MOD_661_26: PureSystem = {
  name: 'MOD 661-26',
  modulus: 661,
  radix: 26,
  alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  checkAlphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  checkLength: 2,
};
/** ISO/IEC 7064 MOD 1271-36: alphanumeric data, two check characters from 0–9 A–Z (no supplementary symbol). */
export const MOD_1271_36: PureSystem = {
  name: 'MOD 1271-36',
  modulus: 1271,
  radix: 36,
  alphabet: ISO7064_ALPHANUMERIC,
  checkAlphabet: ISO7064_ALPHANUMERIC,
  checkLength: 2,
};

/**
 * Runs the recursive pure-system method over `data` from `start` (ISO/IEC 7064 §7.1: P ← (P + a)·r mod M).
 * Returns the running value, or -1 when a character is outside the system's alphabet. Exposed so that a
 * caller formatting many codes with a shared prefix can compute the prefix once.
 */
export function pureAccumulate(system: PureSystem, data: string, start = 0): number {
  const { modulus, radix, alphabet } = system;
  let p = start;
  for (let i = 0; i < data.length; i++) {
    const v = alphabet.indexOf(data.charAt(i));
    if (v < 0) return -1;
    p = ((p + v) * radix) % modulus;
  }
  return p;
}

/**
 * The check value for an accumulated running value (ISO/IEC 7064 §7.1): the number that makes the whole
 * protected string congruent to 1 modulo M. For two-character systems one more multiplication by r
 * makes room for the second check character.
 */
export function pureCheckValueFrom(system: PureSystem, accumulated: number): number {
  const { modulus, radix } = system;
  const p = system.checkLength === 2 ? (accumulated * radix) % modulus : accumulated;
  return (modulus + 1 - p) % modulus;
}

/** Writes a check value with the system's check alphabet (two characters: high digit first). */
export function pureCheckString(system: PureSystem, value: number): string {
  const a = system.checkAlphabet;
  if (system.checkLength === 1) return a.charAt(value);
  return a.charAt(Math.floor(value / system.radix)) + a.charAt(value % system.radix);
}

/** The check character(s) to append to `data`, or null when `data` has a character outside the alphabet. */
export function pureCheck(system: PureSystem, data: string): string | null {
  const p = pureAccumulate(system, data);
  if (p < 0) return null;
  return pureCheckString(system, pureCheckValueFrom(system, p));
}

/** True when the last `checkLength` characters of `value` are the check character(s) of the rest. */
export function isValidPure(system: PureSystem, value: string): boolean {
  if (value.length <= system.checkLength) return false;
  const data = value.slice(0, value.length - system.checkLength);
  const expected = pureCheck(system, data);
  return expected !== null && expected === value.slice(value.length - system.checkLength);
}

/** A hybrid system MOD (M+1),M (ISO/IEC 7064 §8): one check character from the data alphabet. */
export interface HybridSystem {
  name: string;
  /** M: the alphabet size; the second modulus is M + 1. */
  modulus: number;
  alphabet: string;
}

/** ISO/IEC 7064 MOD 11,10: numeric data, one check digit. */
export const MOD_11_10: HybridSystem = { name: 'MOD 11,10', modulus: 10, alphabet: '0123456789' };
/** ISO/IEC 7064 MOD 27,26: alphabetic data, one check letter. */
export const MOD_27_26: HybridSystem = {
  name: 'MOD 27,26',
  modulus: 26,
  alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
};
/**
 * ISO/IEC 7064 MOD 37,36: alphanumeric data, one check character.
 * NOTE: a hybrid system does NOT catch every adjacent transposition (for MOD 37,36, 72 of the
 * 36·36·35 state/pair combinations slip through; iso7064.test.ts counts them), which is why the
 * platform trace code uses the pure MOD 1271-36 instead (docs/codes/platform-code.md).
 */
export const MOD_37_36: HybridSystem = { name: 'MOD 37,36', modulus: 36, alphabet: ISO7064_ALPHANUMERIC };

/** One step of a hybrid system (ISO/IEC 7064 §8.1): S = (P + a) mod M (0 counts as M), P' = 2S mod (M+1). */
export function hybridStep(system: HybridSystem, p: number, value: number): number {
  const m = system.modulus;
  const s = (p + value) % m || m;
  return (s * 2) % (m + 1);
}

/** The check character to append to `data` in a hybrid system, or null on a character outside the alphabet. */
export function hybridCheck(system: HybridSystem, data: string): string | null {
  const m = system.modulus;
  let p = m;
  for (let i = 0; i < data.length; i++) {
    const v = system.alphabet.indexOf(data.charAt(i));
    if (v < 0) return null;
    p = hybridStep(system, p, v);
  }
  return system.alphabet.charAt((m + 1 - p) % m);
}

/** True when the last character of `value` is the hybrid check character of the rest. */
export function isValidHybrid(system: HybridSystem, value: string): boolean {
  if (value.length < 2) return false;
  const expected = hybridCheck(system, value.slice(0, -1));
  return expected !== null && expected === value.charAt(value.length - 1);
}

// ---------------------------------------------------------------------------------------------------
// GB 32100-2015 统一社会信用代码 and GB 11714-1997 组织机构代码
// ---------------------------------------------------------------------------------------------------

/**
 * The 31 characters of a USCC, in value order (GB 32100-2015 §4.2, Table 1): I, O, S, V and Z are never
 * used, so they cannot be confused with 1, 0, 5, U and 2.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17, 3^(i−1) mod 31 (GB 32100-2015 §4.3). */
export const USCC_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/** Value of one USCC character, or -1 when it is outside the 31-character alphabet. */
export function usccCharValue(ch: string): number {
  return ch.length === 1 ? USCC_ALPHABET.indexOf(ch) : -1;
}

/**
 * The 18th (check) character for the first 17 characters of a USCC (GB 32100-2015 §4.3:
 * C18 = 31 − (Σ Ci·Wi mod 31), where a result of 31 is written 0). Null when `first17` is not 17
 * characters of the USCC alphabet.
 */
export function computeUsccCheck(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Weights of the first eight characters of an organisation code (GB 11714-1997 §4). */
export const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The check character (9th) of a GB 11714 organisation code from its first eight characters
 * (0–9 = 0–9, A–Z = 10–35; C9 = 11 − (Σ Ci·Wi mod 11), 10 → X, 11 → 0). Null on bad input.
 */
export function computeOrgCodeCheck(first8: string): string | null {
  if (first8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ISO7064_ALPHANUMERIC.indexOf(first8.charAt(i));
    if (v < 0) return null;
    sum += v * (ORG_CODE_WEIGHTS[i] as number);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
