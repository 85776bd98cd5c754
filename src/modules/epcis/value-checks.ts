/**
 * Lexical checks shared by validation and query-parameter parsing: URIs, date-times with offsets, time-zone
 * offsets, CBV values.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { bareWordOf, type CbvVocabulary } from './cbv-vocabulary.js';
import { expandIri, type Namespaces } from './json-ld-context.js';

const uriFormat = fullFormats.uri as (value: string) => boolean;

/** An absolute URI per RFC 3986 §4.3 (the `uri` format of JSON Schema, as the EPCIS 2.0 JSON schema uses it). */
export const isUri = (value: unknown): value is string => typeof value === 'string' && uriFormat(value);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An xsd:dateTimeStamp: a date-time that carries its offset (`Z` or `±hh:mm`), as EPCIS 2.0 §7.3.1 requires for
 * eventTime, recordTime and every other timestamp.
 */
export function isDateTimeStamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month]!)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  if (m[8] !== 'Z' && (Number(m[9]) > 14 || Number(m[10]) > 59)) return false;
  return true;
}

/** eventTimeZoneOffset: `±hh:mm` from -14:00 to +14:00 (EPCIS 2.0 §7.4.1, the JSON schema's pattern). */
export const TIME_ZONE_OFFSET = /^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/;

/** The CBV-controlled URI spaces a non-standard value must not use (EPCIS 2.0 JSON schema `vocab-other-uri`). */
const CBV_URI_SPACE = /^(urn:epcglobal:cbv|https?:\/\/ns\.gs1\.org\/cbv\/)/;

/**
 * Check a value of a CBV-controlled field: a bare CBV word from the table, or an absolute URI. A URI inside the
 * CBV space must name a CBV value; legacy `urn:epcglobal:cbv:` URNs are the XML binding's form and are not
 * accepted in JSON-LD (EPCIS 2.0 §9.5: bare words there). Returns an error message or null.
 */
export function cbvValueProblem(value: unknown, vocab: CbvVocabulary, ns: Namespaces): string | null {
  if (typeof value !== 'string') return `${vocab.name} must be a string, got ${JSON.stringify(value)}`;
  if (!value.includes(':')) {
    return vocab.values.has(value)
      ? null
      : `${vocab.name} "${value}" is not a CBV 2.0 value and not an absolute URI`;
  }
  if (!isUri(value)) return `${vocab.name} "${value}" is not a valid URI`;
  if (CBV_URI_SPACE.test(value)) {
    return `${vocab.name} "${value}" uses a CBV URN; in JSON-LD write the bare CBV word instead`;
  }
  const expanded = expandIri(ns, value) ?? value;
  const bare = bareWordOf(expanded, vocab);
  if (bare !== null && !vocab.values.has(bare)) return `${vocab.name} "${value}" is not a CBV 2.0 value`;
  return null;
}
