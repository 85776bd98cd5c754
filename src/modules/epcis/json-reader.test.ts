import { describe, expect, it } from 'vitest';
import type { AppError } from '../../lib/errors.js';
import { readJsonDocument, writeJsonLd } from './json-reader.js';

const thrown = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('readJsonDocument', () => {
  it('truncated JSON is rejected with its line and position', () => {
    const e = thrown(() => readJsonDocument('{\n  "type": "EPCISDocument",\n  "epcisBody": {'));
    expect(e.code).toBe('EPCIS_INVALID_DOCUMENT');
    expect(e.errors[0]).toMatchObject({ code: 'EPCIS_INVALID_DOCUMENT_JSON_SYNTAX', line: 3 });
  });

  it('10 000-deep nesting is rejected without recursion, as text and as an object', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(thrown(() => readJsonDocument(text)).errors[0]!.code).toBe(
      'EPCIS_INVALID_DOCUMENT_NESTING_TOO_DEEP',
    );
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(thrown(() => readJsonDocument(deep)).errors[0]!.code).toBe(
      'EPCIS_INVALID_DOCUMENT_NESTING_TOO_DEEP',
    );
  });

  it('brackets inside strings do not count as nesting', () => {
    const doc = readJsonDocument(JSON.stringify({ type: 'ObjectEvent', note: '['.repeat(500) }));
    expect((doc as unknown as Record<string, unknown>).note).toHaveLength(500);
  });

  it('a top level that is not an object is refused', () => {
    expect(thrown(() => readJsonDocument('[1,2]')).errors[0]!.code).toBe('EPCIS_INVALID_DOCUMENT_WRONG_TYPE');
  });

  it('bytes with a BOM are read, and writeJsonLd round-trips', () => {
    const bytes = new TextEncoder().encode('\uFEFF{"type":"EPCISDocument"}');
    const doc = readJsonDocument(bytes);
    expect(JSON.parse(writeJsonLd(doc))).toEqual({ type: 'EPCISDocument' });
  });
});
