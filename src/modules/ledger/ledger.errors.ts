/**
 * Errors of the ledger (tamper-evident log). Codes are stable: clients and the CLI match on them.
 */
import { AppError, type ProblemItem } from '../../lib/errors.js';

/** Stable error codes of the ledger module. */
export const LEDGER_ERROR_CODES = {
  /** A tree head's signature does not verify, or it was signed by a key the verifier does not trust. */
  badSignature: 'LEDGER_BAD_SIGNATURE',
  /** A tree head is not of the documented shape (see tree-head.ts). */
  malformedHead: 'LEDGER_MALFORMED_HEAD',
  /** A key could not be read, or is of an algorithm the ledger does not sign with. */
  badKey: 'LEDGER_BAD_KEY',
} as const;

/** A head whose signature fails or whose key is not trusted (the caller's data is wrong, not us). */
export function badSignature(message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(LEDGER_ERROR_CODES.badSignature, message, { status: 400, extra });
}

/** A head that is not a well-formed signed tree head; `errors` says which member and why. */
export function malformedHead(errors: ProblemItem[]): AppError {
  const first = errors[0];
  const summary = first === undefined ? '' : `: ${first.path ?? ''} ${first.message}`;
  return new AppError(LEDGER_ERROR_CODES.malformedHead, `malformed signed tree head${summary}`, {
    status: 400,
    errors,
  });
}

/** A key that cannot be used; raised at start-up (configuration) or when a caller supplies one. */
export function badKey(message: string, cause?: unknown): AppError {
  return new AppError(LEDGER_ERROR_CODES.badKey, message, { status: 400, cause });
}
