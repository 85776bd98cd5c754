import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withGs1CheckDigit } from '../check/gs1.js';
import { aiMap, formatElementString, GS, parseElementString } from './element-string.js';

describe('element strings (GS1 GS §5.1.2, §7.8.5)', () => {
  it('reads the bracketed human-readable form', () => {
    const r = parseElementString('(01)09506000134352(10)ABC1(21)X9');
    expect(r.errors).toEqual([]);
    expect(aiMap(r.elements)).toEqual({ '01': '09506000134352', '10': 'ABC1', '21': 'X9' });
    expect(r.bracketed).toBe(true);
  });

  it('reads raw data with GS separators after a symbology identifier', () => {
    const r = parseElementString(`]d20109506000134352172903311010ABC${GS}21X9`);
    expect(r.errors).toEqual([]);
    expect(r.symbologyId).toBe(']d2');
    expect(aiMap(r.elements)).toEqual({ '01': '09506000134352', '17': '290331', '10': '10ABC', '21': 'X9' });
  });

  it('tolerates layout spaces and escaped brackets in the bracketed form', () => {
    const r = parseElementString('(01) 09506000134352 (10) A\\(B)');
    expect(aiMap(r.elements)).toEqual({ '01': '09506000134352', '10': 'A(B)' });
  });

  it.each([
    ['(01)09506000134353', 'CODES_BAD_CHECK_DIGIT', 17],
    ['(01)09506000134352(17)291301', 'CODES_BAD_DATE', 24],
    ['(01)09506000134352(99)', 'CODES_BAD_LENGTH', 22],
    ['(01)0950600013435', 'CODES_BAD_LENGTH', 4],
    ['(49)991234567890', 'CODES_UNKNOWN_AI', 1],
    ['49991234567890', 'CODES_UNKNOWN_AI', 0],
    [`0109506000134352${GS}4999`, 'CODES_UNKNOWN_AI', 17],
    ['(10)ABC', 'CODES_MISSING_REQUIRED_AI', 4],
    ['(01)09506000134352(02)09506000134352', 'CODES_EXCLUSIVE_AI', 22],
    ['(01)09506000134352(21)A(21)B', 'CODES_DUPLICATE_AI', 27],
    [']E0123', 'CODES_BAD_SYNTAX', 0],
    ['(01', 'CODES_BAD_SYNTAX', 0],
  ])('%j → %s at %i', (text, code, position) => {
    const err = parseElementString(text).errors.find((e) => e.code === code);
    expect(err, JSON.stringify(parseElementString(text).errors)).toBeDefined();
    expect(err?.position).toBe(position);
  });

  it('writes GS only after AIs that are not of predefined length, and never at the end', () => {
    const els = [
      { ai: '01', value: '09506000134352' },
      { ai: '10', value: 'L1' },
      { ai: '17', value: '290331' },
      { ai: '21', value: 'S' },
    ];
    expect(formatElementString(els)).toBe(`0109506000134352` + `10L1${GS}17290331` + `21S`);
    expect(formatElementString(els, { brackets: true })).toBe('(01)09506000134352(10)L1(17)290331(21)S');
  });

  it('parse(format(x)) = x for generated GTIN + lot + expiry + serial, raw and bracketed', () => {
    const x = fc.constantFrom(...'ABCDEFGHJKxyz0123456789-./_');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 13 }),
        fc.array(x, { minLength: 1, maxLength: 20 }),
        fc.array(x, { minLength: 1, maxLength: 20 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2049-12-31'), noInvalidDate: true }),
        (digits, lot, serial, date) => {
          const yymmdd = date.toISOString().slice(2, 10).replace(/-/g, '');
          const els = [
            { ai: '01', value: withGs1CheckDigit(digits.join('')) },
            { ai: '10', value: lot.join('') },
            { ai: '17', value: yymmdd },
            { ai: '21', value: serial.join('') },
          ];
          for (const brackets of [false, true]) {
            const r = parseElementString(formatElementString(els, { brackets }));
            expect(r.errors).toEqual([]);
            expect(r.elements.map(({ ai, value }) => ({ ai, value }))).toEqual(els);
          }
        },
      ),
    );
  });
});
