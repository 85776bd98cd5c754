/**
 * Stable error codes of the epcis module (the EPCIS_INVALID_DOCUMENT family) and the helpers that build
 * problem items with JSON-pointer paths (RFC 6901).
 */
import { AppError, type ProblemItem } from '../../lib/errors.js';

/** Codes of thrown errors and of problem items. */
export const EpcisErrorCode = {
  /** The whole document is rejected; the `errors` list says where and why (EPCIS 2.0 §8.2.8 ValidationException). */
  invalidDocument: 'EPCIS_INVALID_DOCUMENT',
  invalidJson: 'EPCIS_INVALID_DOCUMENT_JSON_SYNTAX',
  invalidXml: 'EPCIS_INVALID_DOCUMENT_XML_SYNTAX',
  doctypeForbidden: 'EPCIS_INVALID_DOCUMENT_DOCTYPE_FORBIDDEN',
  tooDeep: 'EPCIS_INVALID_DOCUMENT_NESTING_TOO_DEEP',
  missingField: 'EPCIS_INVALID_DOCUMENT_MISSING_FIELD',
  wrongType: 'EPCIS_INVALID_DOCUMENT_WRONG_TYPE',
  unknownField: 'EPCIS_INVALID_DOCUMENT_UNKNOWN_FIELD',
  notNamespaced: 'EPCIS_INVALID_DOCUMENT_NOT_NAMESPACED',
  badValue: 'EPCIS_INVALID_DOCUMENT_BAD_VALUE',
  badTime: 'EPCIS_INVALID_DOCUMENT_BAD_TIME',
  badUri: 'EPCIS_INVALID_DOCUMENT_BAD_URI',
  notCbv: 'EPCIS_INVALID_DOCUMENT_NOT_CBV',
  unknownEventType: 'EPCIS_INVALID_DOCUMENT_UNKNOWN_EVENT_TYPE',
  duplicateEventId: 'EPCIS_INVALID_DOCUMENT_DUPLICATE_EVENT_ID',
  duplicateValue: 'EPCIS_INVALID_DOCUMENT_DUPLICATE_VALUE',
  /** Query parameters rejected (EPCIS 2.0 §8.2.8 QueryParameterException). */
  queryParameter: 'EPCIS_QUERY_PARAMETER_INVALID',
  queryUnknownParameter: 'EPCIS_QUERY_PARAMETER_UNKNOWN',
  queryBadValue: 'EPCIS_QUERY_PARAMETER_BAD_VALUE',
} as const;

/** Escape one JSON-pointer reference token (RFC 6901 §3). */
export const escapePointer = (token: string | number): string =>
  String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/** Join a parent JSON pointer and one token. */
export const pointer = (parent: string, token: string | number): string =>
  `${parent}/${escapePointer(token)}`;

/** Render a value for a message: strings quoted, long values cut. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The 400 error thrown when a document cannot be read or is invalid. */
export function invalidDocument(message: string, errors: ProblemItem[]): AppError {
  return new AppError(EpcisErrorCode.invalidDocument, message, { status: 400, errors });
}
