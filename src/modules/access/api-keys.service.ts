/** API keys: per organisation, shown once, stored as a SHA-256 digest, revocable, with an optional expiry. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../lib/errors.js';
import { keyNotFound, keyRejected } from './access.errors.js';
import { API_KEY_PREFIX, digest, randomToken } from './tokens.js';

/** An API key as listed (never the key itself). */
export interface ApiKey {
  id: number;
  orgId: number;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const iso = (v: unknown) => (v == null ? null : new Date(Number(v)).toISOString());

function toKey(row: Record<string, unknown>): ApiKey {
  return {
    id: Number(row.id),
    orgId: Number(row.org_id),
    name: String(row.name),
    prefix: String(row.prefix),
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

/** Creates a key; the returned `key` is the only time the secret is seen. */
export async function createApiKey(
  db: Kysely<DB>,
  input: { orgId: number; name?: string; expiresAt?: Date | null; createdBy?: number | null },
  now = Date.now(),
): Promise<{ key: string; apiKey: ApiKey }> {
  if (input.expiresAt && Number.isNaN(input.expiresAt.getTime())) {
    throw badRequest('ACCESS_BAD_EXPIRY', 'expiresAt is not a valid date.', { path: '/expiresAt' });
  }
  if (input.expiresAt && input.expiresAt.getTime() <= now) {
    throw badRequest('ACCESS_BAD_EXPIRY', `expiresAt ${input.expiresAt.toISOString()} is in the past.`, {
      path: '/expiresAt',
    });
  }
  const name = (input.name ?? 'API key').trim();
  if (name.length === 0 || name.length > 100) {
    throw badRequest('ACCESS_BAD_NAME', 'name must be 1 to 100 characters.', { path: '/name' });
  }
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const row = await db
    .insertInto('api_keys')
    .values({
      org_id: input.orgId,
      name,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      key_hash: digest(key),
      created_at: now,
      created_by: input.createdBy ?? null,
      expires_at: input.expiresAt ? input.expiresAt.getTime() : null,
      revoked_at: null,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key, apiKey: toKey(row as unknown as Record<string, unknown>) };
}

/** Resolves a presented key to its row; throws AUTH_KEY_REJECTED (401) when unknown, revoked or expired. */
export async function resolveApiKey(db: Kysely<DB>, key: string, now = Date.now()): Promise<ApiKey> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('key_hash', '=', digest(key.trim()))
    .executeTakeFirst();
  if (!row) throw keyRejected('unknown');
  if (row.revoked_at != null) throw keyRejected('revoked');
  if (row.expires_at != null && Number(row.expires_at) <= now) throw keyRejected('expired');
  // Coarse last-use stamp (once a minute) so a busy client does not write on every request.
  if (row.last_used_at == null || now - Number(row.last_used_at) > 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return toKey(row as unknown as Record<string, unknown>);
}

/** Lists an organisation's keys. */
export async function listApiKeys(db: Kysely<DB>, orgId: number): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => toKey(r as unknown as Record<string, unknown>));
}

/** Revokes a key; `orgId` limits it to one organisation's keys (null: any, for admins and the CLI). */
export async function revokeApiKey(
  db: Kysely<DB>,
  id: number,
  orgId: number | null,
  now = Date.now(),
): Promise<ApiKey> {
  let query = db.selectFrom('api_keys').selectAll().where('id', '=', id);
  if (orgId !== null) query = query.where('org_id', '=', orgId);
  const row = await query.executeTakeFirst();
  if (!row) throw keyNotFound(id);
  if (row.revoked_at == null) {
    await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).execute();
  }
  return toKey({ ...(row as unknown as Record<string, unknown>), revoked_at: row.revoked_at ?? now });
}
