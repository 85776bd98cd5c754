/**
 * GS1 element strings: the human-readable bracketed form `(01)09506000134352(10)ABC1` and the raw
 * form a scanner transmits, AI after AI with FNC1 sent as GS (0x1D) after each AI that is not of
 * predefined length, optionally led by a symbology identifier (GS1 General Specifications §5.1.2 and
 * §7.8.5; ISO/IEC 15424).
 */
import type { CodeError } from '../types.js';
import { aiAt, aiLengthRange, checkPairings, lookupAi, validateAiValue } from './ai.js';

/** GS (group separator), how FNC1 reaches an application (GS1 GS §7.8.5). */
export const GS = '\x1d';

/** One AI and its value, with where the value starts in the parsed text. */
export interface AiElement {
  ai: string;
  value: string;
  position: number;
}

/** What `parseElementString` finds; `elements` holds every AI it could read, even when there are errors. */
export interface ElementStringResult {
  elements: AiElement[];
  errors: CodeError[];
  /** `]C1`, `]d2`, `]Q3`, `]e0`, `]J1` … when the input started with one. */
  symbologyId: string | null;
  bracketed: boolean;
}

/** Options of `parseElementString`. */
export interface ElementStringOptions {
  /** Check the req/ex pairings of GS1 GS §4.14 (default true). */
  pairings?: boolean;
}

// Symbology identifiers of GS1 carriers that transmit AI element strings (GS1 GS Figure 5.1.2-2):
// GS1-128 ]C1, GS1 DataBar ]e0, GS1 DataMatrix ]d2, GS1 QR Code ]Q3, GS1 DotCode ]J1.
const GS1_SYMBOLOGY_IDS = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);

/** True when `text` looks like an element string (bracketed, led by a GS1 symbology id, or holding GS). */
export function looksLikeElementString(text: string): boolean {
  return text.startsWith('(') || GS1_SYMBOLOGY_IDS.has(text.slice(0, 3)) || text.includes(GS);
}

/** Parses a bracketed or raw element string; never throws. */
export function parseElementString(input: string, options: ElementStringOptions = {}): ElementStringResult {
  const errors: CodeError[] = [];
  let pos = 0;
  let symbologyId: string | null = null;
  if (input.startsWith(']')) {
    symbologyId = input.slice(0, 3);
    if (!GS1_SYMBOLOGY_IDS.has(symbologyId)) {
      errors.push({
        code: 'CODES_BAD_SYNTAX',
        message: `symbology identifier "${symbologyId}" does not carry GS1 element strings`,
        position: 0,
      });
      return { elements: [], errors, symbologyId, bracketed: false };
    }
    pos = 3;
  }
  const bracketed = input.charAt(pos) === '(';
  const elements = bracketed ? readBracketed(input, pos, errors) : readRaw(input, pos, errors);
  if (elements.length === 0 && errors.length === 0) {
    errors.push({ code: 'CODES_BAD_SYNTAX', message: 'no AI element found', position: pos });
  }
  const unique: AiElement[] = [];
  for (const el of elements) {
    const prior = unique.find((u) => u.ai === el.ai);
    if (!prior) {
      unique.push(el);
      errors.push(...validateAiValue(el.ai, el.value, el.position));
    } else if (prior.value !== el.value) {
      // GS1 GS §4.14: an AI may repeat only with the same value.
      errors.push({
        code: 'CODES_DUPLICATE_AI',
        message: `AI (${el.ai}) occurs twice with different values "${prior.value}" and "${el.value}"`,
        position: el.position,
      });
    }
  }
  if (options.pairings !== false && errors.length === 0) {
    errors.push(
      ...checkPairings(
        unique.map((u) => u.ai),
        unique.map((u) => u.position),
      ),
    );
  }
  return { elements: unique, errors, symbologyId, bracketed };
}

