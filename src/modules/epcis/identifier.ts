/**
 * Identifier canonicalisation for the event hash and validation, delegated to the codes module: EPC URNs and
 * GS1 Digital Link URIs become the constrained canonical Digital Link (CBV 2.0 §8.9, step "identifiers").
 */
import { parse } from '../codes/index.js';

const GS1_URI_SCHEMES: ReadonlySet<string> = new Set(['epc-urn', 'gs1-digital-link']);

/**
 * Locations, classes and parties repeat across events, and parsing dominates hashing cost, so results are
 * memoised; the bound keeps memory flat (the map is simply emptied when full).
 */
const CACHE_LIMIT = 50_000;
const cache = new Map<string, string | null>();

/** Whether a string looks like an EPC URN or a web URI, the only forms the hash rewrites. */
const looksLikeGs1Uri = (value: string): boolean =>
  value.startsWith('urn:epc:') || /^https?:\/\//.test(value);

/**
 * The constrained canonical Digital Link of an EPC URN or GS1 Digital Link URI, or null when the value is neither
 * (or is not a valid one). Bare numbers are never treated as keys here: only URIs name identifiers in EPCIS.
 */
export function canonicaliseId(value: string): string | null {
  if (!looksLikeGs1Uri(value)) return null;
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const result = parse(value);
  const canonical =
    !result.valid || result.canonical === null || !GS1_URI_SCHEMES.has(result.scheme)
      ? null
      : result.canonical;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(value, canonical);
  return canonical;
}

/** Validation hook: an EPC URN must parse (EPC TDS 2.x); other URIs are accepted as they are. */
export function identifierProblem(value: string): string | null {
  if (!value.startsWith('urn:epc:id:') && !value.startsWith('urn:epc:class:')) return null;
  const result = parse(value);
  if (result.valid) return null;
  return result.errors.map((e) => e.message).join('; ') || 'not a valid EPC URN';
}
