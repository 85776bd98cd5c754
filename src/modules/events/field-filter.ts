/**
 * The parts of a SimpleEventQuery that look inside the stored document (EPCIS 2.0 §8.2.7.1): EQ_/GT_/… on
 * extension fields, ILMD, inner fields and sensor data, and EXISTS_. Applied in memory to candidate events the
 * SQL part already narrowed. Pure.
 */

import { isRecord } from '../../lib/values.js';
import type { FieldFilter, QueryModel } from '../epcis/index.js';

type Obj = Record<string, unknown>;

/** Namespace prefixes declared in a stored event's `@context`. */
function prefixesOf(doc: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const ctx = doc['@context'];
  const entries = Array.isArray(ctx) ? ctx : [ctx];
  for (const e of entries) {
    if (!isRecord(e)) continue;
    for (const [k, v] of Object.entries(e)) if (typeof v === 'string') out.set(k, v);
  }
  return out;
}

/** The full IRI of a key (`ex:foo` → `https://example.com/foo`), or the key when it has no declared prefix. */
function expand(key: string, prefixes: Map<string, string>): string {
  const i = key.indexOf(':');
  if (i <= 0) return key;
  const ns = prefixes.get(key.slice(0, i));
  return ns ? ns + key.slice(i + 1) : key;
}

/** Values of `field` in an object (matching by the key or its expanded IRI). */
function valuesIn(obj: Obj, field: string, prefixes: Map<string, string>, deep: boolean): unknown[] {
  const out: unknown[] = [];
  const visit = (o: Obj, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      if (k === field || expand(k, prefixes) === field) out.push(v);
      if (deep && depth < 16) {
        if (isRecord(v)) visit(v, depth + 1);
        else if (Array.isArray(v)) for (const x of v) if (isRecord(x)) visit(x, depth + 1);
      }
    }
  };
  visit(obj, 0);
  return out;
}

const STANDARD_EVENT_FIELDS = new Set([
  '@context',
  'type',
  'eventTime',
  'eventTimeZoneOffset',
  'recordTime',
  'eventID',
  'errorDeclaration',
  'epcList',
  'action',
  'bizStep',
  'disposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'ilmd',
  'sensorElementList',
  'persistentDisposition',
  'parentID',
  'childEPCs',
  'quantityList',
  'childQuantityList',
  'inputEPCList',
  'inputQuantityList',
  'outputEPCList',
  'outputQuantityList',
  'transformationID',
  'certificationInfo',
]);

function candidates(doc: Obj, scope: FieldFilter['scope'], field: string): unknown[] {
  const prefixes = prefixesOf(doc);
  switch (scope) {
    case 'event':
      return valuesIn(doc, field, prefixes, false);
    case 'ilmd':
      return isRecord(doc.ilmd) ? valuesIn(doc.ilmd, field, prefixes, false) : [];
    case 'innerIlmd':
      return isRecord(doc.ilmd)
        ? Object.values(doc.ilmd).flatMap((v) => (isRecord(v) ? valuesIn(v, field, prefixes, true) : []))
        : [];
    case 'inner': {
      const out: unknown[] = [];
      for (const [k, v] of Object.entries(doc)) {
        if (STANDARD_EVENT_FIELDS.has(k)) continue;
        if (isRecord(v)) out.push(...valuesIn(v, field, prefixes, true));
        else if (Array.isArray(v))
          for (const x of v) if (isRecord(x)) out.push(...valuesIn(x, field, prefixes, true));
      }
      return out;
    }
    case 'sensorMetadata':
    case 'sensorReport': {
      const out: unknown[] = [];
      const list = Array.isArray(doc.sensorElementList) ? doc.sensorElementList : [];
      for (const el of list) {
        if (!isRecord(el)) continue;
        if (scope === 'sensorMetadata' && isRecord(el.sensorMetadata))
          out.push(...valuesIn(el.sensorMetadata, field, prefixes, false));
        if (scope === 'sensorReport' && Array.isArray(el.sensorReport)) {
          for (const r of el.sensorReport) if (isRecord(r)) out.push(...valuesIn(r, field, prefixes, false));
        }
      }
      return out;
    }
  }
}

function comparable(v: unknown): number | string | boolean | null {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v;
  if (isRecord(v) && '@value' in v) return comparable(v['@value']);
  return null;
}

function asNumberOrTime(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.trim())) return Number(v);
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function matchesFilter(doc: Obj, f: FieldFilter): boolean {
  const found = candidates(doc, f.scope, f.field)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .map(comparable);
  if (f.op === 'EQ') return found.some((v) => v !== null && f.values.some((w) => String(w) === String(v)));
  const target = asNumberOrTime(f.values[0]);
  if (target === null) return false;
  return found.some((v) => {
    const n = asNumberOrTime(v);
    if (n === null) return false;
    switch (f.op) {
      case 'GT':
        return n > target;
      case 'GE':
        return n >= target;
      case 'LT':
        return n < target;
      default:
        return n <= target;
    }
  });
}

/** Whether a stored event passes the in-document parts of a query. */
export function passesDocumentFilters(doc: Obj, model: Pick<QueryModel, 'fields' | 'exists'>): boolean {
  for (const f of model.fields) if (!matchesFilter(doc, f)) return false;
  for (const e of model.exists) if (candidates(doc, e.scope, e.field).length === 0) return false;
  return true;
}

/** Whether the query has parts only the document can answer. */
export const needsDocumentFilter = (model: Pick<QueryModel, 'fields' | 'exists'>): boolean =>
  model.fields.length > 0 || model.exists.length > 0;
