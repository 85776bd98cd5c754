/**
 * Authentication hooks for the audience plugins. A request authenticates with the session cookie (web app) or an
 * API key (`Authorization: Bearer zsk_…` or `X-API-Key`). Cookie-authenticated requests that change state must
 * echo the session's CSRF token in `X-CSRF-Token`; API-key requests need none (they carry no ambient authority).
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError, forbidden, unauthorized } from '../../lib/errors.js';
import {
  audit,
  csrfRejected,
  forbiddenRole,
  type OrgKind,
  principalFromKey,
  principalFromSession,
  type Role,
  scopeFor,
} from '../../modules/access/index.js';
import { API_KEY_PREFIX } from '../../modules/access/tokens.js';
import type { Caller } from './context.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'zs_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m)
      throw new AppError('AUTH_BAD_HEADER', 'The Authorization header must be "Bearer <API key>".', {
        status: 401,
      });
    return m[1];
  }
  const header = request.headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}

/** Resolves the caller of a request, or null when it presents no credentials. Throws 401 for bad credentials. */
export async function resolveCaller(request: FastifyRequest): Promise<Caller | null> {
  const { database, childDivisions } = request.server;
  const key = presentedKey(request);
  if (key) {
    if (!key.startsWith(API_KEY_PREFIX))
      throw new AppError('AUTH_KEY_REJECTED', 'The API key is not valid.', { status: 401 });
    const principal = await principalFromKey(database.db, database.dialect, key);
    return { principal, scope: scopeFor(principal, childDivisions), session: null };
  }
  const raw = request.cookies?.[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value)
    throw unauthorized('The session cookie is not valid; log in again.');
  const found = await principalFromSession(database.db, database.dialect, unsigned.value);
  return {
    principal: found.principal,
    scope: scopeFor(found.principal, childDivisions),
    session: {
      tokenHash: found.tokenHash,
      csrfToken: found.csrfToken,
      mustChangePassword: found.mustChangePassword,
    },
  };
}

/** Options of the `authenticate` hook. */
export interface AuthOptions {
  /** Organisation kinds allowed on these routes (all when omitted). */
  kinds?: readonly OrgKind[];
  /** Roles allowed (all when omitted). */
  roles?: readonly Role[];
  /** Allow a user who must change the password (only the auth routes do). */
  allowPasswordChangePending?: boolean;
}

/** An onRequest hook that requires a caller, checks CSRF, kind and role, and sets `request.caller`. */
export function authenticate(options: AuthOptions = {}): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const caller = await resolveCaller(request);
    if (!caller) throw unauthorized();
    if (caller.session && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== caller.session.csrfToken) throw csrfRejected();
    }
    if (caller.session?.mustChangePassword && !options.allowPasswordChangePending) {
      throw forbidden(
        'AUTH_PASSWORD_CHANGE_REQUIRED',
        'Change your one-time password first (POST /api/auth/password).',
      );
    }
    if (options.kinds && !options.kinds.includes(caller.principal.org.kind)) {
      throw forbidden(
        'AUTH_WRONG_AUDIENCE',
        `These routes are for ${options.kinds.join(' or ')} organisations; yours is ${caller.principal.org.kind}.`,
      );
    }
    if (options.roles && !options.roles.includes(caller.principal.role))
      throw forbiddenRole(`the role ${options.roles.join(' or ')}`);
    request.caller = caller;
  };
}

/** The caller of an authenticated route (the hook guarantees one). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthorized();
  return request.caller;
}

/** Requires one of the roles inside a route handler (e.g. manager for key management). */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): Caller {
  const caller = callerOf(request);
  if (!roles.includes(caller.principal.role)) throw forbiddenRole(`the role ${roles.join(' or ')}`);
  return caller;
}

/** Writes an audit entry for the request's caller. */
export async function auditRequest(
  request: FastifyRequest,
  entry: Parameters<typeof audit>[4],
): Promise<void> {
  const { database } = request.server;
  await audit(
    database.db,
    database.dialect,
    request.caller?.principal ?? null,
    { ip: request.ip, requestId: String(request.id) },
    entry,
  );
}
