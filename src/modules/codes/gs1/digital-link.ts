/**
 * GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax 1.x): any host, an optional path
 * prefix, then a primary key, its qualifiers in the order the key allows, and data attributes in the
 * query string. Short names of DL 1.1 (`/gtin/`, `/ser/` …) are read; output uses numeric AIs.
 */
import type { CodeError } from '../types.js';
import {
  checkPairings,
  DL_SHORT_NAMES,
  dlKeySequences,
  dlQualifiers,
  LEGACY_DL_KEYS,
  lookupAi,
  validateAiValue,
} from './ai.js';
import type { AiElement } from './element-string.js';
import { hasStructuralError } from './gs1.errors.js';

/** The canonical host of GS1 Digital Link (DL URI Syntax §4 "canonical GS1 Digital Link URI"). */
export const CANONICAL_HOST = 'https://id.gs1.org';

/** What `parseDigitalLink` finds. `elements` lists key, qualifiers (path order) then attributes. */
export interface DigitalLinkResult {
  /** False when the input is not an http(s) URI with a GS1 primary key in its path. */
  isDigitalLink: boolean;
  elements: AiElement[];
  key: string | null;
  /** Scheme and authority, e.g. `https://example.com`. */
  origin: string;
  /** Path segments before the key (a custom prefix such as `/products`). */
  pathPrefix: string;
  /** Query parameters that are not GS1 AIs (e.g. `linkType`), in order. */
  otherParams: [string, string][];
  fragment: string | null;
  errors: CodeError[];
}

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/**
 * Percent-encodes a value for a Digital Link path or query: every character outside the RFC 3986
 * unreserved set is encoded (DL URI Syntax §7, Table 7-1 lists the CSET 82 characters that must be).
 */
export function dlEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  // NOTE: the CBV 2.0 hash reference (epclist_normalisation vector) percent-encodes `!()*` but keeps `'` literal,
  // as RFC 3986 allows for a sub-delimiter in a path segment.
  return encodeURIComponent(value).replace(
    /[!()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decode(segment: string, position: number, errors: CodeError[]): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    errors.push({
      code: 'CODES_BAD_PERCENT_ENCODING',
      message: `"${segment}" is not valid percent-encoding`,
      position,
    });
    return segment;
  }
}

function resolveAi(segment: string): string | null {
  const c = segment.charCodeAt(0);
  if (c >= 48 && c <= 57) return segment.length <= 4 && lookupAi(segment) ? segment : null;
  return Object.hasOwn(DL_SHORT_NAMES, segment) ? (DL_SHORT_NAMES[segment] as string) : null;
}

// GS1 Digital Link URI Syntax accepts a GTIN-8, -12 or -13 after /01/: it is the same GTIN without its
// leading zeros, and the canonical form pads it to 14 digits.
function padGtin(value: string): string {
  const n = value.length;
  return (n === 8 || n === 12 || n === 13) && /^\d+$/.test(value) ? value.padStart(14, '0') : value;
}

