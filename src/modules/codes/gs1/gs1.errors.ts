/**
 * Error codes of the GS1 parsers (stable: clients and tests match on them), and which of them concern
 * a value's content rather than the structure of the data.
 */
import type { CodeError } from '../types.js';

/** Every code the GS1 parsers emit. */
export const GS1_ERROR_CODES = [
  'CODES_BAD_SYNTAX',
  'CODES_UNKNOWN_AI',
  'CODES_BAD_LENGTH',
  'CODES_BAD_CHARSET',
  'CODES_BAD_CHECK_DIGIT',
  'CODES_BAD_DATE',
  'CODES_BAD_VALUE',
  'CODES_BAD_PERCENT_ENCODING',
  'CODES_DUPLICATE_AI',
  'CODES_MISSING_REQUIRED_AI',
  'CODES_EXCLUSIVE_AI',
  'CODES_DL_NO_KEY',
  'CODES_DL_NOT_QUALIFIER',
  'CODES_DL_QUALIFIER_ORDER',
  'CODES_DL_NOT_ATTRIBUTE',
  'CODES_DL_COMPRESSED',
  'CODES_DL_BAD_STEM',
  'CODES_EPC_BAD_URN',
  'CODES_NO_EPC',
] as const;

/**
 * Problems with what a value says (check digit, date, code lists, pairings) rather than with how the
 * data is written. Conversions still produce their output when these are the only problems and list
 * them; `parse` never calls such data valid.
 */
export const CONTENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'CODES_BAD_CHECK_DIGIT',
  'CODES_BAD_DATE',
  'CODES_BAD_VALUE',
  'CODES_MISSING_REQUIRED_AI',
  'CODES_EXCLUSIVE_AI',
]);

/** True when one of `errors` makes the data unusable for a conversion (a structural problem). */
export function hasStructuralError(errors: readonly CodeError[]): boolean {
  return errors.some((e) => !CONTENT_ERROR_CODES.has(e.code));
}
