/**
 * Normalisation for comparing two EPCIS inputs that say the same thing in different forms (XML vs JSON-LD,
 * CURIEs vs full URIs, CBV URNs vs bare words, element order): the JSON-LD context is expanded, every leaf
 * becomes its canonical string (the rules of the CBV 2.0 §8.9 event hash), and lists are ordered.
 */

import { isRecord } from '../../lib/values.js';
import { type CbvVocabulary, VOCABULARIES } from './cbv-vocabulary.js';
import type { EpcisInput } from './epcis.types.js';
import { canonicalNumber, canonicalTime } from './event-hash.js';
import { canonicaliseId } from './identifier.js';
import {
  contextOf,
  type Namespaces,
  qnameOfKey,
  standardNamespaces,
  withContext,
} from './json-ld-context.js';

type Obj = Record<string, unknown>;

/** Keys that are standard EPCIS fields at any level (everything else is expanded as an extension name). */
const STANDARD_KEYS = new Set([
  'type',
  'id',
  'schemaVersion',
  'creationDate',
  'instanceIdentifier',
  'sender',
  'receiver',
  'epcisHeader',
  'epcisMasterData',
  'vocabularyList',
  'vocabularyElementList',
  'attributes',
  'attribute',
  'children',
  'epcisBody',
  'eventList',
  'queryResults',
  'queryName',
  'subscriptionID',
  'resultsBody',
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
  'declarationTime',
  'reason',
  'correctiveEventIDs',
  'epcList',
  'childEPCs',
  'inputEPCList',
  'outputEPCList',
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputQuantityList',
  'epcClass',
  'quantity',
  'uom',
  'action',
  'parentID',
  'transformationID',
  'bizStep',
  'disposition',
  'persistentDisposition',
  'set',
  'unset',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'bizTransaction',
  'sourceList',
  'source',
  'destinationList',
  'destination',
  'sensorElementList',
  'sensorMetadata',
  'sensorReport',
  'time',
  'startTime',
  'endTime',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
  'exception',
  'microorganism',
  'chemicalSubstance',
  'coordinateReferenceSystem',
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
  'ilmd',
]);

const VOCAB_BY_KEY: Record<string, CbvVocabulary> = {
  bizStep: VOCABULARIES.bizStep,
  disposition: VOCABULARIES.disposition,
  set: VOCABULARIES.disposition,
  unset: VOCABULARIES.disposition,
  reason: VOCABULARIES.errorReason,
  exception: VOCABULARIES.sensorAlertType,
  component: VOCABULARIES.component,
};

function leafValue(raw: unknown, key: string, parent: string): string {
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  let text = String(raw).trim();
  let vocab = VOCAB_BY_KEY[key];
  if (key === 'type') {
    if (parent === 'bizTransactionList') vocab = VOCABULARIES.bizTransactionType;
    else if (parent === 'sourceList' || parent === 'destinationList') vocab = VOCABULARIES.sourceDestType;
    else if (parent === 'sensorReport') vocab = VOCABULARIES.measurementType;
  }
  if (vocab && vocab.urnPrefix !== null && text.startsWith(vocab.urnPrefix))
    text = text.slice(vocab.urnPrefix.length);
  if (vocab && !text.includes(':')) return vocab.webPrefix + text;
  if (text.startsWith('gs1:')) return `https://gs1.org/voc/${text.slice(4)}`;
  // The 2.1 context moved the GS1 Web Vocabulary to ref.gs1.org/voc/; the terms are the same.
  if (text.startsWith('https://ref.gs1.org/voc/')) return `https://gs1.org/voc/${text.slice(24)}`;
  if (text.startsWith('cbv:')) return `https://ref.gs1.org/cbv/${text.slice(4)}`;
  if (/time$/i.test(key) || key === 'creationDate') return canonicalTime(text);
  return canonicalNumber(text) ?? canonicaliseId(text) ?? text;
}

function keyName(ns: Namespaces, key: string, extension: boolean): string {
  if (!extension && STANDARD_KEYS.has(key)) return key;
  const q = qnameOfKey(ns, key);
  if (q === null) return key;
  const namespace = q.ns.replace(/^urn:epcglobal:cbv:mda[:#]?$/, 'urn:epcglobal:cbv:mda');
  return `{${namespace}}${q.local}`;
}

/** Keys that carry no event data: JSON-LD context and human comments (not part of the hash either). */
const IGNORED = new Set(['@context', 'comment', 'rdfs:comment']);
/**
 * NOTE: document-level `id`, `sender`, `receiver` and `instanceIdentifier` have no place in the EPCIS XML body
 * (XML carries them, if at all, in an optional SBDH), so they do not take part in the comparison.
 */
const HEADER_ONLY = new Set(['id', 'sender', 'receiver', 'instanceIdentifier']);

/** Deterministic serialisation used to order list members. */
const stable = (v: unknown): string => JSON.stringify(v);

function norm(value: unknown, ns: Namespaces, key: string, parent: string, extension: boolean): unknown {
  if (Array.isArray(value)) {
    return value
      .map((v) => norm(v, ns, key, parent, extension))
      .sort((a, b) => (stable(a) < stable(b) ? -1 : stable(a) > stable(b) ? 1 : 0));
  }
  if (isRecord(value)) {
    const inner = withContext(ns, contextOf(value));
    const out: Obj = {};
    const inExtension = extension || key === 'ilmd';
    for (const k of Object.keys(value).sort()) {
      if (IGNORED.has(k) || (key === '' && HEADER_ONLY.has(k))) continue;
      const childIsExtension = inExtension || !STANDARD_KEYS.has(k);
      const name = keyName(inner, k, childIsExtension);
      // A single XML element and a one-member JSON array are the same thing in an extension.
      const v = value[k];
      const n = norm(v, inner, k, key, childIsExtension);
      out[name] = childIsExtension && Array.isArray(n) && n.length === 1 ? n[0] : n;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  if (value === null || value === undefined) return value;
  return leafValue(value, key, parent);
}

/** The normal form of an EPCIS input: compare two inputs by deep equality of their normal forms. */
export function normaliseDocument(input: EpcisInput): unknown {
  return norm(input, withContext(standardNamespaces(), contextOf(input)), '', '', false);
}
