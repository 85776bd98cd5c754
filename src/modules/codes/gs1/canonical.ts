/**
 * One door to the constrained canonical Digital Link of CBV 2.0 §8.9 (event hash) from an EPC URI
 * (id, class or pattern form) or any Digital Link URI.
 */
import { constrainedCanonical, type ConvertResult, isHttpUri, parseDigitalLink } from './digital-link.js';
import { parseEpcUrn } from './epc-urn.js';

// Problems with a value's content rather than with the URI's structure.
const CONTENT_ERRORS = new Set([
  'CODES_BAD_CHECK_DIGIT',
  'CODES_BAD_DATE',
  'CODES_BAD_VALUE',
  'CODES_MISSING_REQUIRED_AI',
  'CODES_EXCLUSIVE_AI',
]);

/** Options of `toConstrainedCanonical`. */
export interface CanonicalOptions {
  /**
   * Still answer when the only problems are in values' content (check digit, date, pairings), as the
   * CBV 2.0 reference hash generator does: a hash must not depend on whether a check digit is right.
   * The problems are still listed in `errors`.
   */
  lenient?: boolean;
}

/** The constrained canonical Digital Link of an EPC URI or Digital Link URI. */
export function toConstrainedCanonical(uri: string, options: CanonicalOptions = {}): ConvertResult {
  let elements: { ai: string; value: string }[];
  let errors;
  if (/^urn:epc:/i.test(uri)) {
    ({ elements, errors } = parseEpcUrn(uri));
  } else if (isHttpUri(uri)) {
    const dl = parseDigitalLink(uri);
    ({ elements, errors } = dl);
    if (!dl.isDigitalLink) return { value: null, errors };
  } else {
    return {
      value: null,
      errors: [{ code: 'CODES_BAD_SYNTAX', message: 'neither an EPC URI nor an http(s) Digital Link', position: 0 }],
    };
  }
  const blocking = options.lenient ? errors.filter((e) => !CONTENT_ERRORS.has(e.code)) : errors;
  return { value: blocking.length === 0 ? constrainedCanonical(elements) : null, errors };
}
