/**
 * From one EPCIS 2.0 event (JSON-LD form) to what the store keeps: the filter columns, every identifier it names
 * with its role and quantity, its typed attributes and the parties it names. Pure.
 */

import { isRecord } from '../../lib/values.js';
import { isValidGs1CheckDigit, parse } from '../codes/index.js';
import { cbv } from '../epcis/index.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** One identifier named by an event. */
export interface NamedIdentifier {
  /** As written in the event. */
  raw: string;
  /** The canonical string identifiers are stored under (constrained DL for GS1, project URI for Chinese codes). */
  canonical: string;
  scheme: string;
  role: string;
  quantity: number | null;
  uom: string | null;
  /** Category code implied by the identifier itself (platform codes, drug and pesticide codes …), when any. */
  category: string | null;
  /** GTIN-14 of a GS1 identifier, to find the registered product. */
  gtin: string | null;
}

/** What the store keeps about one event besides the document. */
export interface EventRecord {
  type: string;
  action: string | null;
  eventTime: number;
  eventTimeZoneOffset: string | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  identifiers: NamedIdentifier[];
  attrs: Array<{ kind: string; type: string; value: string }>;
  /** Party identifiers of sources and destinations (owning/possessing parties). */
  parties: string[];
  eventID: string | null;
  errorDeclaration: { declarationTime: number; reason: string | null; correctiveEventIDs: string[] } | null;
}

const PLATFORM_CATEGORY: Record<string, string> = {
  'edible-agricultural': 'AGRI',
  food: 'FOOD',
  drug: 'DRUG',
  'agricultural-input': 'INPUT',
  'special-equipment': 'EQUIP',
  hazardous: 'HAZMAT',
};
const SCHEME_CATEGORY: Record<string, string> = {
  'drug-trace-code': 'DRUG',
  'pesticide-code': 'INPUT',
  'vet-drug-code': 'INPUT',
  'detonator-code': 'HAZMAT',
  'equipment-code': 'EQUIP',
};

/** What the store needs to know about one identifier string. */
export interface CanonicalIdentifier {
  canonical: string;
  scheme: string;
  category: string | null;
  gtin: string | null;
}

// Parsing dominates capture cost and the same locations, classes and parties recur across events, so results are
// memoised; the bound keeps memory flat (the map is emptied when full).
const CACHE_LIMIT = 100_000;
const cache = new Map<string, CanonicalIdentifier>();

/** Canonicalises one identifier: the codes module's canonical form when it parses, else the URI as written. */
export function canonicalIdentifier(raw: string): CanonicalIdentifier {
  const hit = cache.get(raw);
  if (hit) return hit;
  const value = canonicalUncached(raw);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, value);
  return value;
}

/** Reads back the project's own canonical URIs (`urn:zhuisu:<scheme>:[<kind>:]<code>`), which events may name. */
function parseOwnUrn(raw: string): ReturnType<typeof parse> | null {
  const m = /^urn:zhuisu:([a-z-]+):(?:[a-z-]+:)?([^:]+)$/.exec(raw);
  if (!m || !(m[1]! in SCHEME_CATEGORY || m[1] === 'platform-code' || m[1] === 'uscc')) return null;
  const inner = parse(m[2]!);
  return inner.valid && inner.canonical === raw ? inner : null;
}

/**
 * The common shape of item and lot identifiers in captured events, already in constrained canonical form (GS1
 * Digital Link 1.2 §4.x: id.gs1.org, GTIN-14, one serial or one lot of digits, letters, '.', '_' or '-', none of
 * which percent-encoding may change). Such a string is its own canonical form; the full parser is skipped.
 * GS1 General Specifications: AI (21) and (10) are X..20 over CSET 82, of which this set is a subset.
 */
const CANONICAL_DL = /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/(?:21|10)\/[A-Za-z0-9._-]{1,20}$/;

function canonicalUncached(raw: string): CanonicalIdentifier {
  const fast = CANONICAL_DL.exec(raw);
  if (fast && isValidGs1CheckDigit(fast[1]!))
    return { canonical: raw, scheme: 'gs1-digital-link', category: null, gtin: fast[1]! };
  const result = (raw.startsWith('urn:zhuisu:') ? parseOwnUrn(raw) : null) ?? parse(raw);
  if (result.valid && result.canonical) {
    const fields = result.fields as { category?: string; ai?: Record<string, string> };
    const category =
      result.scheme === 'platform-code'
        ? (PLATFORM_CATEGORY[fields.category ?? ''] ?? null)
        : (SCHEME_CATEGORY[result.scheme] ?? null);
    return { canonical: result.canonical, scheme: result.scheme, category, gtin: fields.ai?.['01'] ?? null };
  }
  return { canonical: raw, scheme: 'uri', category: null, gtin: null };
}

function vocabWord(value: unknown, vocab: cbv.CbvVocabulary): string | null {
  const s = str(value);
  if (s === null) return null;
  return cbv.bareWordOf(s, vocab) ?? s;
}

