/**
 * Query subscriptions (EPCIS 2.0 §8.2.5 subscribe/unsubscribe, REST binding `/queries/{name}/subscriptions`):
 * create, list, show, delete and resume, and the subscriber's scope. A subscription delivers only what its
 * organisation may see: the worker runs the named query with the scope built from the stored organisation.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/index.js';
import type { DB } from '../../../db/schema.js';
import { type Scope, scopeFor, toOrganisation } from '../../access/index.js';
import { queryNotFound } from '../events.errors.js';
import type { EpcFormat } from '../reply.js';
import { nextRunAfter, type ParsedSchedule } from './schedule.js';
import { assertWebhookUrl, type Resolver, systemResolver, type WebhookAllowList } from './ssrf-guard.js';
import type { SubscriptionRequest } from './subscription-request.js';
import { subscriptionNotFound } from './subscriptions.errors.js';
import type { SubscriptionsTable, SubscriptionTransport } from './subscriptions.tables.js';

/**
 * Advisory lock key shared by captures (shared) and subscription creation (exclusive): a capture either sees a
 * new subscription and writes its outbox rows, or has committed before the subscription's backfill horizon.
 */
export const SUBSCRIPTIONS_LOCK = 0x7a73_0005;

/** One entry of the delivery log. */
export interface DeliveryLogEntry {
  seq: number;
  attempt: number;
  status: string;
  eventCount: number;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  at: string;
}

/** A subscription as GET shows it (EPCIS 2.0 REST AbstractQuerySubscriptionResponse plus delivery state). */
export interface SubscriptionView {
  subscriptionID: string;
  queryName: string;
  transport: SubscriptionTransport;
  dest?: string;
  stream?: true;
  schedule?: unknown;
  reportIfEmpty: boolean;
  initialRecordTime: string;
  createdAt: string;
  lastNotifiedAt: string | null;
  minRecordTime: string | null;
  epcFormat: string;
  status: 'active' | 'paused';
  pausedReason: string | null;
  failures: number;
  nextAttemptAt: string | null;
  /** The subscriber's cursor: the last acknowledged batch and whether a batch awaits acknowledgement. */
  cursor: { deliveredSeq: number; lastSeq: number; backfilling: boolean };
  recentDeliveries?: DeliveryLogEntry[];
}

/** What creating a subscription needs besides the request. */
export interface NewSubscription {
  orgId: number;
  queryName: string;
  request: SubscriptionRequest;
  transport: SubscriptionTransport;
  epcFormat: EpcFormat;
  /** WebSocket subscriptions: the node holding the socket. */
  nodeId?: string;
  /** A subscriptionID chosen by the caller (WebSocket: the socket is registered under it before the row exists). */
  id?: string;
  allow: WebhookAllowList;
  resolve?: Resolver;
  now?: number;
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(Number(ms)).toISOString());

// NOTE: a cron string is stored wrapped as {cron}: a bare JSON string in a jsonb column comes back from `pg`
// already parsed and could not be told apart from JSON text on SQLite.
type StoredSpec = { cron: string } | Record<string, unknown>;

function specOf(
  database: Database,
  row: Pick<SubscriptionsTable, 'schedule_spec'>,
): { given: unknown; isCron: boolean } {
  const spec = database.dialect.decodeJson<StoredSpec | null>(row.schedule_spec);
  if (spec && typeof spec === 'object' && typeof (spec as { cron?: unknown }).cron === 'string')
    return { given: (spec as { cron: string }).cron, isCron: true };
  return { given: spec, isCron: false };
}

/** The schedule a stored subscription runs on, or null for a stream. */
export function scheduleOf(
  database: Database,
  row: Pick<SubscriptionsTable, 'cron' | 'schedule_spec'>,
): ParsedSchedule | null {
  if (!row.cron) return null;
  // Cron strings keep standard cron's day rule; EPCIS QuerySchedule objects need every field to match.
  return { cron: row.cron, domAndDow: !specOf(database, row).isCron };
}

