/**
 * Cookie sessions for the web app. The cookie carries a random token; the table keeps its SHA-256, so a copy of
 * the database gives no usable session. Each session has its own CSRF token that state-changing requests must echo
 * in the X-CSRF-Token header (synchroniser-token pattern, OWASP CSRF Prevention Cheat Sheet).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { digest, randomToken } from './tokens.js';

/** A session as created: the token goes into the cookie and is never stored. */
export interface NewSession {
  token: string;
  tokenHash: string;
  csrfToken: string;
  expiresAt: number;
}

/** Opens a session for a user. */
export async function openSession(
  db: Kysely<DB>,
  userId: number,
  ttlHours: number,
  meta: { ip?: string | null; userAgent?: string | null },
  now = Date.now(),
): Promise<NewSession> {
  const token = randomToken(32);
  const session = {
    token,
    tokenHash: digest(token),
    csrfToken: randomToken(24),
    expiresAt: now + ttlHours * 3_600_000,
  };
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: userId,
      csrf_token: session.csrfToken,
      created_at: now,
      expires_at: session.expiresAt,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  // Housekeeping: expired sessions of anyone go when someone logs in.
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  return session;
}

/** Looks a session up by its cookie token; null when unknown or expired. */
export async function findSession(db: Kysely<DB>, token: string, now = Date.now()) {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', digest(token))
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= now) return null;
  return {
    tokenHash: row.token_hash,
    userId: Number(row.user_id),
    csrfToken: row.csrf_token,
    expiresAt: Number(row.expires_at),
  };
}

/** Ends a session (logout). */
export async function closeSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