const ROLE_FIELDS: ReadonlyArray<readonly [string, string, 'list' | 'single' | 'quantity']> = [
  ['epcList', 'epc', 'list'],
  ['parentID', 'parent', 'single'],
  ['childEPCs', 'child', 'list'],
  ['inputEPCList', 'input', 'list'],
  ['outputEPCList', 'output', 'list'],
  ['quantityList', 'quantity', 'quantity'],
  ['childQuantityList', 'child_quantity', 'quantity'],
  ['inputQuantityList', 'input_quantity', 'quantity'],
  ['outputQuantityList', 'output_quantity', 'quantity'],
];

/** Parses an ISO 8601 time with offset to epoch milliseconds (validated upstream). */
export function timeOf(value: unknown): number {
  const t = Date.parse(String(value));
  return Number.isNaN(t) ? 0 : t;
}

/** Extracts the stored columns and links of an event. */
export function recordOf(event: Obj): EventRecord {
  const identifiers: NamedIdentifier[] = [];
  const seen = new Set<string>();
  const push = (raw: string, role: string, quantity: number | null, uom: string | null) => {
    const c = canonicalIdentifier(raw);
    const key = `${c.canonical}\u0000${role}`;
    if (seen.has(key)) {
      // The same identifier twice in one role (quantities of one class): add the quantities up.
      const prev = identifiers.find((i) => i.canonical === c.canonical && i.role === role);
      if (prev && quantity !== null) prev.quantity = (prev.quantity ?? 0) + quantity;
      return;
    }
    seen.add(key);
    identifiers.push({ raw, role, quantity, uom, ...c });
  };
  for (const [field, role, shape] of ROLE_FIELDS) {
    const value = event[field];
    if (shape === 'single') {
      const s = str(value);
      if (s) push(s, role, null, null);
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (shape === 'list') {
          const s = str(item);
          if (s) push(s, role, null, null);
        } else if (isRecord(item)) {
          const s = str(item.epcClass);
          const q =
            typeof item.quantity === 'number'
              ? item.quantity
              : item.quantity === undefined
                ? null
                : Number(item.quantity);
          if (s) push(s, role, q !== null && Number.isFinite(q) ? q : null, str(item.uom));
        }
      }
    }
  }

  const attrs: EventRecord['attrs'] = [];
  const parties: string[] = [];
  if (Array.isArray(event.bizTransactionList)) {
    for (const bt of event.bizTransactionList) {
      if (!isRecord(bt)) continue;
      const value = str(bt.bizTransaction);
      if (value)
        attrs.push({
          kind: 'bizTransaction',
          type: vocabWord(bt.type, cbv.VOCABULARIES.bizTransactionType) ?? '',
          value: canonicalIdentifier(value).canonical,
        });
    }
  }
  for (const [field, kind, key] of [
    ['sourceList', 'source', 'source'],
    ['destinationList', 'destination', 'destination'],
  ] as const) {
    const list = event[field];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isRecord(item)) continue;
      const rawValue = str(item[key]);
      if (!rawValue) continue;
      const value = canonicalIdentifier(rawValue).canonical;
      const type = vocabWord(item.type, cbv.VOCABULARIES.sourceDestType) ?? '';
      attrs.push({ kind, type, value });
      if (type === 'owning_party' || type === 'possessing_party') parties.push(value);
    }
  }
  const pd = event.persistentDisposition;
  if (isRecord(pd)) {
    for (const [field, kind] of [
      ['set', 'persistentDispositionSet'],
      ['unset', 'persistentDispositionUnset'],
    ] as const) {
      const list = pd[field];
      if (Array.isArray(list)) {
        for (const v of list) {
          const w = vocabWord(v, cbv.VOCABULARIES.disposition);
          if (w) attrs.push({ kind, type: '', value: w });
        }
      }
    }
  }
  const transformationID = str(event.transformationID);
  if (transformationID) attrs.push({ kind: 'transformationID', type: '', value: transformationID });

  let errorDeclaration: EventRecord['errorDeclaration'] = null;
  if (isRecord(event.errorDeclaration)) {
    const ed = event.errorDeclaration;
    const corrective = Array.isArray(ed.correctiveEventIDs)
      ? ed.correctiveEventIDs.filter((x): x is string => typeof x === 'string')
      : [];
    errorDeclaration = {
      declarationTime: timeOf(ed.declarationTime),
      reason: vocabWord(ed.reason, cbv.VOCABULARIES.errorReason),
      correctiveEventIDs: corrective,
    };
    if (errorDeclaration.reason)
      attrs.push({ kind: 'errorReason', type: '', value: errorDeclaration.reason });
    for (const id of corrective) attrs.push({ kind: 'correctiveEventID', type: '', value: id });
  }

  const locationId = (v: unknown) => {
    const id = isRecord(v) ? str(v.id) : str(v);
    return id === null ? null : canonicalIdentifier(id).canonical;
  };
  return {
    type: String(event.type),
    action: str(event.action),
    eventTime: timeOf(event.eventTime),
    eventTimeZoneOffset: str(event.eventTimeZoneOffset),
    bizStep: vocabWord(event.bizStep, cbv.VOCABULARIES.bizStep),
    disposition: vocabWord(event.disposition, cbv.VOCABULARIES.disposition),
    readPoint: locationId(event.readPoint),
    bizLocation: locationId(event.bizLocation),
    identifiers,
    attrs,
    parties,
    eventID: str(event.eventID),
    errorDeclaration,
  };
}
