import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidGs1CheckDigit, withGs1CheckDigit } from './check/gs1.js';
import { GS } from './gs1/element-string.js';
import { elementsToEpcUrn } from './gs1/epc-urn.js';
import { parse } from './parse.js';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('parse detects the scheme and answers the constrained canonical form', () => {
  it.each([
    ['(01)09506000134352(10)ABC1(21)X9', 'gs1-element-string', 'https://id.gs1.org/01/09506000134352/21/X9'],
    [
      `]d2010950600013435210ABC1${GS}21X9`,
      'gs1-element-string',
      'https://id.gs1.org/01/09506000134352/21/X9',
    ],
    ['0109506000134352', 'gtin', 'https://id.gs1.org/01/09506000134352'], // one key AI: reported as that key,
    [
      'https://example.com/01/9506000134352/10/L1?17=290331',
      'gs1-digital-link',
      'https://id.gs1.org/01/09506000134352/10/L1',
    ],
    [
      'https://id.gs1.org/gtin/09506000134352/ser/S1',
      'gs1-digital-link',
      'https://id.gs1.org/01/09506000134352/21/S1',
    ],
    [
      'urn:epc:class:lgtin:4012345.012345.Lot987',
      'epc-urn',
      'https://id.gs1.org/01/04012345123456/10/Lot987',
    ],
    ['urn:epc:idpat:sgtin:4012345.012345.*', 'epc-urn', 'https://id.gs1.org/01/04012345123456'],
    ['09506000134352', 'gtin', 'https://id.gs1.org/01/09506000134352'],
    ['6901234567892', 'gtin', 'https://id.gs1.org/01/06901234567892'], // bare 13 digits: GTIN-13, not GLN
    ['96385074', 'gtin', 'https://id.gs1.org/01/00000096385074'],
    ['036000291452', 'gtin', 'https://id.gs1.org/01/00036000291452'],
    ['340123453111111115', 'sscc', 'https://id.gs1.org/00/340123453111111115'],
    ['(00)340123453111111115', 'sscc', 'https://id.gs1.org/00/340123453111111115'],
    ['gln:4012345000054', 'gln', 'https://id.gs1.org/414/4012345000054'],
    ['(414)4012345000054', 'gln', 'https://id.gs1.org/414/4012345000054'],
  ])('%s → %s', (input, scheme, canonical) => {
    const r = parse(input);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ input, scheme, valid: true, canonical });
    expect(r.fields.ai).toBeTypeOf('object');
  });

  it('fields.ai maps every AI to its value', () => {
    expect(parse('(01)09506000134352(10)ABC1(21)X9').fields.ai).toEqual({
      '01': '09506000134352',
      '10': 'ABC1',
      '21': 'X9',
    });
  });

  it.each([
    ['09506000134353', 'gtin', 'CODES_BAD_CHECK_DIGIT', 13],
    ['(01)09506000134352(17)291399', 'gs1-element-string', 'CODES_BAD_DATE', 24],
    ['(01)09506000134352(99)X(7777)1', 'gs1-element-string', 'CODES_UNKNOWN_AI', 24],
    ['https://id.gs1.org/01/09506000134352/21/S/10/L', 'gs1-digital-link', 'CODES_DL_QUALIFIER_ORDER', 40],
    ['https://id.gs1.org/01/09506000134352/17/290331', 'gs1-digital-link', 'CODES_DL_NOT_QUALIFIER', 40],
    ['urn:epc:id:sgtin:0614141.81234.6789', 'epc-urn', 'CODES_EPC_BAD_URN', 0],
    ['(10)ABC1', 'gs1-element-string', 'CODES_MISSING_REQUIRED_AI', 4],
  ])('%s is invalid: %s %s at %i', (input, scheme, code, position) => {
    const r = parse(input);
    expect(r).toMatchObject({ scheme, valid: false, canonical: null });
    expect(r.errors.find((e) => e.code === code)?.position).toBe(position);
  });
});

