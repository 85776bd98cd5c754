/**
 * Conversions between GS1 element strings, Digital Link URIs and EPC URIs. Each answers a value and
 * every problem found; the value is given unless a structural problem makes the data unusable (see
 * CONTENT_ERROR_CODES): converting is not validating, which is `parse`'s job.
 */
import {
  type ConvertResult,
  type DigitalLinkFormatOptions,
  formatDigitalLink,
  parseDigitalLink,
} from './digital-link.js';
import { type FormatOptions, formatElementString, parseElementString } from './element-string.js';
import { type EpcOptions, elementsToEpcUrn, parseEpcUrn } from './epc-urn.js';
import { hasStructuralError } from './gs1.errors.js';

/** Digital Link URI → element string (bracketed or raw with GS), AIs in the URI's order. */
export function digitalLinkToElementString(uri: string, options: FormatOptions = {}): ConvertResult {
  const dl = parseDigitalLink(uri);
  if (!dl.isDigitalLink || hasStructuralError(dl.errors)) return { value: null, errors: dl.errors };
  return { value: formatElementString(dl.elements, options), errors: dl.errors };
}

/** Element string (bracketed or raw) → Digital Link URI; `options.origin` sets the URI stem. */
export function elementStringToDigitalLink(
  text: string,
  options: DigitalLinkFormatOptions = {},
): ConvertResult {
  const es = parseElementString(text);
  if (es.elements.length === 0 || hasStructuralError(es.errors)) return { value: null, errors: es.errors };
  // formatDigitalLink checks the values and pairings again, so its errors are the whole story.
  return formatDigitalLink(es.elements, options);
}

/** Digital Link URI → EPC URI; needs the GS1 Company Prefix length (default: `defaultGcpLength`). */
export function digitalLinkToEpcUrn(uri: string, options: EpcOptions = {}): ConvertResult {
  const dl = parseDigitalLink(uri);
  if (!dl.isDigitalLink || hasStructuralError(dl.errors)) return { value: null, errors: dl.errors };
  const epc = elementsToEpcUrn(dl.elements, options);
  return { value: epc.value, errors: [...dl.errors, ...epc.errors] };
}

/** Element string → EPC URI; needs the GS1 Company Prefix length (default: `defaultGcpLength`). */
export function elementStringToEpcUrn(text: string, options: EpcOptions = {}): ConvertResult {
  const es = parseElementString(text);
  if (es.elements.length === 0 || hasStructuralError(es.errors)) return { value: null, errors: es.errors };
  const epc = elementsToEpcUrn(es.elements, options);
  return { value: epc.value, errors: [...es.errors, ...epc.errors] };
}

/** EPC URI → Digital Link URI (all the URI's AIs, canonical host unless `options.origin`). */
export function epcUrnToDigitalLink(urn: string, options: DigitalLinkFormatOptions = {}): ConvertResult {
  const epc = parseEpcUrn(urn);
  if (epc.errors.length) return { value: null, errors: epc.errors };
  return formatDigitalLink(epc.elements, options);
}

/** EPC URI → element string. */
export function epcUrnToElementString(urn: string, options: FormatOptions = {}): ConvertResult {
  const epc = parseEpcUrn(urn);
  if (epc.errors.length) return { value: null, errors: epc.errors };
  return { value: formatElementString(epc.elements, options), errors: [] };
}