function readRaw(input: string, start: number, errors: CodeError[]): AiElement[] {
  const elements: AiElement[] = [];
  let pos = start;
  // A leading FNC1 transmitted as GS carries no data.
  if (input.charAt(pos) === GS) pos++;
  while (pos < input.length) {
    const ai = aiAt(input, pos);
    if (!ai) {
      errors.push({
        code: 'CODES_UNKNOWN_AI',
        message: `no GS1 AI starts at "${input.slice(pos, pos + 4)}"`,
        position: pos,
      });
      break;
    }
    const entry = lookupAi(ai)!;
    const valueStart = pos + ai.length;
    let valueEnd: number;
    if (entry.fixedLength) {
      // Predefined-length AIs (GS1 GS Figure 7.8.5-2) need no separator.
      valueEnd = Math.min(input.length, valueStart + aiLengthRange(entry)[1]);
      const gs = input.indexOf(GS, valueStart);
      if (gs >= 0 && gs < valueEnd) valueEnd = gs;
    } else {
      const gs = input.indexOf(GS, valueStart);
      valueEnd = gs < 0 ? input.length : gs;
    }
    elements.push({ ai, value: input.slice(valueStart, valueEnd), position: valueStart });
    pos = valueEnd;
    if (input.charAt(pos) === GS) pos++;
  }
  return elements;
}

// Bracketed syntax: a value runs to the next "(AI)"; "\(" is a literal "(" (the
// escape used by the GS1 Barcode Syntax Engine). Spaces next to the brackets are layout, not data
// (a space is outside CSET 82), so "(01) 0950… (10) AB" reads as "(01)0950…(10)AB".
function readBracketed(input: string, start: number, errors: CodeError[]): AiElement[] {
  const elements: AiElement[] = [];
  let pos = start;
  while (pos < input.length) {
    if (input.charAt(pos) !== '(') {
      errors.push({ code: 'CODES_BAD_SYNTAX', message: `expected "(" at ${pos}`, position: pos });
      break;
    }
    const close = input.indexOf(')', pos);
    const ai = close < 0 ? '' : input.slice(pos + 1, close);
    if (!/^\d{2,4}$/.test(ai)) {
      errors.push({
        code: 'CODES_BAD_SYNTAX',
        message: `"${input.slice(pos, pos + 6)}" is not "(AI)"`,
        position: pos,
      });
      break;
    }
    if (!lookupAi(ai)) {
      errors.push({ code: 'CODES_UNKNOWN_AI', message: `AI (${ai}) is not defined`, position: pos + 1 });
      break;
    }
    let valueStart = close + 1;
    while (input.charAt(valueStart) === ' ') valueStart++;
    let end = valueStart;
    let value = '';
    while (end < input.length) {
      const ch = input.charAt(end);
      if (ch === '\\' && input.charAt(end + 1) === '(') {
        value += '(';
        end += 2;
        continue;
      }
      if (ch === '(' && opensAi(input, end)) break;
      value += ch;
      end++;
    }
    elements.push({ ai, value: value.replace(/ +$/, ''), position: valueStart });
    pos = end;
  }
  return elements;
}

// "(" + 2–4 digits + ")" always opens the next AI (a literal "(" before digits must be escaped "\("),
// so an unknown AI there is reported instead of being swallowed into the previous value.
function opensAi(input: string, at: number): boolean {
  const close = input.indexOf(')', at);
  return close > at + 2 && close - at <= 5 && /^\d+$/.test(input.slice(at + 1, close));
}

/** Options of `formatElementString`. */
export interface FormatOptions {
  /** Human-readable `(AI)value` form instead of the raw FNC1/GS form. */
  brackets?: boolean;
  /** Symbology identifier to lead the raw form with, e.g. `]d2`. */
  symbologyId?: string;
}

/**
 * Writes AI elements as an element string, in the given order: bracketed, or raw with GS after every
 * AI that is not of predefined length unless it is the last (GS1 GS §7.8.5). A literal "(" in a
 * bracketed value is escaped as "\(".
 */
export function formatElementString(
  elements: readonly { ai: string; value: string }[],
  options: FormatOptions = {},
): string {
  if (options.brackets) {
    return elements.map((e) => `(${e.ai})${e.value.replace(/\(/g, '\\(')}`).join('');
  }
  let out = options.symbologyId ?? '';
  elements.forEach((e, i) => {
    out += e.ai + e.value;
    if (i < elements.length - 1 && !lookupAi(e.ai)?.fixedLength) out += GS;
  });
  return out;
}

/** AI → value map of the elements (first value of each AI). */
export function aiMap(elements: readonly { ai: string; value: string }[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of elements) if (!(e.ai in map)) map[e.ai] = e.value;
  return map;
}