describe('bad input gets a definite answer, never an exception', () => {
  it.each([
    ['', 'CODES_EMPTY'],
    ['   \r\n\t ', 'CODES_EMPTY'],
    ['x'.repeat(10_000), 'CODES_TOO_LONG'],
    ['Hello World!', 'CODES_UNRECOGNISED'],
    ['42', 'CODES_UNRECOGNISED'],
    ['http://example.de/abc/9780345418913', 'CODES_DL_NO_KEY'],
    ['https://id.gs1.org/01/0950600013435%ZZ', 'CODES_BAD_PERCENT_ENCODING'],
    ['urn:epc:id:nope:1', 'CODES_EPC_BAD_URN'],
  ])('%j → %s', (input, code) => {
    const r = parse(input);
    expect(r.valid).toBe(false);
    expect(r.canonical).toBeNull();
    expect(r.errors.map((e) => e.code)).toContain(code);
  });

  it.each([
    ['full-width digits', '０９５０６０００１３４３５２', 'https://id.gs1.org/01/09506000134352'],
    [
      'IME brackets',
      '（０１）０９５０６０００１３４３５２（２１）Ｘ９',
      'https://id.gs1.org/01/09506000134352/21/X9',
    ],
    ['scanner line breaks', '\r\n(01)09506000134352\r\n', 'https://id.gs1.org/01/09506000134352'],
    ['control characters', '\x0209506000134352\x03', 'https://id.gs1.org/01/09506000134352'],
    [
      'upper-case scheme and host',
      'HTTPS://ID.GS1.ORG/01/09506000134352',
      'https://id.gs1.org/01/09506000134352',
    ],
    [
      'upper-case URN',
      'URN:EPC:ID:SGTIN:0614141.812345.6789',
      'https://id.gs1.org/01/80614141123458/21/6789',
    ],
    [
      'percent-encoded value',
      'https://id.gs1.org/01/09506000134352/21/A%2FB',
      'https://id.gs1.org/01/09506000134352/21/A%2FB',
    ],
    [
      'percent-encoded URI',
      'https%3A%2F%2Fid.gs1.org%2F01%2F09506000134352',
      'https://id.gs1.org/01/09506000134352',
    ],
    [
      'ideographic full stops',
      'https://id。gs1。org/01/09506000134352',
      'https://id.gs1.org/01/09506000134352',
    ],
    ['zero-width space and BOM', '\uFEFF09506000134352\u200B', 'https://id.gs1.org/01/09506000134352'],
  ])('%s is normalised', (_what, input, canonical) => {
    const r = parse(input);
    expect(r.errors).toEqual([]);
    expect(r.canonical).toBe(canonical);
    expect(r.input).toBe(input);
  });

  it('maps error positions back to the raw input', () => {
    const r = parse('  \x0209506000134353');
    expect(r.errors[0]).toMatchObject({ code: 'CODES_BAD_CHECK_DIGIT', position: 16 });
  });

  it('answers a 10 000-character input quickly', () => {
    const started = performance.now();
    for (const ch of ['0', 'A', '(', '/']) parse(`https://id.gs1.org/${ch.repeat(10_000)}`);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: fc.constantFrom(...'0123456789()%/:.?=&\x1d（）０１ A'), maxLength: 60 }),
          fc.string({ maxLength: 40 }).map((s) => `https://id.gs1.org/01/09506000134352${s}`),
          fc.string({ maxLength: 40 }).map((s) => `(01)09506000134352${s}`),
          fc.string({ maxLength: 40 }).map((s) => `urn:epc:id:sgtin:${s}`),
        ),
        (s) => {
          const r = parse(s);
          expect(typeof r.valid).toBe('boolean');
          if (r.valid) expect(r.errors).toEqual([]);
          else expect(r.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("the platform's own URIs read back", () => {
  it('urn:zhuisu:<scheme>:<code> parses as the code it names, in any case', () => {
    for (const code of ['80000280000000000001', '5360901A00001', '311010890201900002']) {
      const direct = parse(code);
      expect(direct.valid).toBe(true);
      for (const uri of [direct.canonical!, direct.canonical!.toUpperCase()]) {
        const back = parse(uri);
        expect(back).toMatchObject({
          input: uri,
          scheme: direct.scheme,
          valid: true,
          canonical: direct.canonical,
        });
      }
    }
  });

  it('refuses a platform URI that names no valid code, or names it under another scheme', () => {
    for (const uri of [
      'urn:zhuisu:drug-trace-code:12345',
      'urn:zhuisu:detonator-code:80000280000000000001',
      'urn:zhuisu:',
      'urn:zhuisu:drug-trace-code:',
    ]) {
      const r = parse(uri);
      expect(r.valid).toBe(false);
      expect(r.errors[0]?.code).toBe('CODES_UNRECOGNISED');
    }
  });
});

describe('parse(format(x)) = x', () => {
  it('GTIN-8/12/13/14', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(8, 12, 13, 14).chain((n) => digits(n - 1)),
        (body) => {
          const gtin = withGs1CheckDigit(body);
          fc.pre(body.length !== 12 || !/^\d{7}[0-9A-Za-z]\d{5}$/.test(gtin) || isValidGs1CheckDigit(gtin));
          const r = parse(gtin);
          expect(r.scheme).toBe('gtin');
          expect(r.fields.ai).toEqual({ '01': gtin.padStart(14, '0') });
          expect(r.canonical).toBe(`https://id.gs1.org/01/${gtin.padStart(14, '0')}`);
        },
      ),
    );
  });

  it('SSCC', () => {
    fc.assert(
      fc.property(digits(17), (body) => {
        const sscc = withGs1CheckDigit(body);
        const r = parse(sscc);
        expect(r).toMatchObject({ scheme: 'sscc', valid: true, fields: { ai: { '00': sscc } } });
      }),
    );
  });

  it('SGTIN: element string, Digital Link and EPC URI of the same item agree', () => {
    const serialChar = fc.constantFrom(...'ABCxyz0189-._!\'()*+,:;="%&/<>?');
    fc.assert(
      fc.property(digits(13), fc.array(serialChar, { minLength: 1, maxLength: 20 }), (body, s) => {
        const gtin = withGs1CheckDigit(body);
        const serial = s.join('');
        const es = parse(`(01)${gtin}(21)${serial.replace(/\(/g, '\\(')}`);
        expect(es.valid, JSON.stringify(es.errors)).toBe(true);
        expect(es.fields.ai).toEqual({ '01': gtin, '21': serial });
        const dl = parse(es.canonical as string);
        expect(dl.fields.ai).toEqual({ '01': gtin, '21': serial });
        expect(dl.canonical).toBe(es.canonical);
        const urn = elementsToEpcUrn(
          [
            { ai: '01', value: gtin },
            { ai: '21', value: serial },
          ],
          { gcpLength: 7 },
        ).value;
        const epc = parse(urn as string);
        expect(epc.fields.ai).toEqual({ '01': gtin, '21': serial });
        expect(epc.canonical).toBe(es.canonical);
      }),
    );
  });
});
