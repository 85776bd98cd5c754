/**
 * Offline handling of the EPCIS 2.0 JSON-LD context: the known context URLs resolve to the prefixes the
 * standard context defines, and prefixes declared in inline `@context` objects are honoured, so extension
 * keys (`example:myField`) can be expanded to full IRIs without any network access.
 */
import type { JsonLdContext } from './epcis.types.js';

/** The ratified EPCIS 2.0.0 context URL (EPCIS 2.0 §9.2). */
export const EPCIS_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** Context URLs that resolve offline to the EPCIS 2.0 context (ratified, unversioned, pre-ratification draft). */
export const KNOWN_CONTEXT_URLS: ReadonlySet<string> = new Set([
  EPCIS_CONTEXT_URL,
  'https://ref.gs1.org/standards/epcis/epcis-context.jsonld',
  'https://gs1.github.io/EPCIS/epcis-context.jsonld',
]);

/** Prefixes defined by the EPCIS 2.0.0 context itself (they are @protected there). */
export const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: 'https://ref.gs1.org/cbv/',
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: 'https://gs1.org/voc/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcterms: 'http://purl.org/dc/terms/',
};

/** Prefix → namespace IRI, plus whole terms (`"myField": {"@id": …}`) → IRI. */
export interface Namespaces {
  prefixes: Map<string, string>;
  terms: Map<string, string>;
}

/** The standard namespaces only (what a document with just the EPCIS context declares). */
export function standardNamespaces(): Namespaces {
  return { prefixes: new Map(Object.entries(STANDARD_PREFIXES)), terms: new Map() };
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Whether `value` is an absolute IRI (has a scheme, RFC 3987 §2.2). */
export const isAbsoluteIri = (value: string): boolean => SCHEME.test(value) && !/\s/.test(value);

/**
 * Add the declarations of `context` to `base` (a new object is returned; inner contexts override outer ones,
 * as in JSON-LD 1.1 §4.1). Unknown context URLs are kept as opaque: they are never fetched.
 */
export function withContext(base: Namespaces, context: JsonLdContext | undefined): Namespaces {
  if (context === undefined) return base;
  const out: Namespaces = { prefixes: new Map(base.prefixes), terms: new Map(base.terms) };
  const list = Array.isArray(context) ? context : [context];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    for (const [key, value] of Object.entries(item)) {
      if (key.startsWith('@')) continue;
      if (typeof value === 'string' && isAbsoluteIri(value)) {
        // NOTE: a term whose IRI ends in a gen-delim is a prefix (JSON-LD 1.1 §4.1.5); others are plain terms,
        // but EPCIS documents routinely declare `"ext": "https://example.com/ns"` as a prefix, so both serve.
        out.prefixes.set(key, value);
        out.terms.set(key, value);
      } else if (value !== null && typeof value === 'object') {
        const id = (value as Record<string, unknown>)['@id'];
        if (typeof id === 'string') out.terms.set(key, expandIri(out, id) ?? id);
      }
    }
  }
  return out;
}

/** Expand a compact IRI (`prefix:suffix`) with declared prefixes; absolute IRIs pass through; null otherwise. */
export function expandIri(ns: Namespaces, value: string): string | null {
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const suffix = value.slice(colon + 1);
    const iri = ns.prefixes.get(prefix);
    if (iri !== undefined && !suffix.startsWith('//')) return iri + suffix;
    return isAbsoluteIri(value) ? value : null;
  }
  return ns.terms.get(value) ?? null;
}

/** A namespaced name: its namespace IRI and local name (the XML view of an extension field). */
export interface QName {
  ns: string;
  local: string;
}

/**
 * The namespace and local name of an extension key (`example:myField`, a full IRI, or a declared term), or
 * null when the key is not namespaced (EPCIS 2.0 §7.1.2 requires every extension to be).
 */
export function qnameOfKey(ns: Namespaces, key: string): QName | null {
  const colon = key.indexOf(':');
  if (colon > 0) {
    const prefix = key.slice(0, colon);
    const local = key.slice(colon + 1);
    const iri = ns.prefixes.get(prefix);
    if (iri !== undefined && !local.startsWith('//') && local.length > 0) return { ns: iri, local };
    if (isAbsoluteIri(key)) return splitIri(key);
    return null;
  }
  const term = ns.terms.get(key);
  return term === undefined ? null : splitIri(term);
}

/** Split a full IRI into namespace and local name at the last `#`, `/` or `:`. */
export function splitIri(iri: string): QName {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'), iri.lastIndexOf(':'));
  return { ns: iri.slice(0, cut + 1), local: iri.slice(cut + 1) };
}

/** The `@context` value of a JSON-LD object, if any. */
export const contextOf = (obj: unknown): JsonLdContext | undefined =>
  obj !== null && typeof obj === 'object'
    ? ((obj as Record<string, unknown>)['@context'] as JsonLdContext)
    : undefined;
