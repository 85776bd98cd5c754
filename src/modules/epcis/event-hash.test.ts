import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE, filesUnder, readConformance } from './conformance.fixtures.js';
import {
  canonicalNumber,
  canonicalTime,
  documentHashes,
  documentPreHashes,
  eventHash,
  preHashString,
} from './event-hash.js';
import { readJsonDocument } from './json-reader.js';
import { readXmlDocument } from './xml-reader.js';

const EXAMPLES = 'event-hash/ralphtro/examples/';
const stems = [...new Set(filesUnder(EXAMPLES, /\.hashes$/).map((f) => f.replace(/\.hashes$/, '')))];
/** Groups whose input carries `repository-x:ignoreFields`, a generator-specific document extension (SOURCES.md). */
const GENERATOR_SPECIFIC = new Set([
  'epcisDocHavingEventWithIgnoreFields',
  'epcisQueryDocHavingEventWithIgnoreFields',
  'epcisXmlQueryDocHavingEventWithIgnoreFields',
]);
/**
 * NOTE: the codes module percent-encodes `'` in a Digital Link serial (%27) where the reference keeps it; the
 * expected vector is right (RFC 3986 sub-delims may stay unencoded), so this stays a known failure until codes
 * changes, and the `fails` marker makes the fix visible.
 */
const CODES_DIFFERS = new Set<string>();

const read = (path: string) =>
  path.endsWith('.xml')
    ? readXmlDocument(readFileSync(CONFORMANCE + path), { strictOrder: false })
    : readJsonDocument(readConformance(path));

describe('CBV 2.0 event hash against the reference vectors', () => {
  for (const stem of stems.filter((s) => !GENERATOR_SPECIFIC.has(s))) {
    for (const ext of ['jsonld', 'xml']) {
      const path = `${EXAMPLES}${stem}.${ext}`;
      if (!existsSync(CONFORMANCE + path)) continue;
      const test = CODES_DIFFERS.has(stem) ? it.fails : it;
      test(`${stem}.${ext} hashes to the published ni URIs in document order`, () => {
        const expected = readConformance(`${EXAMPLES}${stem}.hashes`)
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        expect(documentHashes(read(path))).toEqual(expected);
      });
    }
  }

  it('the pre-hash strings of a reference group match the published ones line for line', () => {
    const expected = readConformance(`${EXAMPLES}ReferenceEventHashAlgorithm3.prehashes`)
      .split('\n')
      .filter(Boolean);
    expect(documentPreHashes(read(`${EXAMPLES}ReferenceEventHashAlgorithm3.jsonld`))).toEqual(expected);
    expect(documentPreHashes(read(`${EXAMPLES}ReferenceEventHashAlgorithm3.xml`))).toEqual(expected);
  });

  for (const file of filesUnder('event-hash/ralphtro/expected_equal/', /\.xml$/)) {
    it(`every representation in ${file} gets the same hash`, () => {
      const hashes = documentHashes(read(`event-hash/ralphtro/expected_equal/${file}`));
      expect(hashes.length).toBeGreaterThan(1);
      expect(new Set(hashes).size).toBe(1);
    });
  }

  it('semantically identical GS1 events (shuffled EPCs and quantities, other prefix, JSON twin) hash alike; another offset does not', () => {
    const dir = 'event-hash/gs1-EPCIS-identical-hash-id/';
    const base = documentHashes(read(`${dir}event_with_identical_hash_id_1.xml`))[0];
    for (const n of [3, 4, 5])
      expect(documentHashes(read(`${dir}event_with_identical_hash_id_${n}.xml`))[0]).toBe(base);
    expect(documentHashes(read(`${dir}event_with_identical_hash_id_7.json`))[0]).toBe(base);
    // File 2 changes eventTimeZoneOffset, which is part of the pre-hash (CBV 2.0 §8.9.2).
    expect(documentHashes(read(`${dir}event_with_identical_hash_id_2.xml`))[0]).not.toBe(base);
  });
});

describe('canonical values', () => {
  it('numbers lose insignificant zeros and use the reference exponent thresholds', () => {
    expect(canonicalNumber('26.0')).toBe('26');
    expect(canonicalNumber('0.50')).toBe('0.5');
    expect(canonicalNumber('+007')).toBe('7');
    expect(canonicalNumber('0.00001')).toBe('1e-05');
    expect(canonicalNumber('1e3')).toBe('1000');
    expect(canonicalNumber('12345678901234567890')).toBe('12345678901234567168');
    expect(canonicalNumber('KGM')).toBeNull();
    expect(canonicalNumber('+01:00')).toBeNull();
  });

  it('times go to UTC with exactly three fractional digits, sub-millisecond rounded half to even', () => {
    expect(canonicalTime('2020-03-04T11:00:30+01:00')).toBe('2020-03-04T10:00:30.000Z');
    expect(canonicalTime('2022-02-16T20:33:31.116000-06:00')).toBe('2022-02-17T02:33:31.116Z');
    expect(canonicalTime('2020-01-01T00:00:00.0005Z')).toBe('2020-01-01T00:00:00.000Z');
    expect(canonicalTime('2020-01-01T00:00:00.0015Z')).toBe('2020-01-01T00:00:00.002Z');
    expect(canonicalTime('2020-12-31T23:59:59.9996Z')).toBe('2021-01-01T00:00:00.000Z');
    expect(canonicalTime('not a time')).toBe('not a time');
  });

  it('eventID, recordTime, errorDeclaration and comments do not change the hash', () => {
    const ev = {
      type: 'ObjectEvent',
      eventTime: '2024-05-01T08:00:00+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: ['urn:epc:id:sgtin:0614141.011111.987'],
      action: 'OBSERVE',
    };
    const decorated = {
      ...ev,
      eventID: 'urn:uuid:1',
      recordTime: '2024-05-02T00:00:00Z',
      errorDeclaration: { declarationTime: '2024-05-03T00:00:00Z' },
      'rdfs:comment': 'x',
    };
    expect(eventHash(decorated)).toBe(eventHash(ev));
    expect(preHashString(ev)).toBe(
      'eventType=ObjectEventeventTime=2024-05-01T00:00:00.000ZeventTimeZoneOffset=+08:00epcListepc=https://id.gs1.org/01/00614141111114/21/987action=OBSERVE',
    );
    expect(eventHash(ev)).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
  });

  it('a changed field changes the hash', () => {
    const ev = {
      type: 'ObjectEvent',
      eventTime: '2024-05-01T08:00:00+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: ['urn:epc:id:sgtin:0614141.011111.987'],
      action: 'OBSERVE',
      bizStep: 'shipping',
    };
    expect(eventHash({ ...ev, bizStep: 'receiving' })).not.toBe(eventHash(ev));
    expect(eventHash(ev, { algorithm: 'sha-512' })).toMatch(/^ni:\/\/\/sha-512;[0-9a-f]{128}\?ver=CBV2\.0$/);
  });
});
