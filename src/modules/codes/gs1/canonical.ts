/**
 * One door to the constrained canonical Digital Link of CBV 2.0 §8.9 (event hash) from an EPC URI
 * (id, class or pattern form) or any Digital Link URI.
 */
import type { CodeError } from '../types.js';
import { type ConvertResult, constrainedCanonical, isHttpUri, parseDigitalLink } from './digital-link.js';
import { parseEpcUrn } from './epc-urn.js';
import { hasStructuralError } from './gs1.errors.js';

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
  let errors: CodeError[];
  if (/^urn:epc:/i.test(uri)) {
    ({ elements, errors } = parseEpcUrn(uri));
  } else if (isHttpUri(uri)) {
    const dl = parseDigitalLink(uri);
    ({ elements, errors } = dl);
    if (!dl.isDigitalLink) return { value: null, errors };
  } else {
    return {
      value: null,
      errors: [
        { code: 'CODES_BAD_SYNTAX', message: 'neither an EPC URI nor an http(s) Digital Link', position: 0 },
      ],
    };
  }
  const usable = options.lenient ? !hasStructuralError(errors) : errors.length === 0;
  return { value: usable ? constrainedCanonical(elements) : null, errors };
}
