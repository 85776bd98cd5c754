/**
 * THE entry point of the codes module: takes any string a person or a scanner produces and answers
 * what it is (issue 3). It never throws. GS1 schemes are read here; the Chinese schemes and the
 * platform trace code are delegated to `cn/` and `platform/`.
 *
 * Detection order, and why:
 * 1. http(s) URIs: GS1 Digital Link when the path holds a GS1 primary key, else a platform code URL.
 * 2. `urn:epc:` URIs: EPC identity, class and pattern URIs.
 * 3. Element strings: bracketed `(01)…`, led by a GS1 symbology identifier, or holding GS (FNC1).
 * 4. `gtin:`, `gln:`, `sscc:` prefixes name the key explicitly.
 * 5. Bare digits: 8/12/13/14 → GTIN, 18 → SSCC when the GS1 check digit holds. A bare 13-digit number
 *    is read as a GTIN-13 (what shop scanners produce), never as a GLN: a GLN is recognised only as
 *    `gln:<13 digits>` or `(414)<13 digits>`. Numbers whose GS1 check fails are offered to the Chinese
 *    parsers (a 13-character detonator code may be all digits) before being reported as a bad GTIN/SSCC.
 * 6. The platform code, the Chinese schemes, then a raw element string without GS (e.g. `0109506000134352`).
 */
import { parseChinese } from './cn/index.js';
import { aiAt, dlKeySequences } from './gs1/ai.js';
import { constrainedCanonical, isHttpUri, parseDigitalLink } from './gs1/digital-link.js';
import {
  aiMap,
  formatElementString,
  looksLikeElementString,
  parseElementString,
} from './gs1/element-string.js';
import { parseEpcUrn } from './gs1/epc-urn.js';
import { inputPosition, MAX_CODE_LENGTH, type Normalised, normalise } from './normalise.js';
import { parsePlatformCode } from './platform/index.js';
import type { CodeError, ParseResult, Scheme } from './types.js';

// Single-AI element strings name one key: reported under that key's scheme.
const KEY_SCHEMES: Record<string, Scheme> = { '00': 'sscc', '01': 'gtin', '414': 'gln' };

function result(
  input: string,
  n: Normalised,
  scheme: Scheme,
  fields: Record<string, unknown>,
  errors: CodeError[],
  canonical: string | null,
): ParseResult {
  const mapped = errors.map((e) =>
    e.position === undefined ? e : { ...e, position: inputPosition(n, e.position) },
  );
  const valid = mapped.length === 0 && canonical !== null;
  return { input, scheme, valid, canonical: valid ? canonical : null, fields, errors: mapped };
}

function gs1Result(
  input: string,
  n: Normalised,
  scheme: Scheme,
  elements: readonly { ai: string; value: string }[],
  errors: CodeError[],
  extra: Record<string, unknown> = {},
): ParseResult {
  const fields: Record<string, unknown> = { ai: aiMap(elements), ...extra };
  const key = elements.find((e) => dlKeySequences(e.ai) !== null);
  if (key) fields.key = key.ai;
  if (elements.length > 0) fields.elementString = formatElementString(elements, { brackets: true });
  const canonical = errors.length === 0 ? constrainedCanonical(elements) : null;
  if (errors.length === 0 && canonical === null) {
    errors.push({
      code: 'CODES_NO_KEY',
      message: 'no AI here is a GS1 identification key (e.g. 01 GTIN, 00 SSCC)',
    });
  }
  return result(input, n, scheme, fields, errors, canonical);
}

// A bare key: digits only, checked as the element string "(ai)value" would be, positions kept.
function bareKey(
  input: string,
  n: Normalised,
  ai: string,
  scheme: Scheme,
  value: string,
  at: number,
): ParseResult {
  const padded = ai === '01' ? value.padStart(14, '0') : value;
  const parsed = parseElementString(`(${ai})${padded}`, { pairings: false });
  const shift = at - (ai.length + 2) - (padded.length - value.length);
  const errors = parsed.errors.map((e) =>
    e.position === undefined ? e : { ...e, position: Math.max(at, e.position + shift) },
  );
  return gs1Result(input, n, scheme, parsed.elements, errors);
}

function unknown(input: string, n: Normalised, errors: CodeError[]): ParseResult {
  return result(input, n, 'unknown', {}, errors, null);
}

const UNRECOGNISED: CodeError = {
  code: 'CODES_UNRECOGNISED',
  message: 'not a GS1 code, EPC URI, Chinese trace code or platform code that this platform knows',
};

/** Parses any code string into scheme, validity, canonical form, fields and errors; never throws. */
export function parse(input: string): ParseResult {
  try {
    return parseUnsafe(typeof input === 'string' ? input : String(input));
  } catch (err) {
    // A defect in a parser must not take down a scan: answer, and say it is our fault.
    return {
      input: String(input),
      scheme: 'unknown',
      valid: false,
      canonical: null,
      fields: {},
      errors: [{ code: 'CODES_INTERNAL', message: `parser failure: ${(err as Error).message}` }],
    };
  }
}

