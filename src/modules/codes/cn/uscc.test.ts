import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USCC_ALPHABET } from '../check/iso7064.js';
import { computeUsccCheck, isValidUscc, makeUscc, parseUscc } from './uscc.js';

const usccChar = fc.constantFrom(...USCC_ALPHABET);
const usccParts = fc.record({
  authority: fc.constantFrom('1', '5', '9', 'Y', 'A', 'N'),
  entityType: fc.constantFrom('1', '2', '3', '9'),
  division: fc.constantFrom('360802', '360881', '440300', '110108', '100000'),
  orgBody: fc.string({ unit: usccChar, minLength: 8, maxLength: 8 }),
});

describe('parseUscc (GB 32100-2015)', () => {
  it('reads the fields of a public example code (华为技术有限公司)', () => {
    const r = parseUscc('914403001922038216');
    expect(r).toMatchObject({
      scheme: 'uscc',
      valid: true,
      canonical: 'urn:zhuisu:uscc:914403001922038216',
      fields: {
        registrationAuthority: { code: '9' },
        entityType: { code: '1', name: '企业' },
        division: '440300',
        organisationCode: '192203821',
        organisationCodeDisplay: '19220382-1',
        checkCharacter: '6',
        organisationCodeCheckValid: true,
      },
      errors: [],
    });
    expect(r.warnings).toBeUndefined();
  });

  it('accepts the Ji’an constructed cooperative code and names its entity type', () => {
    const r = parseUscc('93360826MA3CD45E1D');
    expect(r.valid).toBe(true);
    expect(r.fields.entityType).toEqual({ code: '3', name: '农民专业合作社' });
  });

  it('rejects 91350203M0001QAY9B at position 17 with the expected character in the message', () => {
    const r = parseUscc('91350203M0001QAY9B');
    expect(r.valid).toBe(false);
    expect(r.canonical).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'CODES_USCC_BAD_CHECK', position: 17 });
    expect(r.errors[0]?.message).toContain('"9"');
  });

  it('reads lower case as upper case and keeps the input as given', () => {
    const r = parseUscc('91360802ma3ab12c5r');
    expect(r.valid).toBe(true);
    expect(r.input).toBe('91360802ma3ab12c5r');
    expect(r.canonical).toBe('urn:zhuisu:uscc:91360802MA3AB12C5R');
  });

  it('names each character outside the 31-character set, with its position and the likely intent', () => {
    const r = parseUscc('91360802MA3AB12O5R');
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'CODES_BAD_CHARSET', position: 15 })]);
    expect(r.errors[0]?.message).toContain('did you mean "0"');
  });

  it('reports a wrong length without positions', () => {
    const r = parseUscc('9144030019220382');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'CODES_BAD_LENGTH' })]);
  });

  it('rejects letters in the division part (characters 3–8)', () => {
    const first17 = '91A60802MA3AB12C5';
    const r = parseUscc(first17 + computeUsccCheck(first17));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'CODES_BAD_DIVISION', position: 2 })]);
  });

  it('only warns when the embedded GB 11714 check fails but the GB 32100 check holds', () => {
    const first17 = '91360802MA3AB12C6';
    const r = parseUscc(first17 + computeUsccCheck(first17));
    expect(r.valid).toBe(true);
    expect(r.fields.organisationCodeCheckValid).toBe(false);
    expect(r.warnings).toEqual([
      expect.objectContaining({ code: 'CODES_USCC_ORG_CODE_BAD_CHECK', position: 16 }),
    ]);
  });

  it('warns about a division with no GB/T 2260 province', () => {
    const first17 = '91990802MA3AB12C5';
    const r = parseUscc(first17 + computeUsccCheck(first17));
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'CODES_BAD_DIVISION', position: 2 })]);
  });

  it('makeUscc builds codes that parse back to their parts', () => {
    expect(makeUscc({ authority: '9', entityType: '1', division: '360802', orgBody: 'MA3AB12C' })).toBe(
      '91360802MA3AB12C5R',
    );
    fc.assert(
      fc.property(usccParts, (parts) => {
        const code = makeUscc(parts);
        const r = parseUscc(code);
        expect(r.valid).toBe(true);
        expect(r.fields.organisationCodeCheckValid).toBe(true);
        expect(r.fields.division).toBe(parts.division);
        expect((r.fields.organisationCode as string).slice(0, 8)).toBe(parts.orgBody);
        expect(isValidUscc(code)).toBe(true);
      }),
    );
  });

  it('makeUscc refuses parts that cannot form a code', () => {
    expect(() =>
      makeUscc({ authority: '9', entityType: '1', division: '36080', orgBody: 'MA3AB12C' }),
    ).toThrow(TypeError);
    expect(() =>
      makeUscc({ authority: '9', entityType: '1', division: '360802', orgBody: 'MA3AB12O' }),
    ).toThrow(TypeError);
  });

  it('rejects every single-character substitution and every adjacent transposition of a valid code', () => {
    const others = [...USCC_ALPHABET, 'I', 'O', 'S', 'V', 'Z', '-', ' '];
    fc.assert(
      fc.property(usccParts, (parts) => {
        const code = makeUscc(parts);
        for (let i = 0; i < 18; i++) {
          for (const ch of others) {
            if (ch === code[i]) continue;
            expect(parseUscc(code.slice(0, i) + ch + code.slice(i + 1)).valid).toBe(false);
          }
          if (i < 17 && code[i] !== code[i + 1]) {
            expect(parseUscc(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)).valid).toBe(false);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('never throws on bad input', () => {
    for (const bad of [
      '',
      ' ',
      '\n',
      '９１４４０３００１９２２０３８２１６',
      'x'.repeat(10_000),
      '\u0000'.repeat(18),
      '统一社会信用代码统一社会信用代码统一',
    ]) {
      const r = parseUscc(bad);
      expect(r.valid).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(e.message.length).toBeLessThan(300);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => void parseUscc(s)));
  });
});
