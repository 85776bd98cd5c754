/** Turns a session or an API key into the Principal that acts, with its organisation loaded. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { sessionExpired } from './access.errors.js';
import { resolveApiKey } from './api-keys.service.js';
import { toOrganisation } from './organisations.service.js';
import type { Principal } from './scope.js';
import { findSession } from './sessions.service.js';

async function loadOrg(db: Kysely<DB>, dialect: DialectCapabilities, orgId: number) {
  const row = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return toOrganisation(dialect, row as unknown as Record<string, unknown>);
}

function orgOf(org: Awaited<ReturnType<typeof loadOrg>>): Principal['org'] {
  return {
    id: org.id,
    kind: org.kind,
    name: org.name,
    uscc: org.uscc,
    divisionCode: org.divisionCode,
    categories: org.categories,
  };
}

/** The principal behind a session cookie, with the session's CSRF token; throws AUTH_SESSION_EXPIRED. */
export async function principalFromSession(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  token: string,
): Promise<{ principal: Principal; csrfToken: string; tokenHash: string; mustChangePassword: boolean }> {
  const session = await findSession(db, token);
  if (!session) throw sessionExpired();
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.userId).executeTakeFirst();
  if (!user || user.disabled_at != null) throw sessionExpired();
  const org = await loadOrg(db, dialect, Number(user.org_id));
  if (org.disabled) throw sessionExpired();
  return {
    principal: {
      via: 'session',
      userId: Number(user.id),
      keyId: null,
      username: user.username,
      role: user.role,
      org: orgOf(org),
    },
    csrfToken: session.csrfToken,
    tokenHash: session.tokenHash,
    mustChangePassword: Number(user.must_change_password) === 1,
  };
}

/** The principal behind an API key (acting as a member of its organisation); throws AUTH_KEY_REJECTED. */
export async function principalFromKey(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  key: string,
): Promise<Principal> {
  const apiKey = await resolveApiKey(db, key);
  const org = await loadOrg(db, dialect, apiKey.orgId);
  if (org.disabled) throw sessionExpired();
  return { via: 'key', userId: null, keyId: apiKey.id, username: null, role: 'member', org: orgOf(org) };
}
