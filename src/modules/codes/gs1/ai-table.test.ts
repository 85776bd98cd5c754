import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { aiAt, allAis, checkPairings, lookupAi, validateAiValue } from './ai.js';
import { AI_ENTRIES } from './ai-table.js';
import { ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC } from './iso-codes.js';
import { LINTERS, UNCHECKED_LINTERS } from './linters.js';
import { parseSyntaxDictionary } from './syntax-dictionary.js';

const DICTIONARY = new URL(
  '../../../../../shared/conformance/gs1-ai/gs1-syntax-dictionary.txt',
  import.meta.url,
);

describe('the AI table agrees with the GS1 Barcode Syntax Dictionary', () => {
  const entries = parseSyntaxDictionary(readFileSync(DICTIONARY, 'utf8'));

  it('has one row per dictionary entry, in the same order', () => {
    expect(entries.length).toBeGreaterThan(200);
    expect(AI_ENTRIES.map((e) => `${e.ai}-${e.last}`)).toEqual(entries.map((e) => `${e.ai}-${e.last}`));
  });

  it.each(entries.map((e) => [e.ai === e.last ? e.ai : `${e.ai}-${e.last}`, e] as const))(
    'AI %s: title, flags, components, req, ex and dlpkey match',
    (_name, entry) => {
      const row = AI_ENTRIES.find((r) => r.ai === entry.ai && r.last === entry.last);
      expect(row).toEqual(entry);
    },
  );

  it('knows every linter the dictionary names, or lists it as unchecked', () => {
    const named = new Set(AI_ENTRIES.flatMap((e) => e.components.flatMap((c) => c.linters)));
    for (const name of named) expect(name in LINTERS || UNCHECKED_LINTERS.has(name), name).toBe(true);
  });

  it('AIs form a prefix-free code, so an AI can be read from a raw element string', () => {
    const ais = allAis();
    const clashes = ais.flatMap((a) => ais.filter((b) => b !== a && b.startsWith(a)).map((b) => `${a}<${b}`));
    expect(clashes).toEqual([]);
    expect(aiAt('3103000189', 0)).toBe('3103');
    expect(aiAt('4999', 0)).toBeNull();
  });
});

describe('AI value validation', () => {
  it.each([
    ['01', '09506000134352', []],
    ['01', '09506000134353', ['CODES_BAD_CHECK_DIGIT']],
    ['01', '0950600013435', ['CODES_BAD_LENGTH']],
    ['01', '0950600013435A', ['CODES_BAD_CHARSET']],
    ['10', 'ABC-12/3', []],
    ['10', 'ABC 123', ['CODES_BAD_CHARSET']],
    ['10', 'A'.repeat(21), ['CODES_BAD_LENGTH']],
    ['17', '290331', []],
    ['17', '290300', []], // yymmd0: day 00 means end of month
    ['17', '291301', ['CODES_BAD_DATE']],
    ['17', '230229', ['CODES_BAD_DATE']],
    ['17', '240229', []],
    ['4326', '240100', ['CODES_BAD_DATE']], // yymmdd: no day 00
    ['7003', '2401012359', []],
    ['7003', '2401012460', ['CODES_BAD_DATE']],
    ['422', '156', []],
    ['422', '999', ['CODES_BAD_VALUE']],
    ['7030', '999ABC', []],
    ['3912', '156123', []],
    ['3912', '000123', ['CODES_BAD_VALUE']],
    ['8006', '040123451234560102', []],
    ['8006', '040123451234560302', ['CODES_BAD_VALUE']],
    ['8013', '1987654Ad4X4bL5ttr2310c2K', []],
    ['8013', '1987654Ad4X4bL5ttr2310c2L', ['CODES_BAD_CHECK_DIGIT']],
    ['8007', 'GB82WEST12345698765432', []],
    ['8007', 'GB82WEST12345698765433', ['CODES_BAD_CHECK_DIGIT']],
    ['8011', '0123', ['CODES_BAD_VALUE']],
    ['4307', 'CN', []],
    ['253', '4602443000331XYZ', []],
    ['253', '4602443000331', []],
    ['8004', 'ABCD123', ['CODES_BAD_VALUE']], // GIAI must start with a company prefix
    ['4300', 'ACME%20Corp', []],
    ['4300', 'ACME%2', ['CODES_BAD_PERCENT_ENCODING']],
    ['8010', '0628165987#/-', []],
    ['8010', '0628165987a', ['CODES_BAD_CHARSET']],
  ])('(%s) "%s" → %j', (ai, value, codes) => {
    expect(validateAiValue(ai, value).map((e) => e.code)).toEqual(codes);
  });

  it('reports the position of a bad character', () => {
    const [err] = validateAiValue('01', '0950600013435A', 4);
    expect(err?.position).toBe(4 + 13);
  });

  it('checks mandatory and invalid pairings (GS1 GS §4.14)', () => {
    expect(checkPairings(['01', '10', '17'])).toEqual([]);
    expect(checkPairings(['10']).map((e) => e.code)).toEqual(['CODES_MISSING_REQUIRED_AI']);
    expect(checkPairings(['01', '02', '37']).map((e) => e.code)).toContain('CODES_EXCLUSIVE_AI');
    expect(checkPairings(['01', '3103', '3102']).map((e) => e.code)).toContain('CODES_EXCLUSIVE_AI');
    expect(checkPairings(['01', '3923', '3103'])).toEqual([]); // req 01+31nn
    expect(checkPairings(['01', '3923']).map((e) => e.code)).toEqual(['CODES_MISSING_REQUIRED_AI']);
    expect(checkPairings(['8006', '22'])).toEqual([]); // 22 qualifies an ITIP in its dlpkey
    expect(checkPairings(['01', '250']).map((e) => e.code)).toEqual(['CODES_MISSING_REQUIRED_AI']); // needs 01+21
  });

  it('exposes the dictionary facts by AI, ranges expanded', () => {
    expect(lookupAi('3103')?.title).toBe('NET WEIGHT (kg)');
    expect(lookupAi('95')?.components[0]).toMatchObject({ charset: 'X', min: 1, max: 90 });
    expect(lookupAi('01')?.dlpkey).toEqual([['22', '10', '21'], ['235']]);
    expect(lookupAi('3106')).toBeUndefined();
  });
});

describe('ISO code lists used by the linters', () => {
  const require = createRequire(import.meta.url);
  it('hold exactly the codes of the iso-3166-1 and currency-codes packages', () => {
    const iso = require('iso-3166-1') as { all(): { alpha2: string; numeric: string }[] };
    const cur = require('currency-codes') as { data: { number: string }[] };
    expect([...ISO3166_NUMERIC].sort()).toEqual([...new Set(iso.all().map((c) => c.numeric))].sort());
    expect([...ISO3166_ALPHA2].sort()).toEqual([...new Set(iso.all().map((c) => c.alpha2))].sort());
    expect([...ISO4217_NUMERIC].sort()).toEqual(
      [...new Set(cur.data.map((c) => c.number).filter(Boolean))].sort(),
    );
  });
});
