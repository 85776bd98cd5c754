import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import { ISO7064_ALPHANUMERIC, isValidPure, MOD_1271_36 } from '../check/iso7064.js';
import {
  CATEGORY_LETTERS,
  formatPlatformCode,
  formatPlatformCodeRange,
  LEVEL_LETTERS,
  MAX_ORG,
  MAX_SERIAL,
  type PlatformCategory,
  type PlatformCodeParts,
  type PlatformLevel,
  parsePlatformCode,
  platformCodeUrl,
  writePlatformCodeLines,
} from './platform-code.js';

const parts: fc.Arbitrary<PlatformCodeParts> = fc.record({
  category: fc.constantFrom(...(Object.keys(CATEGORY_LETTERS) as PlatformCategory[])),
  level: fc.constantFrom(...(Object.keys(LEVEL_LETTERS) as PlatformLevel[])),
  org: fc.integer({ min: 0, max: MAX_ORG }),
  serial: fc.integer({ min: 0, max: MAX_SERIAL }),
});

describe('platform trace code', () => {
  it('is 17 URL-safe characters that fit QR alphanumeric mode, with a valid MOD 1271-36 pair', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const code = formatPlatformCode(p);
        expect(code).toMatch(/^[AFDNTW][UBL][0-9A-Z]{15}$/);
        expect(encodeURIComponent(code)).toBe(code);
        expect(isValidPure(MOD_1271_36, code)).toBe(true);
      }),
    );
  });

  it('parses back to the parts it was formatted from: parse(format(x)) = x', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const r = parsePlatformCode(formatPlatformCode(p));
        expect(r?.valid).toBe(true);
        const { category, level, org, serial } = r?.fields ?? {};
        expect({ category, level, org, serial }).toEqual(p);
        expect(r?.canonical).toBe(`urn:zhuisu:platform-code:${formatPlatformCode(p)}`);
      }),
    );
  });

  it('rejects every single-character substitution and every adjacent transposition', () => {
    const others = [...ISO7064_ALPHANUMERIC, '-', '*', '_'];
    fc.assert(
      fc.property(parts, (p) => {
        const code = formatPlatformCode(p);
        for (let i = 0; i < code.length; i++) {
          for (const ch of others) {
            if (ch === code[i]) continue;
            const r = parsePlatformCode(code.slice(0, i) + ch + code.slice(i + 1));
            expect(r === null || r.valid === false).toBe(true);
          }
          if (i + 1 < code.length && code[i] !== code[i + 1]) {
            const r = parsePlatformCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2));
            expect(r === null || r.valid === false).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is reached as <base>/q/<code>, in lower or upper case, and checks the base when told it', () => {
    const code = formatPlatformCode({ category: 'edible-agricultural', level: 'batch', org: 1, serial: 2 });
    const url = platformCodeUrl(code, 'https://zs.jian.example/');
    expect(url).toBe(`https://zs.jian.example/q/${code}`);
    expect(parsePlatformCode(url, { baseUrl: 'https://zs.jian.example' })?.valid).toBe(true);
    expect(parsePlatformCode(url.toUpperCase(), { baseUrl: 'https://zs.jian.example' })?.canonical).toBe(
      `urn:zhuisu:platform-code:${code}`,
    );
    expect(parsePlatformCode(`${url}?from=label#top`)?.valid).toBe(true);
    const foreign = parsePlatformCode(`https://evil.example/q/${code}`, {
      baseUrl: 'https://zs.jian.example',
    });
    expect(foreign?.valid).toBe(false);
    expect(foreign?.errors[0]?.code).toBe('CODES_PLATFORM_FOREIGN_BASE');
  });

  it('reports positions inside the URL form', () => {
    const code = formatPlatformCode({ category: 'food', level: 'unit', org: 5, serial: 6 });
    const input = `https://a.example/q/${code.slice(0, 16)}${code[16] === '0' ? '1' : '0'}`;
    const r = parsePlatformCode(input);
    expect(r?.errors[0]).toMatchObject({
      code: 'CODES_PLATFORM_BAD_CHECK',
      position: 'https://a.example/q/'.length + 15,
    });
  });

  it('names unknown category and level letters', () => {
    const r = parsePlatformCode('XY000010000000100');
    expect(r?.errors.map((e) => [e.code, e.position])).toEqual(
      expect.arrayContaining([
        ['CODES_BAD_FIELD', 0],
        ['CODES_BAD_FIELD', 1],
      ]),
    );
  });

  it('formats a range exactly like one code at a time, across a carry of every serial digit', () => {
    const prefix = { category: 'hazardous', level: 'logistic-unit', org: MAX_ORG } as const;
    const first = 36 ** 7 - 3;
    const range = formatPlatformCodeRange(prefix, first, 6);
    expect(range).toEqual(
      [0, 1, 2, 3, 4, 5].map((k) => formatPlatformCode({ ...prefix, serial: first + k })),
    );
    const lines = new TextDecoder().decode(writePlatformCodeLines(prefix, MAX_SERIAL, 1));
    expect(lines).toBe(`${formatPlatformCode({ ...prefix, serial: MAX_SERIAL })}\n`);
  });

  it('refuses parts out of range with AppError CODES_PLATFORM_BAD_PARTS', () => {
    const bad: unknown[] = [
      { category: 'toys', level: 'unit', org: 1, serial: 1 },
      { category: 'food', level: 'crate', org: 1, serial: 1 },
      { category: 'food', level: 'unit', org: MAX_ORG + 1, serial: 1 },
      { category: 'food', level: 'unit', org: 1, serial: -1 },
      { category: 'food', level: 'unit', org: 1, serial: 1.5 },
    ];
    for (const p of bad) {
      expect(() => formatPlatformCode(p as PlatformCodeParts)).toThrow(AppError);
    }
    expect(() => writePlatformCodeLines({ category: 'food', level: 'unit', org: 1 }, MAX_SERIAL, 2)).toThrow(
      /outside/,
    );
  });

  it('answers null or an invalid result for bad input, never an exception', () => {
    for (const s of [
      '',
      ' ',
      '１２３',
      'fu000ya0000002r7',
      'x'.repeat(10_000),
      'https://a.example/q/',
      'https://a.example/q/ＦＵ',
    ]) {
      const r = parsePlatformCode(s);
      expect(r === null || r.valid === false).toBe(true);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => void parsePlatformCode(s)));
  });
});
