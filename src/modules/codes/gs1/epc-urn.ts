/**
 * EPC pure-identity, class and pattern URIs (GS1 EPC Tag Data Standard 2.x §6 "EPC URI", §7
 * "EPC class URI", §8 "EPC pattern URI") to and from GS1 AI elements. An EPC URI splits a key at the
 * end of the GS1 Company Prefix, so going from AIs to an EPC needs the prefix length.
 */
import { gs1CheckDigit } from '../check/gs1.js';
import type { CodeError } from '../types.js';
import type { ConvertResult } from './digital-link.js';

/** AI elements read from an EPC URI, with the URI's form and scheme. */
export interface EpcUrnResult {
  elements: { ai: string; value: string }[];
  /** `id` (pure identity), `class` (lgtin) or `idpat` (pattern with a `*`). */
  form: 'id' | 'class' | 'idpat' | null;
  /** EPC scheme, e.g. `sgtin`. */
  scheme: string | null;
  /** Length of the GS1 Company Prefix the URI carries. */
  gcpLength: number | null;
  errors: CodeError[];
}

// TDS 2.x §5 Table 5-1 (GS3A3 component): characters escaped in EPC URIs.
const EPC_ESCAPES: Record<string, string> = {
  '"': '%22',
  '%': '%25',
  '&': '%26',
  '/': '%2F',
  '<': '%3C',
  '>': '%3E',
  '?': '%3F',
  '#': '%23',
};

