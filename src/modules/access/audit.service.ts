/**
 * The audit log: every regulator or admin read of enterprise data and every change of accounts, keys and scopes
 * (who, what, when, from where). Rows are only ever inserted.
 */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import type { Principal } from './scope.js';

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}

/** One audit entry to write. */
export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  targetOrgId?: number | null;
  detail?: Record<string, unknown> | null;
}

/** An audit entry as read back. */
export interface AuditRecord {
  id: number;
  at: string;
  actorUserId: number | null;
  actorOrgId: number | null;
  actorKeyId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetOrgId: number | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

/** Writes one audit entry for an action by a principal (null actor: the CLI or the system itself). */
export async function audit(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  actor: Principal | null,
  origin: RequestOrigin | null,
  entry: AuditEntry,
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now,
      actor_user_id: actor?.userId ?? null,
      actor_org_id: actor?.org.id ?? null,
      actor_key_id: actor?.keyId ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId == null ? null : String(entry.targetId),
      target_org_id: entry.targetOrgId ?? null,
      detail: dialect.encodeJson(entry.detail ?? null),
      ip: origin?.ip ?? null,
      request_id: origin?.requestId ?? null,
    })
    .execute();
}

/** Filters for reading the audit log. */
export interface AuditQuery {
  action?: string;
  actorOrgId?: number;
  targetOrgId?: number;
  since?: Date;
  until?: Date;
  limit?: number;
  beforeId?: number;
}

/** Reads the audit log, newest first (admin only: the route checks the role). */
export async function listAudit(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  q: AuditQuery = {},
): Promise<AuditRecord[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(q.limit ?? 100, 1000));
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorOrgId !== undefined) query = query.where('actor_org_id', '=', q.actorOrgId);
  if (q.targetOrgId !== undefined) query = query.where('target_org_id', '=', q.targetOrgId);
  if (q.since) query = query.where('at', '>=', q.since.getTime());
  if (q.until) query = query.where('at', '<', q.until.getTime());
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(Number(r.at)).toISOString(),
    actorUserId: r.actor_user_id == null ? null : Number(r.actor_user_id),
    actorOrgId: r.actor_org_id == null ? null : Number(r.actor_org_id),
    actorKeyId: r.actor_key_id == null ? null : Number(r.actor_key_id),
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    targetOrgId: r.target_org_id == null ? null : Number(r.target_org_id),
    detail: dialect.decodeJson<Record<string, unknown> | null>(r.detail),
    ip: r.ip,
    requestId: r.request_id,
  }));
}
