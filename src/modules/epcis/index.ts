/**
 * Public API of the epcis module (pure: no database, no HTTP): EPCIS 2.0 types, JSON-LD and XML reading and
 * writing, schema + CBV validation, the CBV 2.0 event hash, normalisation and the query-parameter model.
 */

export * as cbv from './cbv-vocabulary.js';
export { type ValidateOptions, validateDocument } from './document.validator.js';
export { EpcisErrorCode } from './epcis.errors.js';
export * from './epcis.types.js';
export {
  canonicalNumber,
  canonicalTime,
  documentHashes,
  documentPreHashes,
  eventHash,
  eventsInScope,
  type HashOptions,
  hashPreHashString,
  preHashString,
} from './event-hash.js';
export { canonicaliseId } from './identifier.js';
export { EPCIS_CONTEXT_URL, KNOWN_CONTEXT_URLS } from './json-ld-context.js';
export { MAX_NESTING_DEPTH, readJsonDocument, writeJsonLd } from './json-reader.js';
export { normaliseDocument } from './normalise.js';
export {
  type Comparison,
  type FieldFilter,
  type MatchField,
  type NamedQuery,
  parseNamedQuery,
  parseQueryParams,
  type QueryModel,
  type TimeRange,
} from './query-params.js';
export { MAX_XML_DEPTH } from './xml-parse.js';
export { readXmlDocument, type XmlReadOptions } from './xml-reader.js';
export { writeXml } from './xml-writer.js';