/** Escapes a value for an EPC URI component (TDS 2.x §5, Table 5-1). */
export function epcEscape(value: string): string {
  return value.replace(/["%&/<>?#]/g, (c) => EPC_ESCAPES[c] as string);
}

// GS3A3 characters that may appear literally (TDS 2.x Table 5-1): the CSET 82 characters except the
// escaped ones; `#` and `/` only escaped.
const GS3A3 = /^(?:%[0-9A-Fa-f]{2}|[!'()*+,\-.0-9:;=A-Z_a-z])+$/;

const fail = (code: string, message: string): EpcUrnResult => ({
  elements: [],
  form: null,
  scheme: null,
  gcpLength: null,
  errors: [{ code, message, position: 0 }],
});

function epcUnescape(part: string): string | null {
  if (!GS3A3.test(part)) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

const digits = (s: string | undefined, min: number, max: number): boolean =>
  s !== undefined && s.length >= min && s.length <= max && /^\d+$/.test(s);

// Rebuilds a key from company prefix and reference: optional indicator/extension digit moved to the
// front (GTIN, SSCC), then the check digit appended.
function key(prefixDigit: string, gcp: string, ref: string): string {
  const body = prefixDigit + gcp + ref;
  return body + gs1CheckDigit(body);
}

// Number of dot-separated components per scheme; the last takes any further dots (serials may hold ".").
const COMPONENTS: Record<string, number> = {
  sgtin: 3,
  lgtin: 3,
  upui: 3,
  itip: 5,
  sscc: 2,
  sgln: 3,
  grai: 3,
  gdti: 3,
  sgcn: 3,
  giai: 2,
  ginc: 2,
  gsrn: 2,
  gsrnp: 2,
  gsin: 2,
  pgln: 2,
  cpi: 3,
};

/** Parses `urn:epc:id:…`, `urn:epc:class:lgtin:…` and `urn:epc:idpat:…` URIs into AI elements; never throws. */
export function parseEpcUrn(urn: string): EpcUrnResult {
  const m = /^urn:epc:(id|class|idpat):([a-z]+):(.*)$/i.exec(urn);
  if (!m)
    return fail('CODES_EPC_BAD_URN', 'an EPC URI starts with urn:epc:id:, urn:epc:class: or urn:epc:idpat:');
  const form = (m[1] as string).toLowerCase() as 'id' | 'class' | 'idpat';
  const scheme = (m[2] as string).toLowerCase();
  const bad = (what: string) => fail('CODES_EPC_BAD_URN', `${scheme}: ${what} in "${urn}"`);
  const count = COMPONENTS[scheme];
  if (count === undefined) return bad(`unknown EPC scheme "${scheme}"`);
  if (form === 'class' && scheme !== 'lgtin') return bad('the only EPC class URI is lgtin');
  if (form !== 'class' && scheme === 'lgtin') return bad('lgtin is a class URI (urn:epc:class:lgtin)');
  let parts = (m[3] as string).split('.');
  if (parts.length > count) parts = [...parts.slice(0, count - 1), parts.slice(count - 1).join('.')];
  if (parts.length !== count) return bad(`expected ${count} dot-separated components`);
  const gcp = parts[0] as string;
  if (!digits(gcp, 6, 12)) return bad(`GS1 Company Prefix "${gcp}" must be 6–12 digits`);
  const star = form === 'idpat';
  if (star && parts[count - 1] !== '*') return bad('a pattern URI must end in ".*"');
  const out: EpcUrnResult = { elements: [], form, scheme, gcpLength: gcp.length, errors: [] };
  const el = (ai: string, value: string) => out.elements.push({ ai, value });
  const ref = parts[1] as string;
  // A reference that fills the key up to `total` digits together with the company prefix (may be empty).
  const fills = (total: number): boolean => ref.length === total - gcp.length && /^\d*$/.test(ref);
  const serialAt = (i: number): string | null => epcUnescape(parts[i] as string);
  switch (scheme) {
    case 'sgtin':
    case 'lgtin':
    case 'upui':
    case 'itip': {
      // TDS §6.3.1: indicator digit + item reference make 13 digits with the company prefix.
      if (!fills(13)) return bad('indicator + item reference has the wrong length');
      let value = key(ref.charAt(0), gcp, ref.slice(1));
      if (scheme === 'itip') {
        if (!digits(parts[2], 2, 2) || !digits(parts[3], 2, 2))
          return bad('piece and total must be two digits each');
        value += parts[2]! + parts[3]!;
      }
      el(scheme === 'itip' ? '8006' : '01', value);
      if (star) break;
      const serial = serialAt(count - 1);
      if (serial === null) return bad('serial has characters outside GS3A3');
      el(scheme === 'lgtin' ? '10' : scheme === 'upui' ? '235' : '21', serial);
      break;
    }
    case 'sscc':
      if (star || !fills(17)) return bad('extension + serial reference has the wrong length');
      el('00', key(ref.charAt(0), gcp, ref.slice(1)));
      break;
    case 'sgln':
    case 'grai':
    case 'gdti':
    case 'sgcn': {
      // Location / asset type / document type / coupon reference: 12 digits with the prefix.
      if (!fills(12)) return bad('reference has the wrong length');
      const ai = { sgln: '414', grai: '8003', gdti: '253', sgcn: '255' }[scheme] as string;
      const base = key(scheme === 'grai' ? '0' : '', gcp, ref);
      if (star) {
        el(ai, base);
        break;
      }
      const serial = serialAt(2);
      if (serial === null) return bad('serial has characters outside GS3A3');
      if (scheme === 'sgln') {
        el(ai, base);
        // TDS §6.3.3: extension "0" means "no extension".
        if (serial !== '0') el('254', serial);
      } else {
        if (scheme === 'sgcn' && !digits(serial, 1, 12)) return bad('coupon serial must be 1–12 digits');
        el(ai, base + serial);
      }
      break;
    }
    case 'giai':
    case 'ginc': {
      const value = star ? null : serialAt(1);
      if (value === null) return bad('reference is missing or has characters outside GS3A3');
      el(scheme === 'giai' ? '8004' : '401', gcp + value);
      break;
    }
    case 'gsrn':
    case 'gsrnp':
    case 'gsin':
    case 'pgln': {
      const total = scheme === 'gsin' ? 16 : scheme === 'pgln' ? 12 : 17;
      if (star || !fills(total)) return bad('reference has the wrong length');
      el({ gsrn: '8018', gsrnp: '8017', gsin: '402', pgln: '417' }[scheme] as string, key('', gcp, ref));
      break;
    }
    default: {
      // cpi: component/part reference of 0-9 A-Z - # / (TDS §6.3.14), then a numeric serial.
      const cpref = epcUnescape(ref);
      if (cpref === null || !/^[0-9A-Z#/-]+$/.test(cpref))
        return bad('component/part reference is not 0-9 A-Z - # /');
      el('8010', gcp + cpref);
      if (star) break;
      if (!digits(parts[2], 1, 12)) return bad('serial must be 1–12 digits');
      el('8011', parts[2] as string);
    }
  }
  return out;
}

/**
 * Default GS1 Company Prefix length when configuration gives none. GB 12904 (商品条码 零售商品编码)
 * fixes it for China's prefixes: 690 and 691 → 7 digits, 692 and 693 → 8 digits; 694–699 are taken as
 * 8 [unverified: later GS1 China allocations]; every other prefix → 7, a guess that configuration
 * should override (the real length comes from GEPIR / the GCP length table). `digits` starts where
 * the company prefix starts (after a GTIN's indicator digit, an SSCC's extension digit).
 */
export function defaultGcpLength(digitsFromPrefix: string): number {
  const p = Number(digitsFromPrefix.slice(0, 3));
  if (p === 690 || p === 691) return 7;
  if (p >= 692 && p <= 699) return 8;
  return 7;
}

/** Options of `elementsToEpcUrn`. */
export interface EpcOptions {
  /** GS1 Company Prefix length (6–12); default `defaultGcpLength` of the key. */
  gcpLength?: number;
}

/**
 * Writes the EPC URI of a key and its qualifiers (TDS 2.x §6–8): 01+21 sgtin, 01+235 upui, 01+10 lgtin
 * class, 01 alone sgtin pattern, 00 sscc, 414(+254) sgln, 8003 grai, 8004 giai, 8017 gsrnp, 8018 gsrn,
 * 253 gdti, 255 sgcn, 8010(+8011) cpi, 401 ginc, 402 gsin, 8006+21 itip, 417 pgln.
 */
export function elementsToEpcUrn(
  elements: readonly { ai: string; value: string }[],
  options: EpcOptions = {},
): ConvertResult {
  const get = (ai: string) => elements.find((e) => e.ai === ai)?.value;
  const no = (message: string): ConvertResult => ({
    value: null,
    errors: [{ code: 'CODES_NO_EPC', message }],
  });
  const gtinLike = get('01') ?? get('8006')?.slice(0, 14);
  const keyAi = [
    '01',
    '8006',
    '00',
    '414',
    '8003',
    '8004',
    '8017',
    '8018',
    '253',
    '255',
    '8010',
    '401',
    '402',
    '417',
  ].find((ai) => get(ai) !== undefined);
  if (!keyAi) return no('no AI here has an EPC (TDS 2.x §6)');
  const keyValue = get(keyAi) as string;
  // Where the company prefix starts in the key: after the indicator (GTIN), extension (SSCC) or filter "0" (GRAI).
  const offset = keyAi === '01' || keyAi === '8006' || keyAi === '00' || keyAi === '8003' ? 1 : 0;
  const g = options.gcpLength ?? defaultGcpLength(keyValue.slice(offset));
  if (!Number.isInteger(g) || g < 6 || g > 12) return no(`GS1 Company Prefix length ${g} is not 6–12`);
  const gcp = keyValue.slice(offset, offset + g);
  if (!/^\d+$/.test(gcp) || gcp.length !== g)
    return no(`"${keyValue}" does not start with a ${g}-digit company prefix`);
  const e = epcEscape;
  switch (keyAi) {
    case '01':
    case '8006': {
      const gtin = gtinLike as string;
      const item = gtin.charAt(0) + gtin.slice(1 + g, 13);
      if (keyAi === '8006') {
        const pt = keyValue.slice(14);
        const ser = get('21');
        if (ser === undefined)
          return {
            value: `urn:epc:idpat:itip:${gcp}.${item}.${pt.slice(0, 2)}.${pt.slice(2)}.*`,
            errors: [],
          };
        return {
          value: `urn:epc:id:itip:${gcp}.${item}.${pt.slice(0, 2)}.${pt.slice(2)}.${e(ser)}`,
          errors: [],
        };
      }
      const ser = get('21');
      const tpx = get('235');
      const lot = get('10');
      if (ser !== undefined) return { value: `urn:epc:id:sgtin:${gcp}.${item}.${e(ser)}`, errors: [] };
      if (tpx !== undefined) return { value: `urn:epc:id:upui:${gcp}.${item}.${e(tpx)}`, errors: [] };
      if (lot !== undefined) return { value: `urn:epc:class:lgtin:${gcp}.${item}.${e(lot)}`, errors: [] };
      return { value: `urn:epc:idpat:sgtin:${gcp}.${item}.*`, errors: [] };
    }
    case '00':
      return {
        value: `urn:epc:id:sscc:${gcp}.${keyValue.charAt(0)}${keyValue.slice(1 + g, 17)}`,
        errors: [],
      };
    case '414':
      return { value: `urn:epc:id:sgln:${gcp}.${keyValue.slice(g, 12)}.${e(get('254') ?? '0')}`, errors: [] };
    case '417':
      return { value: `urn:epc:id:pgln:${gcp}.${keyValue.slice(g, 12)}`, errors: [] };
    case '8003':
    case '253':
    case '255': {
      const scheme = { '8003': 'grai', '253': 'gdti', '255': 'sgcn' }[keyAi];
      const end = keyAi === '8003' ? 14 : 13;
      const ref = keyValue.slice(offset + g, end - 1);
      const serial = keyValue.slice(end);
      return serial
        ? { value: `urn:epc:id:${scheme}:${gcp}.${ref}.${e(serial)}`, errors: [] }
        : { value: `urn:epc:idpat:${scheme}:${gcp}.${ref}.*`, errors: [] };
    }
    case '8004':
    case '401':
      return {
        value: `urn:epc:id:${keyAi === '8004' ? 'giai' : 'ginc'}:${gcp}.${e(keyValue.slice(g))}`,
        errors: [],
      };
    case '8017':
    case '8018':
      return {
        value: `urn:epc:id:${keyAi === '8017' ? 'gsrnp' : 'gsrn'}:${gcp}.${keyValue.slice(g, 17)}`,
        errors: [],
      };
    case '402':
      return { value: `urn:epc:id:gsin:${gcp}.${keyValue.slice(g, 16)}`, errors: [] };
    default: {
      // 8010 CPI: TDS escapes "#" and "/" in the component/part reference.
      const ref = e(keyValue.slice(g));
      const ser = get('8011');
      return ser === undefined
        ? { value: `urn:epc:idpat:cpi:${gcp}.${ref}.*`, errors: [] }
        : { value: `urn:epc:id:cpi:${gcp}.${ref}.${ser}`, errors: [] };
    }
  }
}
