/**
 * The CBV 2.0 event hash (CBV 2.0 §8.9): a canonical pre-hash string per event, hashed with SHA-256 and written
 * as `ni:///sha-256;<hex>?ver=CBV2.0` (RFC 6920 naming, hex digest as CBV 2.0 §8.9.3 specifies).
 *
 * The canonical order and value rules follow CBV 2.0 §8.9.2 as the GS1 reference implementation
 * (RalphTro/epcis-event-hash-generator, which produced the published test vectors) reads it:
 * - fields up to sensorElementList in the fixed order below; bizTransactionList, sourceList, destinationList,
 *   ilmd and user extensions after them, sorted together by code point;
 * - repeated elements sorted; timestamps in UTC with exactly millisecond precision; numbers without
 *   insignificant zeros; CBV values as web URIs; GS1 identifiers as constrained canonical Digital Links;
 *   extensions as `{namespace}localName`;
 * - eventID, recordTime, errorDeclaration and comments do not take part.
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../../lib/values.js';
import { CBV_URN_TO_WEB, type CbvVocabulary, GS1_VOC, VOCABULARIES } from './cbv-vocabulary.js';
import type { EpcisEvent, EpcisInput } from './epcis.types.js';
import { canonicaliseId } from './identifier.js';
import {
  contextOf,
  type Namespaces,
  qnameOfKey,
  standardNamespaces,
  withContext,
} from './json-ld-context.js';

type Obj = Record<string, unknown>;

/** Options of the hash functions. */
export interface HashOptions {
  /** Namespaces in scope (the enclosing document's @context); the standard ones by default. */
  namespaces?: Namespaces;
  /** Identifier canonicaliser; the codes module by default. */
  canonicalise?: (value: string) => string | null;
  /** NI hash algorithm name: sha-256 (default), sha-384, sha-512, sha3-256. */
  algorithm?: 'sha-256' | 'sha-384' | 'sha-512' | 'sha3-256';
}

/** Compare by Unicode code point, as the reference implementation (Python) sorts. */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
const sorted = (parts: string[]): string[] => parts.sort(byCodePoint);

