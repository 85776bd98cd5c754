/** Errors of the trace module, with stable codes. */
import { AppError, badRequest } from '../../lib/errors.js';
import type { ParseResult } from '../codes/index.js';

/** The deepest walk a caller may ask for (hops). */
export const MAX_DEPTH = 500;

/** 404: the code does not parse, or no captured event the caller may see names it. */
export function codeNotFound(code: string, parsed: ParseResult, captured: boolean): AppError {
  const understood = {
    scheme: parsed.scheme,
    valid: parsed.valid,
    canonical: parsed.canonical,
    fields: parsed.fields,
    errors: parsed.errors,
  };
  const message = !parsed.valid
    ? `The code ${JSON.stringify(code)} is not a code any supported scheme parses${parsed.errors[0] ? `: ${parsed.errors[0].message}` : ''}.`
    : captured
      ? `No captured event you may see names ${parsed.canonical} (${parsed.scheme}).`
      : `The code parses as ${parsed.scheme} (${parsed.canonical}) but no event naming it was ever captured.`;
  return new AppError('TRACE_CODE_NOT_FOUND', message, { status: 404, extra: { understood } });
}

/** 400: a depth outside 1…MAX_DEPTH. */
export const badDepth = (depth: number) =>
  badRequest('TRACE_BAD_DEPTH', `depth must be a whole number from 1 to ${MAX_DEPTH}; got ${depth}.`, {
    path: 'depth',
  });

/** 400: a time cut-off that cannot be read or lies in the future. */
export const badAt = (at: string, why: string) =>
  badRequest('TRACE_BAD_AT', `at ${JSON.stringify(at)} ${why}.`, { path: 'at' });
