import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidGs1CheckDigit, withGs1CheckDigit } from '../check/gs1.js';
import { computeUsccCheck } from '../check/iso7064.js';
import { formatPlatformCode } from '../platform/platform-code.js';
import { parseChinese } from './index.js';

const schemeOf = (s: string) => parseChinese(s)?.scheme ?? null;

describe('parseChinese picks the scheme by shape', () => {
  it('recognises one example of every scheme', () => {
    const platform = formatPlatformCode({ category: 'drug', level: 'unit', org: 42, serial: 7 });
    expect(schemeOf(platform)).toBe('platform-code');
    expect(schemeOf(`https://zs.example.cn/q/${platform}`)).toBe('platform-code');
    expect(schemeOf('91360802MA3AB12C5R')).toBe('uscc');
    expect(schemeOf('83857930000879766660')).toBe('drug-trace-code');
    expect(schemeOf('10800051001000000000000000000001')).toBe('pesticide-code');
    expect(schemeOf('https://example.cn/p/10800051001000000000000000000001')).toBe('pesticide-code');
    expect(schemeOf('202403151234500000000001')).toBe('vet-drug-code');
    expect(schemeOf('5620302H00001')).toBe('detonator-code');
    expect(schemeOf('311010890201900098')).toBe('equipment-code');
    expect(schemeOf('21603101012006010101')).toBe('equipment-code');
    expect(schemeOf('梯11赣D00001(19)')).toBe('equipment-code');
  });

  it('returns null for shapes it does not own', () => {
    for (const s of ['', 'hello', '09506000134352', '12345', '国药准字H20000001', 'x'.repeat(10_000)]) {
      expect(parseChinese(s)).toBeNull();
    }
  });

  it('leaves an 18-digit string with a valid GS1 check to the SSCC parser, even when its USCC check also holds', () => {
    // Search a digit-only string that satisfies both checks, to pin the precedence down.
    let both: string | null = null;
    for (let n = 0; both === null; n++) {
      const body = withGs1CheckDigit(`3${String(n).padStart(16, '0')}`);
      if (computeUsccCheck(body.slice(0, 17)) === body[17]) both = body;
    }
    expect(isValidGs1CheckDigit(both)).toBe(true);
    expect(parseChinese(both)).toBeNull();
    expect(parseChinese(withGs1CheckDigit('10614141000000001'))).toBeNull();
  });

  it('reads an all-digit 18-character string failing the GS1 check as a USCC when its GB 32100 check holds', () => {
    const r = parseChinese('914403001922038216');
    expect(isValidGs1CheckDigit('914403001922038216')).toBe(false);
    expect(r?.scheme).toBe('uscc');
    expect(r?.valid).toBe(true);
  });

  it('reads an 18-character string failing both checks as a special-equipment 设备代码 when it has that shape, else as an invalid USCC', () => {
    expect(parseChinese('311010890201900098')?.fields.kind).toBe('device');
    const typo = parseChinese('914403001922038217');
    expect(typo?.scheme).toBe('uscc');
    expect(typo?.errors[0]?.code).toBe('CODES_USCC_BAD_CHECK');
  });

  it('leaves a 13-digit string with a valid GS1 check to the GTIN parser; otherwise reads a GA 441 detonator code', () => {
    expect(parseChinese(withGs1CheckDigit('562030210000'))).toBeNull();
    const notGtin = `562030210000${(Number(withGs1CheckDigit('562030210000').slice(-1)) + 1) % 10}`;
    expect(schemeOf(notGtin)).toBe('detonator-code');
  });

  it('reads 20 digits starting with 8 as a drug code, a legacy 注册代码 shape as equipment, anything else as a drug code', () => {
    expect(schemeOf('80013608022018060001')).toBe('drug-trace-code');
    expect(parseChinese('31103608022018060001')?.fields.kind).toBe('register');
    expect(parseChinese('12345678901234567890')?.scheme).toBe('drug-trace-code');
    expect(parseChinese('8001360802201806A001')?.fields.kind).toBe('register');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdef/:.?q'), maxLength: 40 }),
        ),
        (s) => {
          const r = parseChinese(s);
          if (r !== null) expect(r.valid).toBe(r.errors.length === 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