const NUMBER = /^[+-]?(\d+(?:_\d+)*\.?(?:\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;

/**
 * Canonical lexical form of a numeric string (CBV 2.0 §8.9.2: no leading/trailing zeros, no `+`): integers without
 * a fraction, others in shortest round-trip form with Python's exponent thresholds; null for non-numbers.
 */
export function canonicalNumber(text: string): string | null {
  if (!NUMBER.test(text)) {
    const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
    if (!special) return null;
    return special[2]!.toLowerCase() === 'nan' ? 'nan' : `${special[1] === '-' ? '-' : ''}inf`;
  }
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return BigInt(value).toString();
  const [mantissa, expText] = value.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exp < -4) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e-${String(-exp).padStart(2, '0')}`;
  } else if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else out = `${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}.${digits.slice(exp + 1) || '0'}`;
  return negative ? `-${out}` : out;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A timestamp in UTC with exactly three fractional digits (CBV 2.0 §8.9.2). Microseconds are rounded to the
 * millisecond half-to-even, digits beyond the microsecond are dropped, as the reference implementation does.
 * A value that is not a timestamp is returned unchanged.
 */
export function canonicalTime(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const micro = Number((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  let ms = Math.floor(micro / 1000);
  const rest = micro % 1000;
  if (rest > 500 || (rest === 500 && ms % 2 === 1)) ms++;
  let offsetMinutes = 0;
  const tz = m[8];
  if (tz !== undefined && tz.toUpperCase() !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const utc =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms) -
    offsetMinutes * 60_000;
  const d = new Date(utc);
  if (Number.isNaN(d.getTime())) return text;
  return d.toISOString();
}

/** The hashing context of one event. */
interface Ctx {
  ns: Namespaces;
  canonicalise: (value: string) => string | null;
}

/** Canonical form of any leaf value (CBV 2.0 §8.9.2 steps on values). */
function canonicalValue(ctx: Ctx, raw: unknown): string {
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  let text = String(raw).trim();
  for (const [urn, web] of CBV_URN_TO_WEB) if (text.startsWith(urn)) text = web + text.slice(urn.length);
  // The standard prefixes are @protected in the EPCIS context, so gs1:/cbv: in values always mean these IRIs.
  if (text.startsWith('gs1:')) text = GS1_VOC + text.slice(4);
  else if (text.startsWith('cbv:')) text = `https://ref.gs1.org/cbv/${text.slice(4)}`;
  const number = canonicalNumber(text);
  if (number !== null) return number;
  return ctx.canonicalise(text) ?? text;
}

/** A CBV-controlled value: bare words become the vocabulary's web URI. */
function vocabValue(ctx: Ctx, raw: unknown, vocab: CbvVocabulary): string {
  if (typeof raw === 'string' && !raw.includes(':') && raw.trim() !== '') return vocab.webPrefix + raw.trim();
  return canonicalValue(ctx, raw);
}

const kv = (key: string, value: string): string => (value === '' ? '' : `${key}=${value}`);
const leaf = (ctx: Ctx, key: string, raw: unknown): string =>
  raw === undefined || raw === null ? '' : kv(key, canonicalValue(ctx, raw));
const timeLeaf = (key: string, raw: unknown): string =>
  typeof raw === 'string' ? kv(key, canonicalTime(raw.trim())) : '';
const wrap = (name: string, inner: string): string => (inner === '' ? '' : name + inner);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** The `{namespace}local` name of an extension key, or the key itself when it has no namespace. */
function extensionName(ns: Namespaces, key: string): string {
  const q = qnameOfKey(ns, key);
  if (q === null) return key;
  // NOTE: XML declares CBV master-data attributes in `urn:epcglobal:cbv:mda`, the JSON-LD context in
  // `urn:epcglobal:cbv:mda:`; both name the same attributes, so they must hash alike.
  const namespace =
    q.ns === 'urn:epcglobal:cbv:mda:' || q.ns === 'urn:epcglobal:cbv:mda#' ? 'urn:epcglobal:cbv:mda' : q.ns;
  return `{${namespace}}${q.local}`;
}

const IGNORED_KEYS = new Set(['@context', '@id', '@type', 'comment', 'rdfs:comment', '#text']);

/** Generic serialisation of extension content: `name=value` for leaves, name + sorted children for objects. */
function genericEntries(ctx: Ctx, key: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => genericEntries(ctx, key, v));
  const name = extensionName(ctx.ns, key);
  if (isRecord(value)) {
    const inner = { ...ctx, ns: withContext(ctx.ns, contextOf(value)) };
    const children = Object.entries(value)
      .filter(([k]) => !IGNORED_KEYS.has(k))
      .flatMap(([k, v]) => genericEntries(inner, k, v));
    const text =
      typeof value['@value'] === 'string' || typeof value['@value'] === 'number'
        ? canonicalValue(ctx, value['@value'])
        : '';
    return [name + (text === '' ? '' : `=${text}`) + sorted(children).join('')];
  }
  const text = canonicalValue(ctx, value);
  return [text === '' ? name : `${name}=${text}`];
}

/** Sorted extensions of an object: every key not in `known`. */
function extensionsOf(ctx: Ctx, obj: Obj, known: ReadonlySet<string>): string {
  const parts = Object.entries(obj)
    .filter(([k]) => !known.has(k) && !IGNORED_KEYS.has(k))
    .flatMap(([k, v]) => genericEntries(ctx, k, v));
  return sorted(parts).join('');
}

function epcList(ctx: Ctx, name: string, value: unknown): string {
  return wrap(
    name,
    sorted(
      asList(value)
        .map((v) => leaf(ctx, 'epc', v))
        .filter((s) => s !== ''),
    ).join(''),
  );
}

function quantityList(ctx: Ctx, name: string, value: unknown): string {
  const elements = asList(value)
    .filter(isRecord)
    .map((q) =>
      wrap(
        'quantityElement',
        leaf(ctx, 'epcClass', q.epcClass) + leaf(ctx, 'quantity', q.quantity) + leaf(ctx, 'uom', q.uom),
      ),
    );
  return wrap(name, sorted(elements.filter((s) => s !== '')).join(''));
}

function location(ctx: Ctx, name: string, value: unknown): string {
  if (!isRecord(value)) return '';
  return wrap(name, leaf(ctx, 'id', value.id) + extensionsOf(ctx, value, new Set(['id'])));
}

const METADATA_ORDER = [
  'time',
  'startTime',
  'endTime',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
];
const REPORT_ORDER = [
  'type',
  'exception',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'time',
  'microorganism',
  'chemicalSubstance',
  'value',
  'component',
  'stringValue',
  'booleanValue',
  'hexBinaryValue',
  'uriValue',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
  'uom',
  'coordinateReferenceSystem',
];
/**
 * NOTE: sensorReport.bizRules is valid EPCIS 2.0 but absent from the reference canonical order; the reference
 * emits it after the fixed part, under its full path (`sensorElementList…sensorReportbizRules=…`), and the
 * published vectors depend on that, so it is reproduced here.
 */
