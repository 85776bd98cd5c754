/** Identifiers and codes: parse, validate and render every code the platform meets. */
export { parse } from './parse.js';
export type { CodeError, ParseResult, Scheme } from './types.js';
