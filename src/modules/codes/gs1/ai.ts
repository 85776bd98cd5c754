/**
 * AI look-up and value validation over the facts in `ai-table.ts`: charset, length, component
 * linters, and the mandatory / invalid pairings of GS1 General Specifications §4.14.
 */
import type { CodeError } from '../types.js';
import type { AiCharset, AiEntry } from './ai.types.js';
import { AI_ENTRIES } from './ai-table.js';
import { LINTERS } from './linters.js';

/** Every AI (ranges expanded) to its dictionary entry. */
const AI_MAP: ReadonlyMap<string, AiEntry> = (() => {
  const map = new Map<string, AiEntry>();
  for (const entry of AI_ENTRIES) {
    const width = entry.ai.length;
    for (let n = Number(entry.ai); n <= Number(entry.last); n++) {
      map.set(String(n).padStart(width, '0'), entry);
    }
  }
  return map;
})();

// Facts derived once per entry, so validation does no per-call arithmetic over components.
const TOTAL_LENGTH = new Map<AiEntry, readonly [number, number]>(
  AI_ENTRIES.map((e) => [
    e,
    [
      e.components.reduce((n, c) => n + (c.optional ? 0 : c.min), 0),
      e.components.reduce((n, c) => n + c.max, 0),
    ],
  ]),
);

/** Qualifier AI → the primary keys whose `dlpkey` sequences list it. */
const KEYS_OF_QUALIFIER: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [ai, entry] of AI_MAP) {
    for (const q of new Set(entry.dlpkey?.flat() ?? [])) map.set(q, [...(map.get(q) ?? []), ai]);
  }
  return map;
})();

/** Shortest and longest data length of an AI (sum over its components). */
export function aiLengthRange(entry: AiEntry): readonly [number, number] {
  return TOTAL_LENGTH.get(entry) ?? [0, 0];
}

/** The dictionary entry of `ai`, or undefined for an AI the dictionary does not define. */
export function lookupAi(ai: string): AiEntry | undefined {
  return AI_MAP.get(ai);
}

/** All defined AIs (ranges expanded), in lexical order. */
export function allAis(): string[] {
  return [...AI_MAP.keys()];
}

/**
 * The AI that starts at `pos` in `text`, or null. GS1 AIs form a prefix-free code (no AI is the
 * prefix of another; GS1 GS §3.2), so trying 2, 3 then 4 digits finds at most one.
 */
export function aiAt(text: string, pos: number): string | null {
  for (let len = 2; len <= 4; len++) {
    const candidate = text.slice(pos, pos + len);
    if (candidate.length === len && AI_MAP.has(candidate)) return candidate;
  }
  return null;
}

/** Short names of GS1 Digital Link 1.1 (still accepted on input; output always uses numeric AIs). */
export const DL_SHORT_NAMES: Readonly<Record<string, string>> = {
  gtin: '01',
  itip: '8006',
  cpid: '8010',
  gln: '414',
  party: '417',
  gsrnp: '8017',
  gsrn: '8018',
  gcn: '255',
  sscc: '00',
  gdti: '253',
  ginc: '401',
  gsin: '402',
  grai: '8003',
  giai: '8004',
  gmn: '8013',
  cpv: '22',
  lot: '10',
  ser: '21',
  glnx: '254',
  cpsn: '8011',
  srin: '8019',
  refno: '8020',
  shipTo: '410',
  billTo: '411',
  purchasedFrom: '412',
  shipFor: '413',
  payTo: '415',
  glnProd: '416',
  exp: '17',
  expdt: '7003',
};

/**
 * GLN roles accepted as Digital Link primary keys by GS1 Digital Link 1.0/1.1 (short names shipTo,
 * billTo, purchasedFrom, shipFor, glnProd) although the Syntax Dictionary no longer marks them
 * `dlpkey`; they take no qualifiers and make no EPC.
 */
export const LEGACY_DL_KEYS: ReadonlySet<string> = new Set(['410', '411', '412', '413', '416']);

const QUALIFIER_UNION = new Map<string, ReadonlySet<string>>();

/** Every qualifier AI any `dlpkey` sequence of key `ai` allows (empty for a non-key). */
export function dlQualifiers(ai: string): ReadonlySet<string> {
  let set = QUALIFIER_UNION.get(ai);
  if (!set) {
    set = new Set(dlKeySequences(ai)?.flat() ?? []);
    QUALIFIER_UNION.set(ai, set);
  }
  return set;
}

/** Qualifier sequences allowed after `ai` as a Digital Link primary key, or null when it is not a key. */
export function dlKeySequences(ai: string): readonly (readonly string[])[] | null {
  const entry = AI_MAP.get(ai);
  if (entry?.dlpkey) return entry.dlpkey;
  return LEGACY_DL_KEYS.has(ai) ? [[]] : null;
}

const X_CHARS = new Uint8Array(128);
for (const ch of '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz') {
  X_CHARS[ch.charCodeAt(0)] = 1;
}
const Y_CHARS = new Uint8Array(128);
for (const ch of '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') Y_CHARS[ch.charCodeAt(0)] = 1;
const Z_CHARS = new Uint8Array(128);
for (const ch of '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz=')
  Z_CHARS[ch.charCodeAt(0)] = 1;