const REPORT_LEFTOVERS = ['bizRules'];
const REPORT_VOCAB: Record<string, CbvVocabulary> = {
  type: VOCABULARIES.measurementType,
  exception: VOCABULARIES.sensorAlertType,
  component: VOCABULARIES.component,
};

function orderedFields(
  ctx: Ctx,
  obj: Obj,
  order: readonly string[],
  known: ReadonlySet<string> = new Set(order),
): string {
  let out = '';
  for (const f of order) {
    const v = obj[f];
    if (v === undefined || v === null) continue;
    if (/time/i.test(f)) out += timeLeaf(f, v);
    else if (REPORT_VOCAB[f] !== undefined) out += kv(f, vocabValue(ctx, v, REPORT_VOCAB[f]!));
    else out += leaf(ctx, f, v);
  }
  return out + extensionsOf(ctx, obj, known);
}

/** The sensorElementList in canonical order, plus the leftover part that goes to the sorted tail. */
function sensorElementList(ctx: Ctx, value: unknown): { head: string; leftover: string } {
  const heads: string[] = [];
  const leftovers: string[] = [];
  for (const el of asList(value).filter(isRecord)) {
    const md = isRecord(el.sensorMetadata)
      ? wrap('sensorMetadata', orderedFields(ctx, el.sensorMetadata, METADATA_ORDER))
      : '';
    const reports = asList(el.sensorReport).filter(isRecord);
    const known = new Set([...REPORT_ORDER, ...REPORT_LEFTOVERS]);
    const ordered = sorted(
      reports.map((r) => wrap('sensorReport', orderedFields(ctx, r, REPORT_ORDER, known))),
    );
    heads.push(
      wrap(
        'sensorElement',
        md + ordered.join('') + extensionsOf(ctx, el, new Set(['sensorMetadata', 'sensorReport'])),
      ),
    );
    const rest = sorted(
      reports
        .map((r) => wrap('sensorReport', REPORT_LEFTOVERS.map((f) => leaf(ctx, f, r[f])).join('')))
        .filter((x) => x !== ''),
    );
    leftovers.push(wrap('sensorElement', rest.join('')));
  }
  return {
    head: wrap('sensorElementList', sorted(heads).join('')),
    leftover: wrap('sensorElementList', sorted(leftovers.filter((x) => x !== '')).join('')),
  };
}

/** bizTransactionList/sourceList/destinationList: each entry is `type=…` then the value; entries sorted. */
function partyList(ctx: Ctx, name: string, field: string, value: unknown, vocab: CbvVocabulary): string {
  const entries = asList(value)
    .filter(isRecord)
    .map(
      (p) =>
        (p.type === undefined ? '' : kv('type', vocabValue(ctx, p.type, vocab))) + leaf(ctx, field, p[field]),
    );
  return wrap(name, sorted(entries).join(''));
}

const FIXED_KEYS = new Set([
  'type',
  'eventTime',
  'eventTimeZoneOffset',
  'certificationInfo',
  'epcList',
  'parentID',
  'inputEPCList',
  'childEPCs',
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputEPCList',
  'outputQuantityList',
  'action',
  'transformationID',
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'sensorElementList',
  'eventID',
  'recordTime',
  'errorDeclaration',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'ilmd',
]);