function parseUnsafe(input: string): ParseResult {
  const n = normalise(input);
  if (n.tooLong) {
    return unknown(input, n, [
      {
        code: 'CODES_TOO_LONG',
        message: `input has ${input.length} characters; codes are at most ${MAX_CODE_LENGTH}`,
        position: MAX_CODE_LENGTH,
      },
    ]);
  }
  const text = n.text;
  if (text === '')
    return unknown(input, n, [{ code: 'CODES_EMPTY', message: 'the input is empty or blank' }]);

  if (isHttpUri(text)) {
    const dl = parseDigitalLink(text);
    // A platform-code URL (`<base>/q/<code>`) has one path segment that could pass for a compressed Digital Link.
    if (!dl.isDigitalLink && /\/q\/[^/]+\/?$/i.test(text.split(/[?#]/)[0] ?? '')) {
      const platform = parsePlatformCode(text);
      if (platform) return platform;
    }
    if (dl.isDigitalLink || dl.errors.some((e) => e.code === 'CODES_DL_COMPRESSED')) {
      const extra: Record<string, unknown> = { host: dl.origin };
      if (dl.pathPrefix) extra.pathPrefix = dl.pathPrefix;
      if (dl.otherParams.length) extra.otherParams = Object.fromEntries(dl.otherParams);
      return gs1Result(input, n, 'gs1-digital-link', dl.elements, dl.errors, extra);
    }
    // Platform code URLs and pesticide QR URLs are http(s) too.
    return parsePlatformCode(text) ?? parseChinese(text) ?? unknown(input, n, dl.errors);
  }

  if (/^urn:epc:/i.test(text)) {
    const epc = parseEpcUrn(text);
    const extra = { epcScheme: epc.scheme, epcForm: epc.form, gcpLength: epc.gcpLength };
    const errors = epc.errors.map((e) => ({ ...e }));
    return gs1Result(input, n, 'epc-urn', epc.elements, errors, extra);
  }

  // The platform's own URIs of the Chinese codes (`urn:zhuisu:<scheme>:…`, as its EPCIS answers and exports name
  // them) read back as the code they name.
  if (/^urn:zhuisu:/i.test(text)) {
    const value = text.slice(text.lastIndexOf(':') + 1);
    const inner = value ? parseUnsafe(value) : null;
    if (inner?.valid && inner.canonical?.toLowerCase() === text.toLowerCase()) return { ...inner, input };
    return unknown(input, n, [
      {
        code: 'CODES_UNRECOGNISED',
        message: `not the platform URI of a code this platform knows (urn:zhuisu:<scheme>:<code>)`,
      },
    ]);
  }

  if (looksLikeElementString(text)) return elementString(input, n, text);

  const prefixed = /^(gtin|gln|sscc)[:：]\s*(\d+)$/i.exec(text);
  if (prefixed) {
    const kind = (prefixed[1] as string).toLowerCase() as 'gtin' | 'gln' | 'sscc';
    const digits = prefixed[2] as string;
    const ai = kind === 'gtin' ? '01' : kind === 'gln' ? '414' : '00';
    return bareKey(input, n, ai, kind, digits, text.length - digits.length);
  }

  if (/^\d+$/.test(text)) {
    const len = text.length;
    if (len === 8 || len === 12 || len === 13 || len === 14 || len === 18) {
      const ai = len === 18 ? '00' : '01';
      const gs1 = bareKey(input, n, ai, len === 18 ? 'sscc' : 'gtin', text, 0);
      if (gs1.valid) return gs1;
      const cn = parseChinese(text);
      return cn?.valid ? cn : gs1;
    }
  }

  const platform = parsePlatformCode(text);
  if (platform?.valid) return platform;
  const cn = parseChinese(text);
  if (cn?.valid) return cn;
  // A raw element string without GS, as scanners without symbology identifiers send it.
  if (aiAt(text, 0) !== null) {
    const raw = elementString(input, n, text);
    if (raw.valid || (!platform && !cn)) return raw;
  }
  return platform ?? cn ?? unknown(input, n, [UNRECOGNISED]);
}

function elementString(input: string, n: Normalised, text: string): ParseResult {
  const es = parseElementString(text);
  const only = es.elements.length === 1 ? es.elements[0]?.ai : undefined;
  const scheme = (only !== undefined ? KEY_SCHEMES[only] : undefined) ?? 'gs1-element-string';
  const extra: Record<string, unknown> = {};
  if (es.symbologyId) extra.symbologyId = es.symbologyId;
  return gs1Result(input, n, scheme, es.elements, es.errors, extra);
}
