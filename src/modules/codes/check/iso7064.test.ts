import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeOrgCodeCheck,
  computeUsccCheck,
  hybridCheck,
  hybridStep,
  ISO7064_ALPHANUMERIC,
  isValidHybrid,
  isValidPure,
  MOD_11_2,
  MOD_11_10,
  MOD_37_2,
  MOD_37_36,
  MOD_97_10,
  MOD_1271_36,
  type PureSystem,
  pureCheck,
  USCC_ALPHABET,
  USCC_WEIGHTS,
} from './iso7064.js';

const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...ISO7064_ALPHANUMERIC), minLength: min, maxLength: max });

describe('ISO/IEC 7064 pure systems', () => {
  it('give the check characters of the published examples', () => {
    // Examples of ISO/IEC 7064 as reproduced by python-stdnum and clj-iso7064.
    expect(pureCheck(MOD_11_2, '079')).toBe('X');
    expect(pureCheck(MOD_11_2, '0794')).toBe('0');
    expect(pureCheck(MOD_37_2, 'G123498654321')).toBe('H');
    expect(pureCheck(MOD_97_10, '794')).toBe('44');
    expect(pureCheck(MOD_1271_36, 'ISO79')).toBe('3W');
    expect(isValidPure(MOD_1271_36, 'ISO793W')).toBe(true);
    expect(isValidPure(MOD_1271_36, 'ISO793X')).toBe(false);
  });

  it('answer null or false, never throw, on characters outside the alphabet', () => {
    expect(pureCheck(MOD_97_10, '79A')).toBeNull();
    expect(pureCheck(MOD_1271_36, 'iso79')).toBeNull();
    expect(isValidPure(MOD_1271_36, '')).toBe(false);
    expect(isValidPure(MOD_1271_36, '3W')).toBe(false);
  });

  for (const system of [MOD_37_2, MOD_1271_36] as PureSystem[]) {
    it(`${system.name} rejects every single substitution and every adjacent transposition`, () => {
      fc.assert(
        fc.property(alnum(1, 30), (data) => {
          const code = data + (pureCheck(system, data) as string);
          expect(isValidPure(system, code)).toBe(true);
          for (let i = 0; i < code.length; i++) {
            for (const ch of system.checkAlphabet) {
              if (ch === code[i]) continue;
              expect(isValidPure(system, code.slice(0, i) + ch + code.slice(i + 1))).toBe(false);
            }
            if (i + 1 < code.length && code[i] !== code[i + 1]) {
              const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
              expect(isValidPure(system, swapped)).toBe(false);
            }
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('ISO/IEC 7064 hybrid systems', () => {
  it('give the check characters of the published examples', () => {
    expect(hybridCheck(MOD_11_10, '79462')).toBe('3');
    expect(hybridCheck(MOD_11_10, '0794')).toBe('5');
    expect(hybridCheck(MOD_11_10, '00200667308')).toBe('5');
    expect(isValidHybrid(MOD_11_10, '002006673084')).toBe(false);
    expect(hybridCheck(MOD_37_36, 'A12425GABC1234002')).toBe('M');
  });

  it('MOD 37,36 lets some adjacent transpositions through, which is why the platform code does not use it', () => {
    // Exhaustive over every running state and every pair of distinct characters.
    let missed = 0;
    let example: [number, number, number] | null = null;
    for (let p = 1; p <= 36; p++) {
      for (let a = 0; a < 36; a++) {
        for (let b = 0; b < 36; b++) {
          if (a === b) continue;
          const ab = hybridStep(MOD_37_36, hybridStep(MOD_37_36, p, a), b);
          const ba = hybridStep(MOD_37_36, hybridStep(MOD_37_36, p, b), a);
          if (ab === ba) {
            missed++;
            example ??= [p, a, b];
          }
        }
      }
    }
    expect(missed).toBe(72);
    // Turn one missed case into two concrete valid codes that differ by one adjacent swap.
    const [target, a, b] = example as [number, number, number];
    let prefix = '';
    for (const c of ISO7064_ALPHANUMERIC) {
      if (hybridStep(MOD_37_36, 36, ISO7064_ALPHANUMERIC.indexOf(c)) === target) prefix = c;
    }
    const A = ISO7064_ALPHANUMERIC[a] as string;
    const B = ISO7064_ALPHANUMERIC[b] as string;
    const one = `${prefix}${A}${B}X`;
    const two = `${prefix}${B}${A}X`;
    expect(isValidHybrid(MOD_37_36, one + hybridCheck(MOD_37_36, one))).toBe(true);
    expect(isValidHybrid(MOD_37_36, two + hybridCheck(MOD_37_36, one))).toBe(true);
  });
});

describe('GB 32100 and GB 11714 checks', () => {
  it('use weights 3^(i-1) mod 31 over a 31-character alphabet without I O S V Z', () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    expect(USCC_ALPHABET).not.toMatch(/[IOSVZ]/);
    expect(USCC_WEIGHTS).toEqual(USCC_WEIGHTS.map((_, i) => 3 ** i % 31));
  });

  it('accept the public example codes of CHINA-TRACE-FACTS §2.1', () => {
    for (const code of [
      '914403001922038216',
      '91110108551385082Q',
      '91330100799655058B',
      '91440300708461136T',
      '91360802MA3AB12C5R',
      '93360826MA3CD45E1D',
    ]) {
      expect(computeUsccCheck(code.slice(0, 17))).toBe(code[17]);
      expect(computeOrgCodeCheck(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('find that 91350203M0001QAY9B fails its check (expected 9)', () => {
    expect(computeUsccCheck('91350203M0001QAY9')).toBe('9');
  });

  it('write a raw USCC result of 31 as 0 and organisation-code results 10 and 11 as X and 0', () => {
    // First 17 characters all zero: sum 0 → 31 − 0 = 31 → "0".
    expect(computeUsccCheck('00000000000000000')).toBe('0');
    // Sum 0 → 11 − 0 = 11 → "0"; "4…" sums to 12 → 11 − 1 = 10 → "X"; "00000005" sums to 10 → 1.
    expect(computeOrgCodeCheck('00000000')).toBe('0');
    expect(computeOrgCodeCheck('40000000')).toBe('X');
    expect(computeOrgCodeCheck('00000005')).toBe('1');
  });

  it('answer null for bad lengths and characters', () => {
    expect(computeUsccCheck('9144030019220382')).toBeNull();
    expect(computeUsccCheck('9144030019220382I')).toBeNull();
    expect(computeOrgCodeCheck('1922038')).toBeNull();
    expect(computeOrgCodeCheck('1922038*')).toBeNull();
  });
});