const CHARSET_NAME: Record<AiCharset, string> = {
  N: 'digits',
  X: 'GS1 AI encodable character set 82',
  Y: 'GS1 character set 39',
  Z: 'base64url',
};

// Index of the first character outside the component's charset (GS1 GS §7.11), or -1.
function badCharAt(value: string, charset: AiCharset): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok =
      charset === 'N'
        ? c >= 48 && c <= 57
        : c < 128 && (charset === 'X' ? X_CHARS[c] : charset === 'Y' ? Y_CHARS[c] : Z_CHARS[c]) === 1;
    if (!ok) return i;
  }
  return -1;
}

/**
 * Checks `value` against the definition of `ai`: component by component, each consuming its prescribed
 * length (Syntax Dictionary header, "Specification"), then the component's linters. Positions in the
 * errors are `base` plus the offset inside the value.
 */
export function validateAiValue(ai: string, value: string, base = 0): CodeError[] {
  const entry = AI_MAP.get(ai);
  if (!entry) return [{ code: 'CODES_UNKNOWN_AI', message: `AI (${ai}) is not defined`, position: base }];
  const errors: CodeError[] = [];
  const [minTotal, maxTotal] = aiLengthRange(entry);
  if (value.length < minTotal || value.length > maxTotal) {
    const want = minTotal === maxTotal ? `${minTotal}` : `${minTotal}–${maxTotal}`;
    return [
      {
        code: 'CODES_BAD_LENGTH',
        message: `AI (${ai}) ${entry.title} needs ${want} characters, "${value}" has ${value.length}`,
        position: base,
      },
    ];
  }
  let pos = 0;
  for (const comp of entry.components) {
    if (pos >= value.length && comp.optional) break;
    const part = value.slice(pos, pos + comp.max);
    if (part.length < comp.min) {
      errors.push({
        code: 'CODES_BAD_LENGTH',
        message: `AI (${ai}) component at ${pos} needs at least ${comp.min} characters, has ${part.length}`,
        position: base + pos,
      });
      break;
    }
    const bad = badCharAt(part, comp.charset);
    if (bad >= 0) {
      errors.push({
        code: 'CODES_BAD_CHARSET',
        message: `AI (${ai}) ${entry.title}: "${part.charAt(bad)}" is not allowed (${CHARSET_NAME[comp.charset]}) in "${value}"`,
        position: base + pos + bad,
      });
    } else {
      for (const name of comp.linters) {
        const failure = LINTERS[name]?.(part);
        if (failure) {
          errors.push({
            code: failure.code,
            message: `AI (${ai}) ${entry.title}: ${failure.message}`,
            position: base + pos + failure.offset,
          });
          break;
        }
      }
    }
    pos += part.length;
  }
  return errors;
}

// An AI pattern of the dictionary: digits, and `n` for any digit.
function matches(pattern: string, ai: string): boolean {
  if (pattern.length !== ai.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern.charCodeAt(i);
    if (p !== 110 && p !== ai.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Checks the AIs found together against the `req` (mandatory association) and `ex` (invalid pairing)
 * rules (GS1 GS §4.14.1, §4.14.2; Syntax Dictionary attributes). `positions` gives where each AI
 * starts, for the error positions.
 */
export function checkPairings(ais: readonly string[], positions?: readonly number[]): CodeError[] {
  const errors: CodeError[] = [];
  const present = new Set(ais);
  const has = (pattern: string): boolean => {
    if (!pattern.includes('n')) return present.has(pattern);
    for (const ai of present) if (matches(pattern, ai)) return true;
    return false;
  };
  for (let i = 0; i < ais.length; i++) {
    const ai = ais[i] as string;
    const entry = AI_MAP.get(ai);
    if (!entry || ais.indexOf(ai) !== i) continue;
    const position = positions?.[i];
    const at = position === undefined ? {} : { position };
    if (entry.req.length > 0) {
      // The dictionary lists qualifiers under keys whose `req` omits that key (22 CPV under 8006
      // ITIP): a key that takes this AI as a Digital Link qualifier is association enough.
      const qualifies = KEYS_OF_QUALIFIER.get(ai)?.some((k) => present.has(k)) ?? false;
      for (const rule of entry.req) {
        if (!qualifies && !rule.some((alt) => alt.every(has))) {
          errors.push({
            code: 'CODES_MISSING_REQUIRED_AI',
            message: `AI (${ai}) requires ${rule.map((alt) => alt.map((a) => `(${a})`).join('+')).join(' or ')}`,
            ...at,
          });
        }
      }
    }
    for (const pattern of entry.ex) {
      for (const other of present) {
        // An AI is not exclusive of itself even if it matches a pattern (Syntax Dictionary header).
        if (other !== ai && matches(pattern, other)) {
          errors.push({
            code: 'CODES_EXCLUSIVE_AI',
            message: `AI (${ai}) must not be used with AI (${other})`,
            ...at,
          });
        }
      }
    }
  }
  return errors;
}
