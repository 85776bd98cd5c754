/** Identifiers and codes: parse, validate and convert every code the platform meets (issue 3). */

// GS1 check characters (GS1 General Specifications §7.9).
export {
  gs1AlphaCheckPair,
  gs1CheckDigit,
  isValidGs1AlphaCheckPair,
  isValidGs1CheckDigit,
  withGs1CheckDigit,
} from './check/gs1.js';
// Chinese schemes and the platform trace code (their folders' own public APIs).
export * from './cn/index.js';
// The GS1 AI dictionary and value validation.
export {
  allAis,
  checkPairings,
  DL_SHORT_NAMES,
  dlKeySequences,
  lookupAi,
  validateAiValue,
} from './gs1/ai.js';
export type { AiCharset, AiComponent, AiEntry } from './gs1/ai.types.js';
export { AI_ENTRIES } from './gs1/ai-table.js';
export { type CanonicalOptions, toConstrainedCanonical } from './gs1/canonical.js';
export {
  digitalLinkToElementString,
  digitalLinkToEpcUrn,
  elementStringToDigitalLink,
  elementStringToEpcUrn,
  epcUrnToDigitalLink,
  epcUrnToElementString,
} from './gs1/convert.js';
export {
  CANONICAL_HOST,
  type ConvertResult,
  constrainedCanonical,
  type DigitalLinkFormatOptions,
  type DigitalLinkResult,
  dlEncode,
  formatDigitalLink,
  parseDigitalLink,
} from './gs1/digital-link.js';

// Element strings, Digital Link, EPC URIs and the conversions between them.
export {
  type AiElement,
  aiMap,
  type ElementStringResult,
  formatElementString,
  GS,
  parseElementString,
} from './gs1/element-string.js';
export {
  defaultGcpLength,
  type EpcOptions,
  type EpcUrnResult,
  elementsToEpcUrn,
  epcEscape,
  parseEpcUrn,
} from './gs1/epc-urn.js';
export { CONTENT_ERROR_CODES, GS1_ERROR_CODES } from './gs1/gs1.errors.js';
export { MAX_CODE_LENGTH, type Normalised, normalise } from './normalise.js';
export { parse } from './parse.js';
export * from './platform/index.js';
export type { CodeError, ParseResult, Scheme } from './types.js';