/** Shapes a stored row for the API (never the signatureToken). */
export function toView(
  database: Database,
  row: SubscriptionsTable,
  log?: DeliveryLogEntry[],
): SubscriptionView {
  const view: SubscriptionView = {
    subscriptionID: row.id,
    queryName: row.query_name,
    transport: row.transport,
    reportIfEmpty: Number(row.report_if_empty) === 1,
    initialRecordTime: iso(row.initial_record_time)!,
    createdAt: iso(row.created_at)!,
    lastNotifiedAt: iso(row.last_notified_at),
    minRecordTime: iso(row.min_record_time),
    epcFormat: row.epc_format,
    status: row.status,
    pausedReason: row.paused_reason,
    failures: Number(row.failures),
    nextAttemptAt: row.status === 'active' ? iso(row.next_attempt_at) : null,
    cursor: {
      deliveredSeq: Number(row.delivered_seq),
      lastSeq: Number(row.last_seq),
      backfilling: row.backfill_to != null,
    },
  };
  if (row.dest) view.dest = row.dest;
  if (row.cron) view.schedule = specOf(database, row).given;
  else view.stream = true;
  if (log) view.recentDeliveries = log;
  return view;
}

async function namedQueryId(db: Kysely<DB>, orgId: number, name: string): Promise<number> {
  const q = await db
    .selectFrom('named_queries')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!q) throw queryNotFound(name);
  return Number(q.id);
}

/**
 * Creates a subscription. A webhook's dest passes the SSRF guard first (400 otherwise). Under the exclusive
 * subscriptions lock, the highest stored event pk becomes the backfill horizon: events up to it that were
 * recorded at or after initialRecordTime are copied into the outbox by the worker; later ones arrive through the
 * capture hook.
 */
export async function createSubscription(
  database: Database,
  input: NewSubscription,
): Promise<SubscriptionView> {
  const { db, dialect } = database;
  const now = input.now ?? Date.now();
  const { request } = input;
  const queryId = await namedQueryId(db, input.orgId, input.queryName);
  if (input.transport === 'webhook')
    await assertWebhookUrl(request.dest ?? '', input.allow, input.resolve ?? systemResolver);
  const initial = request.initialRecordTime ?? now;
  const nextAttempt = request.schedule ? nextRunAfter(request.schedule, now) : now;
  const id = input.id ?? randomUUID();
  await db.transaction().execute(async (trx) => {
    await dialect.lockInTransaction(trx as unknown as Kysely<unknown>, SUBSCRIPTIONS_LOCK);
    const max = await trx
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    const maxPk = max?.max == null ? 0 : Number(max.max);
    let backfillTo: number | null = null;
    let backfillCursor = 0;
    if (maxPk > 0 && initial <= now) {
      const first = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.min('id').as('min'))
        .where('record_time', '>=', initial)
        .executeTakeFirst();
      if (first?.min != null) {
        backfillTo = maxPk;
        backfillCursor = Number(first.min) - 1;
      }
    }
    await trx
      .insertInto('subscriptions')
      .values({
        id,
        org_id: input.orgId,
        query_id: queryId,
        query_name: input.queryName,
        transport: input.transport,
        dest: input.transport === 'webhook' ? request.dest : null,
        signature_token: request.signatureToken,
        cron: request.schedule?.cron ?? null,
        schedule_spec: request.schedule
          ? (dialect.encodeJson(
              typeof request.scheduleSpec === 'string'
                ? { cron: request.scheduleSpec }
                : request.scheduleSpec,
            ) as never)
          : null,
        report_if_empty: request.reportIfEmpty ? 1 : 0,
        initial_record_time: initial,
        epc_format: input.epcFormat,
        status: 'active',
        paused_reason: null,
        failures: 0,
        next_attempt_at: nextAttempt ?? now,
        backfill_to: backfillTo,
        backfill_cursor: backfillCursor,
        last_seq: 0,
        delivered_seq: 0,
        last_event_pk: null,
        last_notified_at: null,
        min_record_time: null,
        node_id: input.nodeId ?? null,
        heartbeat_at: input.nodeId ? now : null,
        claimed_by: null,
        claim_until: null,
        created_at: now,
      })
      .execute();
  });
  return getSubscription(database, input.orgId, input.queryName, id, { withLog: false });
}

