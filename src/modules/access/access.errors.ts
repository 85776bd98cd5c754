/** Errors of the access module. */
import { AppError } from '../../lib/errors.js';

export const invalidCredentials = () =>
  new AppError('AUTH_INVALID_CREDENTIALS', 'The username or password is wrong.', { status: 401 });
export const keyRejected = (reason: 'unknown' | 'revoked' | 'expired') =>
  new AppError(
    'AUTH_KEY_REJECTED',
    reason === 'unknown'
      ? 'The API key is not valid.'
      : reason === 'revoked'
        ? 'The API key has been revoked.'
        : 'The API key has expired.',
    { status: 401, extra: { reason } },
  );
export const sessionExpired = () =>
  new AppError('AUTH_SESSION_EXPIRED', 'The session has expired or was ended; log in again.', {
    status: 401,
  });
export const csrfRejected = () =>
  new AppError(
    'AUTH_CSRF',
    'The request lacks the CSRF token of this session (send it in the X-CSRF-Token header).',
    {
      status: 403,
    },
  );
export const forbiddenRole = (needed: string) =>
  new AppError('AUTH_FORBIDDEN', `This action needs ${needed}.`, { status: 403 });
export const orgNotFound = (ref: string) =>
  new AppError('ACCESS_ORG_NOT_FOUND', `No organisation has the id or USCC ${JSON.stringify(ref)}.`, {
    status: 404,
  });
export const userNotFound = (ref: string) =>
  new AppError('ACCESS_USER_NOT_FOUND', `No user ${JSON.stringify(ref)}.`, { status: 404 });
export const keyNotFound = (id: number) =>
  new AppError('ACCESS_KEY_NOT_FOUND', `No API key with id ${id} in your organisation.`, { status: 404 });
export const badPassword = (problems: string[], path = '/password') =>
  new AppError('AUTH_WEAK_PASSWORD', `The new password ${problems.join('; ')}.`, { status: 400, path });