/** True when `text` starts with `http://` or `https://` (any case). */
export function isHttpUri(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** Parses a Digital Link URI; never throws. */
export function parseDigitalLink(uri: string): DigitalLinkResult {
  const errors: CodeError[] = [];
  const result: DigitalLinkResult = {
    isDigitalLink: false,
    elements: [],
    key: null,
    origin: '',
    pathPrefix: '',
    otherParams: [],
    fragment: null,
    errors,
  };
  if (!isHttpUri(uri)) {
    errors.push({
      code: 'CODES_BAD_SYNTAX',
      message: 'a Digital Link starts with http:// or https://',
      position: 0,
    });
    return result;
  }
  const authStart = uri.indexOf('//') + 2;
  let end = uri.length;
  const hashAt = uri.indexOf('#');
  if (hashAt >= 0) {
    result.fragment = uri.slice(hashAt + 1);
    end = hashAt;
  }
  const queryAt = uri.indexOf('?');
  const pathEnd = queryAt >= 0 && queryAt < end ? queryAt : end;
  let pathStart = uri.indexOf('/', authStart);
  if (pathStart < 0 || pathStart > pathEnd) pathStart = pathEnd;
  result.origin = uri.slice(0, pathStart);
  if (pathStart === authStart) {
    errors.push({ code: 'CODES_BAD_SYNTAX', message: 'the URI has no host', position: authStart });
    return result;
  }
  // Split the path into segments with their positions; a trailing "/" adds nothing.
  const segs: string[] = [];
  const segPos: number[] = [];
  let s = pathStart + 1;
  while (s <= pathEnd) {
    let e = uri.indexOf('/', s);
    if (e < 0 || e > pathEnd) e = pathEnd;
    if (e > s || e < pathEnd) {
      segs.push(uri.slice(s, e));
      segPos.push(s);
    }
    s = e + 1;
  }
  // Walk (AI, value) pairs from the right to the primary key; what precedes it is a path prefix.
  let keyIndex = -1;
  for (let i = segs.length - 2; i >= 0; i -= 2) {
    const ai = resolveAi(segs[i] as string);
    if (ai === null) break;
    if (dlKeySequences(ai)) {
      keyIndex = i;
      break;
    }
  }
  if (keyIndex < 0) {
    const last = segs[segs.length - 1] ?? '';
    const compressed = /^[A-Za-z0-9_-]{7,}$/.test(last) && !/^\d+$/.test(last);
    errors.push(
      compressed
        ? {
            code: 'CODES_DL_COMPRESSED',
            message: 'compressed GS1 Digital Link URIs are not supported; use the uncompressed form',
            position: segPos[segs.length - 1] ?? pathStart,
          }
        : {
            code: 'CODES_DL_NO_KEY',
            message: 'the path holds no GS1 primary key (e.g. /01/<GTIN>)',
            position: pathStart,
          },
    );
    return result;
  }
  result.isDigitalLink = true;
  result.pathPrefix = uri.slice(pathStart, segPos[keyIndex]! - 1);
  const key = resolveAi(segs[keyIndex] as string) as string;
  result.key = key;
  const pathAis: string[] = [];
  for (let i = keyIndex; i < segs.length; i += 2) {
    const ai = resolveAi(segs[i] as string) as string;
    const raw = segs[i + 1] as string;
    let value = decode(raw, segPos[i + 1] as number, errors);
    if (ai === '01') value = padGtin(value);
    pathAis.push(ai);
    result.elements.push({ ai, value, position: segPos[i + 1] as number });
  }
  checkQualifiers(key, pathAis, result.elements, errors);
  if (queryAt >= 0 && queryAt < end) readQuery(uri, queryAt + 1, end, result, errors);
  const seen = new Set<string>();
  for (const el of result.elements) {
    if (seen.has(el.ai)) {
      errors.push({
        code: 'CODES_DUPLICATE_AI',
        message: `AI (${el.ai}) occurs twice`,
        position: el.position,
      });
      continue;
    }
    seen.add(el.ai);
    errors.push(...validateAiValue(el.ai, el.value, el.position));
  }
  if (errors.length === 0) {
    errors.push(
      ...checkPairings(
        result.elements.map((e) => e.ai),
        result.elements.map((e) => e.position),
      ),
    );
  }
  return result;
}

// GS1 DL URI Syntax §4: qualifiers follow the key in one of the orders the Syntax Dictionary's
// `dlpkey` attribute allows, each at most once, and alternatives are not mixed.
function checkQualifiers(key: string, pathAis: string[], elements: AiElement[], errors: CodeError[]): void {
  const quals = pathAis.slice(1);
  if (quals.length === 0) return;
  const sequences = dlKeySequences(key) ?? [[]];
  const allowed = dlQualifiers(key);
  for (let i = 0; i < quals.length; i++) {
    const q = quals[i] as string;
    if (!allowed.has(q)) {
      errors.push({
        code: 'CODES_DL_NOT_QUALIFIER',
        message: `AI (${q}) is not a Digital Link qualifier of key (${key})${allowed.size ? `; allowed: ${[...allowed].join(', ')}` : ''}`,
        position: (elements[i + 1] as AiElement).position,
      });
      return;
    }
  }
  const fits = sequences.some((seq) => {
    let at = -1;
    for (const q of quals) {
      const next = seq.indexOf(q);
      if (next <= at) return false;
      at = next;
    }
    return true;
  });
  if (!fits) {
    errors.push({
      code: 'CODES_DL_QUALIFIER_ORDER',
      message: `qualifiers ${quals.map((q) => `/${q}`).join('')} of key (${key}) are out of order; allowed: ${sequences.map((s) => s.join(',')).join(' or ')}`,
      position: (elements[1] as AiElement).position,
    });
  }
}

function readQuery(
  uri: string,
  start: number,
  end: number,
  result: DigitalLinkResult,
  errors: CodeError[],
): void {
  let s = start;
  while (s < end) {
    let e = uri.indexOf('&', s);
    if (e < 0 || e > end) e = end;
    const pair = uri.slice(s, e);
    if (pair) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
      const ai = /^\d{2,4}$/.test(name) ? (lookupAi(name) ? name : null) : (DL_SHORT_NAMES[name] ?? null);
      const position = s + (eq < 0 ? 0 : eq + 1);
      if (ai === null && /^\d{2,4}$/.test(name)) {
        errors.push({
          code: 'CODES_UNKNOWN_AI',
          message: `query parameter ${name} is not a GS1 AI`,
          position: s,
        });
      } else if (ai === null) {
        result.otherParams.push([decode(name, s, errors), decode(rawValue, position, errors)]);
      } else if (!lookupAi(ai)?.dlAttribute) {
        errors.push({
          code: 'CODES_DL_NOT_ATTRIBUTE',
          message: `AI (${ai}) is not allowed as a Digital Link data attribute`,
          position: s,
        });
      } else {
        result.elements.push({ ai, value: decode(rawValue, position, errors), position });
      }
    }
    s = e + 1;
  }
}

