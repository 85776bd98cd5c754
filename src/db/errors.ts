/**
 * The one place where database errors become the project's own errors (CONVENTIONS.md §6). A unique or
 * foreign-key violation is the caller's fault (409/400); an unreachable database is 503; anything else is a bug.
 */
import { AppError, isAppError } from '../lib/errors.js';
import type { DialectCapabilities } from './dialects/index.js';

/** Human wording for constraints, so a conflict names what clashed. Keys are constraint or index names. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  organisations_uscc_unique: 'An organisation with this USCC (统一社会信用代码) already exists.',
  users_username_unique: 'This username is taken.',
  products_org_gtin_unique: 'This organisation already registered a product with this GTIN.',
};

function describe(constraint: string | undefined, detail: string | undefined): string | undefined {
  if (constraint) {
    for (const [name, message] of Object.entries(CONSTRAINT_MESSAGES)) {
      if (constraint.includes(name)) return message;
    }
  }
  if (detail) {
    // SQLite names the columns (`users.username`); map those to the same wording.
    const column = /([a-z_]+\.[a-z_]+)/.exec(detail)?.[1];
    if (column === 'organisations.uscc') return CONSTRAINT_MESSAGES.organisations_uscc_unique;
    if (column === 'users.username') return CONSTRAINT_MESSAGES.users_username_unique;
  }
  return undefined;
}

/** Turns any error thrown by a query into an AppError; AppErrors pass through unchanged. */
export function translateDbError(dialect: DialectCapabilities, error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const info = dialect.classifyError(error);
  if (!info) return undefined;
  const known = describe(info.constraint, info.detail);
  switch (info.kind) {
    case 'unique':
      return new AppError(
        'DB_CONFLICT',
        known ?? `A record with the same unique value exists (${info.detail}).`,
        {
          status: 409,
          cause: error,
        },
      );
    case 'foreign-key':
      return new AppError(
        'DB_REFERENCE',
        'The record refers to something that does not exist, or is still referred to.',
        {
          status: 409,
          cause: error,
        },
      );
    case 'not-null':
    case 'check':
      return new AppError('DB_CONSTRAINT', `A stored value breaks a rule of the database: ${info.detail}`, {
        status: 400,
        cause: error,
      });
    case 'busy':
      return new AppError('DB_BUSY', 'The database is busy; retry the request.', {
        status: 503,
        fault: 'caller',
        cause: error,
      });
    case 'unavailable':
      return new AppError('DB_UNAVAILABLE', 'The database cannot be reached.', {
        status: 503,
        fault: 'bug',
        cause: error,
      });
    default:
      return new AppError('DB_ERROR', 'The database failed to answer.', { status: 500, cause: error });
  }
}