async function rowOf(
  database: Database,
  orgId: number,
  queryName: string,
  id: string,
): Promise<SubscriptionsTable> {
  const row = await database.db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('query_name', '=', queryName)
    .executeTakeFirst();
  if (!row) throw subscriptionNotFound(queryName, id);
  return row as SubscriptionsTable;
}

/** The delivery log of a subscription, newest first. */
export async function deliveryLog(
  database: Database,
  subscriptionId: string,
  limit = 20,
): Promise<DeliveryLogEntry[]> {
  const rows = await database.db
    .selectFrom('subscription_deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    attempt: Number(r.attempt),
    status: r.status,
    eventCount: Number(r.event_count),
    responseCode: r.response_code == null ? null : Number(r.response_code),
    latencyMs: Number(r.latency_ms),
    error: r.error,
    at: iso(r.at)!,
  }));
}

/** One subscription of the organisation on a named query, with its recent delivery log; throws SUBSCRIPTION_NOT_FOUND. */
export async function getSubscription(
  database: Database,
  orgId: number,
  queryName: string,
  id: string,
  options: { withLog?: boolean } = {},
): Promise<SubscriptionView> {
  const row = await rowOf(database, orgId, queryName, id);
  return toView(database, row, options.withLog === false ? undefined : await deliveryLog(database, id));
}

/** The organisation's subscriptions on a named query (throws EVENTS_QUERY_NOT_FOUND for an unknown query). */
export async function listSubscriptions(
  database: Database,
  orgId: number,
  queryName: string,
): Promise<SubscriptionView[]> {
  await namedQueryId(database.db, orgId, queryName);
  const rows = await database.db
    .selectFrom('subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('query_name', '=', queryName)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => toView(database, r as SubscriptionsTable));
}

/** Unsubscribes (EPCIS 2.0 unsubscribe): the outbox, pending batch and log go with it. */
export async function deleteSubscription(
  database: Database,
  orgId: number,
  queryName: string,
  id: string,
): Promise<void> {
  const r = await database.db
    .deleteFrom('subscriptions')
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('query_name', '=', queryName)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw subscriptionNotFound(queryName, id);
}

/** Resumes a paused subscription: its failures are forgotten and the pending batch is tried again now. */
export async function resumeSubscription(
  database: Database,
  orgId: number,
  queryName: string,
  id: string,
  now = Date.now(),
): Promise<SubscriptionView> {
  await rowOf(database, orgId, queryName, id);
  await database.db
    .updateTable('subscriptions')
    .set({ status: 'active', paused_reason: null, failures: 0, next_attempt_at: now })
    .where('id', '=', id)
    .execute();
  return getSubscription(database, orgId, queryName, id);
}

/**
 * The scope a subscription's organisation has now (built as its API key's would be), or null when the
 * organisation is disabled — a disabled organisation receives nothing.
 */
export async function subscriberScope(
  database: Database,
  orgId: number,
  childDivisions: (code: string) => readonly string[],
): Promise<Scope | null> {
  const row = await database.db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!row) return null;
  const org = toOrganisation(database.dialect, row as unknown as Record<string, unknown>);
  if (org.disabled) return null;
  return scopeFor(
    {
      via: 'key',
      userId: null,
      keyId: null,
      username: null,
      role: 'member',
      org: {
        id: org.id,
        kind: org.kind,
        name: org.name,
        uscc: org.uscc,
        divisionCode: org.divisionCode,
        categories: org.categories,
      },
    },
    childDivisions,
  );
}

/** Drops a WebSocket subscription when its socket closes (the row, outbox and log go with it). */
export async function dropSocketSubscription(database: Database, id: string): Promise<void> {
  await database.db
    .deleteFrom('subscriptions')
    .where('id', '=', id)
    .where('transport', '=', 'websocket')
    .execute();
}