// Qualifiers that are part of an EPC (GS1 EPC Tag Data Standard 2.x §6): serial (21), TPX (235),
// GLN extension (254), CPI serial (8011), and the lot (10) that makes an LGTIN class.
const EPC_QUALIFIERS = new Set(['21', '235', '254', '8011']);

/**
 * The constrained canonical Digital Link of CBV 2.0 §8.9 (event hash) for a key and its qualifiers:
 * host `https://id.gs1.org`, numeric AIs, GTIN padded to 14 digits, only the finest identification
 * level that makes an EPC (a serial/TPX/GLN extension/CPI serial if present, else the lot for 01 and
 * 8006), no CPV, no data attributes, no query string. Returns null when there is no key.
 */
export function constrainedCanonical(elements: readonly { ai: string; value: string }[]): string | null {
  const keyEl = elements.find((e) => dlKeySequences(e.ai) !== null);
  if (!keyEl) return null;
  const key = keyEl.ai;
  const allowed = dlQualifiers(key);
  const quals = elements.filter((e) => e !== keyEl && allowed.has(e.ai));
  let out = `${CANONICAL_HOST}/${key}/${dlEncode(key === '01' ? padGtin(keyEl.value) : keyEl.value)}`;
  const fine = quals.filter((q) => EPC_QUALIFIERS.has(q.ai));
  const kept = fine.length > 0 ? fine : quals.filter((q) => q.ai === '10');
  for (const q of kept) out += `/${q.ai}/${dlEncode(q.value)}`;
  return out;
}

/** Options of `formatDigitalLink`. */
export interface DigitalLinkFormatOptions {
  /** Scheme and host, default `https://id.gs1.org`. */
  origin?: string;
  /** Extra non-GS1 query parameters, written after the AI attributes. */
  otherParams?: readonly [string, string][];
  /** Fragment to append after `#`. */
  fragment?: string;
  /** Write DL 1.1 short names (`/gtin/`, `/ser/`, `?exp=`) where one exists (deprecated; for old resolvers). */
  shortNames?: boolean;
}

const SHORT_NAME_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DL_SHORT_NAMES).map(([name, ai]) => [ai, name]),
);

