/**
 * Conversions between GS1 element strings, Digital Link URIs and EPC URIs. Each answers a value and
 * the problems found; a value is given unless a problem makes the data unusable. A missing mandatory
 * partner AI does not block a conversion: GS1 evaluates those pairings over all carriers on an item
 * (Syntax Dictionary header, note on req/ex), so one carrier may lawfully lack them.
 */
import type { CodeError } from '../types.js';
import { type ConvertResult, type DigitalLinkFormatOptions, formatDigitalLink, parseDigitalLink } from './digital-link.js';
import { type FormatOptions, formatElementString, parseElementString } from './element-string.js';
import { elementsToEpcUrn, type EpcOptions, parseEpcUrn } from './epc-urn.js';

const blocking = (errors: readonly CodeError[]): boolean => errors.some((e) => e.code !== 'CODES_MISSING_REQUIRED_AI');

/** Digital Link URI → element string (bracketed or raw with GS), AIs in the URI's order. */
export function digitalLinkToElementString(uri: string, options: FormatOptions = {}): ConvertResult {
  const dl = parseDigitalLink(uri);
  if (!dl.isDigitalLink || blocking(dl.errors)) return { value: null, errors: dl.errors };
  return { value: formatElementString(dl.elements, options), errors: dl.errors };
}

/** Element string (bracketed or raw) → Digital Link URI; `options.origin` sets the URI stem. */
export function elementStringToDigitalLink(text: string, options: DigitalLinkFormatOptions = {}): ConvertResult {
  const es = parseElementString(text);
  if (es.elements.length === 0 || blocking(es.errors)) return { value: null, errors: es.errors };
  const dl = formatDigitalLink(es.elements, options);
  return { value: dl.value, errors: [...es.errors, ...dl.errors] };
}

/** Digital Link URI → EPC URI; needs the GS1 Company Prefix length (default: `defaultGcpLength`). */
export function digitalLinkToEpcUrn(uri: string, options: EpcOptions = {}): ConvertResult {
  const dl = parseDigitalLink(uri);
  if (!dl.isDigitalLink || blocking(dl.errors)) return { value: null, errors: dl.errors };
  const epc = elementsToEpcUrn(dl.elements, options);
  return { value: epc.value, errors: [...dl.errors, ...epc.errors] };
}

/** Element string → EPC URI; needs the GS1 Company Prefix length (default: `defaultGcpLength`). */
export function elementStringToEpcUrn(text: string, options: EpcOptions = {}): ConvertResult {
  const es = parseElementString(text);
  if (es.elements.length === 0 || blocking(es.errors)) return { value: null, errors: es.errors };
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
