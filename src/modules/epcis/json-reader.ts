/**
 * Reading EPCIS 2.0 JSON/JSON-LD documents and bare events. Syntax errors carry line and position; nesting is
 * bounded before parsing so a hostile 10 000-deep input is rejected without recursion.
 */
import type { ProblemItem } from '../../lib/errors.js';
import { EpcisErrorCode, invalidDocument } from './epcis.errors.js';
import type { EpcisInput } from './epcis.types.js';

/** Deepest array/object nesting accepted; real EPCIS documents stay far below (events sit at depth 4). */
export const MAX_NESTING_DEPTH = 64;

/** Scan JSON text for its nesting depth without recursion; strings are skipped. Returns the first offending offset. */
function findTooDeep(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** Depth of an already-parsed value, iteratively; returns true when it exceeds `max`. */
function objectTooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
  }
  return false;
}

const lineOf = (text: string, position: number): number => {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** Parse JSON text with a depth bound; throws EPCIS_INVALID_DOCUMENT with line/position on bad syntax. */
export function parseJsonText(text: string, maxDepth = MAX_NESTING_DEPTH): unknown {
  const deep = findTooDeep(text, maxDepth);
  if (deep >= 0) {
    const item: ProblemItem = {
      code: EpcisErrorCode.tooDeep,
      message: `JSON nesting deeper than ${maxDepth} levels at character ${deep}`,
      position: deep,
      line: lineOf(text, deep),
    };
    throw invalidDocument(item.message, [item]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const item: ProblemItem = { code: EpcisErrorCode.invalidJson, message: `Invalid JSON: ${message}` };
    if (pos) {
      item.position = Number(pos[1]);
      item.line = lineOf(text, item.position);
    } else if (/end of JSON input/i.test(message)) {
      item.position = text.length;
      item.line = lineOf(text, text.length);
    }
    throw invalidDocument(item.message, [item]);
  }
}

/**
 * Read an EPCISDocument, EPCISQueryDocument or a single bare event from JSON text, bytes or an already-parsed
 * object, into the JSON-LD form. Structure is checked by `validateDocument`; this only rejects what cannot be
 * read at all (syntax, nesting depth, a top level that is not an object).
 */
export function readJsonDocument(input: string | Uint8Array | object): EpcisInput {
  let value: unknown;
  if (typeof input === 'string')
    value = parseJsonText(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
  else if (input instanceof Uint8Array)
    value = parseJsonText(new TextDecoder('utf-8', { ignoreBOM: false }).decode(input));
  else {
    if (objectTooDeep(input, MAX_NESTING_DEPTH)) {
      const message = `JSON nesting deeper than ${MAX_NESTING_DEPTH} levels`;
      throw invalidDocument(message, [{ code: EpcisErrorCode.tooDeep, message, path: '' }]);
    }
    value = input;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const message = `An EPCIS document or event must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`;
    throw invalidDocument(message, [{ code: EpcisErrorCode.wrongType, message, path: '' }]);
  }
  return value as EpcisInput;
}

/** Serialise the JSON-LD form (a document or event) as JSON text. */
export function writeJsonLd(doc: EpcisInput, indent = 0): string {
  return JSON.stringify(doc, null, indent);
}
