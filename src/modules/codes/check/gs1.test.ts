import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gs1AlphaCheckPair,
  gs1CheckDigit,
  isValidGs1AlphaCheckPair,
  isValidGs1CheckDigit,
  withGs1CheckDigit,
} from './gs1.js';

const digitString = (len: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: len, maxLength: len }).map((d) => d.join(''));
// GTIN-8/12/13/14, GLN (13), SSCC (18), GSRN (18), GSIN (17).
const gs1Key = fc
  .constantFrom(8, 12, 13, 14, 17, 18)
  .chain((len) => digitString(len - 1).map(withGs1CheckDigit));

describe('GS1 mod-10 check digit (GS1 GS §7.9.1)', () => {
  it('accepts published keys and rejects altered ones', () => {
    expect(isValidGs1CheckDigit('09506000134352')).toBe(true); // GS1 example GTIN
    expect(isValidGs1CheckDigit('4012345000054')).toBe(true); // GLN from TDS examples
    expect(isValidGs1CheckDigit('340123453111111115')).toBe(true); // SSCC
    expect(isValidGs1CheckDigit('09506000134353')).toBe(false);
    expect(gs1CheckDigit('950600013435')).toBe(2);
    expect(gs1CheckDigit('95A')).toBe(-1);
    expect(isValidGs1CheckDigit('5')).toBe(false);
  });

  it('rejects every single-digit substitution of a valid key', () => {
    fc.assert(
      fc.property(gs1Key, fc.nat(), fc.integer({ min: 1, max: 9 }), (key, p, delta) => {
        const i = p % key.length;
        const d = (Number(key[i]) + delta) % 10;
        const changed = key.slice(0, i) + d + key.slice(i + 1);
        expect(isValidGs1CheckDigit(changed)).toBe(false);
      }),
    );
  });

  it('rejects adjacent transpositions except of digits that differ by 5 (the known blind spot of mod 10)', () => {
    fc.assert(
      fc.property(gs1Key, fc.nat(), (key, p) => {
        const i = p % (key.length - 1);
        const a = Number(key[i]);
        const b = Number(key[i + 1]);
        fc.pre(a !== b);
        const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
        // Weights 3 and 1 differ by 2, so a swap changes the sum by 2(a-b): a multiple of 10 iff |a-b| = 5.
        expect(isValidGs1CheckDigit(swapped)).toBe(Math.abs(a - b) === 5);
      }),
    );
  });
});

describe('GS1 alphanumeric check pair (GMN, GS1 GS §7.9.5)', () => {
  it('matches the General Specifications example and a published GMN', () => {
    expect(gs1AlphaCheckPair('1987654Ad4X4bL5ttr2310c')).toBe('2K');
    expect(isValidGs1AlphaCheckPair('1987654Ad4X4bL5ttr2310c2K')).toBe(true);
    expect(isValidGs1AlphaCheckPair('5060917511473062B98T')).toBe(true);
    expect(isValidGs1AlphaCheckPair('1987654Ad4X4bL5ttr2310c2L')).toBe(false);
    expect(gs1AlphaCheckPair('ABC def')).toBeNull();
  });

  it('rejects every single-character substitution in the body', () => {
    const cset = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
    const body = fc.array(fc.constantFrom(...cset), { minLength: 1, maxLength: 23 }).map((a) => a.join(''));
    fc.assert(
      fc.property(body, fc.nat(), fc.constantFrom(...cset), (b, p, ch) => {
        const i = p % b.length;
        fc.pre(b[i] !== ch);
        const value = b + gs1AlphaCheckPair(b);
        expect(isValidGs1AlphaCheckPair(value)).toBe(true);
        expect(isValidGs1AlphaCheckPair(b.slice(0, i) + ch + b.slice(i + 1) + value.slice(-2))).toBe(false);
      }),
    );
  });
});
