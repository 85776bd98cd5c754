/**
 * Shapes stored events into EPCIS 2.0 query replies: the EPCISQueryDocument (EPCIS 2.0 §9.4), one `@context`
 * for the whole document, and identifiers in the format the client asked for with `GS1-EPC-Format`.
 */

import { isRecord } from '../../lib/values.js';
import { digitalLinkToEpcUrn, epcUrnToDigitalLink } from '../codes/index.js';
import { EPCIS_CONTEXT_URL } from '../epcis/index.js';

type Obj = Record<string, unknown>;

/** The identifier formats of the `GS1-EPC-Format` header (EPCIS 2.0 §12.4). */
export type EpcFormat = 'No_Preference' | 'Always_GS1_Digital_Link' | 'Always_EPC_URN' | 'Never_Translates';

const ID_LISTS = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'];
const QTY_LISTS = ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'];

function convert(id: string, format: EpcFormat, gcpLength: number | undefined): string {
  if (format === 'Always_GS1_Digital_Link' && id.startsWith('urn:epc:'))
    return epcUrnToDigitalLink(id).value ?? id;
  if (format === 'Always_EPC_URN' && id.startsWith('https://')) {
    return digitalLinkToEpcUrn(id, gcpLength === undefined ? {} : { gcpLength }).value ?? id;
  }
  return id;
}

/** Rewrites an event's identifiers to the requested format (a copy; the stored event is untouched). */
export function formatIdentifiers(event: Obj, format: EpcFormat, gcpLength?: number): Obj {
  if (format === 'No_Preference' || format === 'Never_Translates') return event;
  const out: Obj = { ...event };
  for (const f of ID_LISTS)
    if (Array.isArray(out[f]))
      out[f] = (out[f] as unknown[]).map((x) => (typeof x === 'string' ? convert(x, format, gcpLength) : x));
  for (const f of QTY_LISTS) {
    if (Array.isArray(out[f])) {
      out[f] = (out[f] as unknown[]).map((q) =>
        isRecord(q) && typeof q.epcClass === 'string'
          ? { ...q, epcClass: convert(q.epcClass, format, gcpLength) }
          : q,
      );
    }
  }
  if (typeof out.parentID === 'string') out.parentID = convert(out.parentID, format, gcpLength);
  for (const f of ['readPoint', 'bizLocation']) {
    const v = out[f];
    if (isRecord(v) && typeof v.id === 'string') out[f] = { ...v, id: convert(v.id, format, gcpLength) };
  }
  return out;
}

/**
 * Hoists the stored events' `@context` prefixes into one document context. An event whose prefix clashes with
 * another event's keeps its own `@context`, so every extension still resolves to its namespace.
 */
export function hoistContexts(events: Obj[]): { context: unknown[]; events: Obj[] } {
  const prefixes: Record<string, string> = {};
  const out = events.map((e) => {
    const ctx = e['@context'];
    const entries = Array.isArray(ctx) ? ctx : ctx === undefined ? [] : [ctx];
    const local: Record<string, string> = {};
    for (const entry of entries)
      if (isRecord(entry))
        for (const [k, v] of Object.entries(entry)) if (typeof v === 'string') local[k] = v;
    const clash = Object.entries(local).some(([k, v]) => prefixes[k] !== undefined && prefixes[k] !== v);
    if (clash) return e;
    Object.assign(prefixes, local);
    const { '@context': _drop, ...rest } = e;
    return rest;
  });
  return {
    context: Object.keys(prefixes).length > 0 ? [EPCIS_CONTEXT_URL, prefixes] : [EPCIS_CONTEXT_URL],
    events: out,
  };
}

/** An EPCISQueryDocument holding one page of results (EPCIS 2.0 §9.4, JSON binding). */
export function queryDocument(
  events: Obj[],
  options: { queryName?: string; subscriptionID?: string } = {},
): Obj {
  const hoisted = hoistContexts(events);
  const results: Obj = {
    queryName: options.queryName ?? 'SimpleEventQuery',
    resultsBody: { eventList: hoisted.events },
  };
  if (options.subscriptionID) results.subscriptionID = options.subscriptionID;
  return {
    '@context': hoisted.context,
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { queryResults: results },
  };
}