/** The CBV 2.0 §8.9.2 pre-hash string of one event in JSON-LD form. */
export function preHashString(event: EpcisEvent | Obj, options: HashOptions = {}): string {
  const ev = event as Obj;
  const ctx: Ctx = {
    ns: withContext(options.namespaces ?? standardNamespaces(), contextOf(ev)),
    canonicalise: options.canonicalise ?? canonicaliseId,
  };
  const head: string[] = [];
  head.push(timeLeaf('eventTime', ev.eventTime));
  head.push(leaf(ctx, 'eventTimeZoneOffset', ev.eventTimeZoneOffset));
  head.push(sorted(asList(ev.certificationInfo).map((c) => leaf(ctx, 'certificationInfo', c))).join(''));
  head.push(epcList(ctx, 'epcList', ev.epcList));
  head.push(leaf(ctx, 'parentID', ev.parentID));
  head.push(epcList(ctx, 'inputEPCList', ev.inputEPCList));
  head.push(epcList(ctx, 'childEPCs', ev.childEPCs));
  head.push(quantityList(ctx, 'quantityList', ev.quantityList));
  head.push(quantityList(ctx, 'childQuantityList', ev.childQuantityList));
  head.push(quantityList(ctx, 'inputQuantityList', ev.inputQuantityList));
  head.push(epcList(ctx, 'outputEPCList', ev.outputEPCList));
  head.push(quantityList(ctx, 'outputQuantityList', ev.outputQuantityList));
  head.push(leaf(ctx, 'action', ev.action));
  head.push(leaf(ctx, 'transformationID', ev.transformationID));
  if (ev.bizStep !== undefined) head.push(kv('bizStep', vocabValue(ctx, ev.bizStep, VOCABULARIES.bizStep)));
  if (ev.disposition !== undefined)
    head.push(kv('disposition', vocabValue(ctx, ev.disposition, VOCABULARIES.disposition)));
  if (isRecord(ev.persistentDisposition)) {
    const pd = ev.persistentDisposition;
    const part = (k: string) =>
      sorted(asList(pd[k]).map((d) => kv(k, vocabValue(ctx, d, VOCABULARIES.disposition)))).join('');
    head.push(wrap('persistentDisposition', part('set') + part('unset')));
  }
  head.push(location(ctx, 'readPoint', ev.readPoint));
  head.push(location(ctx, 'bizLocation', ev.bizLocation));
  const sensors = sensorElementList(ctx, ev.sensorElementList);
  head.push(sensors.head);

  const tail: string[] = [sensors.leftover];
  tail.push(
    partyList(
      ctx,
      'bizTransactionList',
      'bizTransaction',
      ev.bizTransactionList,
      VOCABULARIES.bizTransactionType,
    ),
  );
  tail.push(partyList(ctx, 'sourceList', 'source', ev.sourceList, VOCABULARIES.sourceDestType));
  tail.push(
    partyList(ctx, 'destinationList', 'destination', ev.destinationList, VOCABULARIES.sourceDestType),
  );
  if (isRecord(ev.ilmd)) {
    const inner = { ...ctx, ns: withContext(ctx.ns, contextOf(ev.ilmd)) };
    tail.push(wrap('ilmd', extensionsOf(inner, ev.ilmd, new Set())));
  }
  for (const [k, v] of Object.entries(ev)) {
    if (!FIXED_KEYS.has(k) && !IGNORED_KEYS.has(k)) tail.push(...genericEntries(ctx, k, v));
  }
  return `eventType=${String(ev.type)}${head.join('')}${sorted(tail.filter((s) => s !== '')).join('')}`;
}

const NODE_ALGORITHMS = {
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  'sha3-256': 'sha3-256',
} as const;

/** The NI URI of a pre-hash string (CBV 2.0 §8.9.3). */
export function hashPreHashString(preHash: string, algorithm: HashOptions['algorithm'] = 'sha-256'): string {
  const hex = createHash(NODE_ALGORITHMS[algorithm]).update(preHash, 'utf8').digest('hex');
  return `ni:///${algorithm};${hex}?ver=CBV2.0`;
}

/** The CBV 2.0 event hash ID of one event: `ni:///sha-256;<hex>?ver=CBV2.0`. */
export function eventHash(event: EpcisEvent | Obj, options: HashOptions = {}): string {
  return hashPreHashString(preHashString(event, options), options.algorithm);
}

/** The events of an input with the namespaces in scope for each (document context applied). */
export function eventsInScope(input: EpcisInput): Array<{ event: EpcisEvent; namespaces: Namespaces }> {
  const doc = input as Obj;
  if (doc.type !== 'EPCISDocument' && doc.type !== 'EPCISQueryDocument') {
    return [{ event: input as EpcisEvent, namespaces: standardNamespaces() }];
  }
  const ns = withContext(standardNamespaces(), contextOf(doc));
  const body = isRecord(doc.epcisBody) ? doc.epcisBody : {};
  const list =
    doc.type === 'EPCISDocument'
      ? body.eventList
      : isRecord(body.queryResults) && isRecord(body.queryResults.resultsBody)
        ? body.queryResults.resultsBody.eventList
        : undefined;
  return asList(list)
    .filter(isRecord)
    .map((event) => ({ event: event as EpcisEvent, namespaces: ns }));
}

/** Pre-hash strings of every event of a document (or one bare event), in document order. */
export function documentPreHashes(
  input: EpcisInput,
  options: Omit<HashOptions, 'namespaces'> = {},
): string[] {
  return eventsInScope(input).map(({ event, namespaces }) =>
    preHashString(event, { ...options, namespaces }),
  );
}

/** Hash IDs of every event of a document (or one bare event), in document order. */
export function documentHashes(input: EpcisInput, options: Omit<HashOptions, 'namespaces'> = {}): string[] {
  return documentPreHashes(input, options).map((p) => hashPreHashString(p, options.algorithm));
}