// A URI stem: http(s), a host of letters, digits, dots and hyphens, an optional port ≤ 65535, and an
// optional path without blanks or reserved delimiters.
function isValidStem(stem: string): boolean {
  const m = /^https?:\/\/[A-Za-z0-9.-]+(?::(\d{1,5}))?(?:\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?$/.exec(stem);
  return m !== null && (m[1] === undefined || Number(m[1]) <= 65535);
}

/** The result of a conversion: the value when it could be built, and every problem found. */
export interface ConvertResult {
  value: string | null;
  errors: CodeError[];
}

/**
 * Builds a Digital Link from AI elements: the first primary key (a current key before the legacy
 * GLN-role keys), its qualifiers in the `dlpkey` order, then every other AI as a query attribute
 * (which must carry the dictionary's `?` flag).
 */
export function formatDigitalLink(
  elements: readonly { ai: string; value: string }[],
  options: DigitalLinkFormatOptions = {},
): ConvertResult {
  const errors: CodeError[] = [];
  // RFC 3986 §6.2.3: the default port of the scheme is left out.
  const origin = (options.origin ?? CANONICAL_HOST)
    .replace(/\/+$/, '')
    .replace(/^(https:\/\/[^/:]+):443(?=\/|$)|^(http:\/\/[^/:]+):80(?=\/|$)/i, '$1$2');
  if (!isValidStem(origin)) {
    return {
      value: null,
      errors: [{ code: 'CODES_DL_BAD_STEM', message: `"${origin}" is not a valid URI stem` }],
    };
  }
  const name = (ai: string): string => (options.shortNames ? (SHORT_NAME_OF[ai] ?? ai) : ai);
  for (const el of elements) errors.push(...validateAiValue(el.ai, el.value));
  errors.push(...checkPairings(elements.map((e) => e.ai)));
  const keyEl =
    elements.find((e) => lookupAi(e.ai)?.dlpkey) ?? elements.find((e) => LEGACY_DL_KEYS.has(e.ai));
  if (!keyEl) {
    errors.push({ code: 'CODES_DL_NO_KEY', message: 'no AI is a GS1 Digital Link primary key' });
    return { value: null, errors };
  }
  const sequences = dlKeySequences(keyEl.ai) ?? [[]];
  const union = new Set(sequences.flat());
  const quals = elements.filter((e) => e !== keyEl && union.has(e.ai)).map((e) => e.ai);
  const covered = (sq: readonly string[]): number => quals.filter((q) => sq.includes(q)).length;
  // The alternative that takes every qualifier present, else the one that takes most of them.
  const seq = sequences.reduce((best, sq) => (covered(sq) > covered(best) ? sq : best), sequences[0] ?? []);
  let path = `/${name(keyEl.ai)}/${dlEncode(keyEl.ai === '01' ? padGtin(keyEl.value) : keyEl.value)}`;
  const used = new Set([keyEl]);
  for (const q of seq) {
    const el = elements.find((e) => e.ai === q);
    if (el) {
      path += `/${name(q)}/${dlEncode(el.value)}`;
      used.add(el);
    }
  }
  const query: string[] = [];
  for (const el of elements) {
    if (used.has(el)) continue;
    if (!lookupAi(el.ai)?.dlAttribute) {
      errors.push({
        code: 'CODES_DL_NOT_ATTRIBUTE',
        message: `AI (${el.ai}) can be neither a qualifier of (${keyEl.ai}) nor a Digital Link data attribute`,
      });
      continue;
    }
    query.push(`${name(el.ai)}=${dlEncode(el.value)}`);
  }
  for (const [k, v] of options.otherParams ?? []) {
    // GS1 DL URI Syntax: all-numeric query keys are reserved for AIs.
    if (/^\d+$/.test(k)) {
      errors.push({
        code: 'CODES_UNKNOWN_AI',
        message: `query parameter "${k}" is all-numeric but not a GS1 AI`,
      });
      continue;
    }
    query.push(v === '' ? dlEncode(k) : `${dlEncode(k)}=${dlEncode(v)}`);
  }
  const value =
    origin +
    path +
    (query.length ? `?${query.join('&')}` : '') +
    (options.fragment ? `#${options.fragment}` : '');
  return { value: hasStructuralError(errors) ? null : value, errors };
}
