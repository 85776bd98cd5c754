/**
 * The capture hook of subscriptions: in the capture transaction, one outbox row per (subscription whose query may
 * match, stored event). Delivery runs later, off the capture path, so a slow subscriber never slows capture; the
 * rows commit or roll back with the events, so no event is lost between "stored" and "queued".
 */
import type { Kysely } from 'kysely';
import { parseQueryParams, type QueryModel } from '../../epcis/index.js';
import type { CaptureHook, StoredEvent } from '../capture-hooks.js';
import { hubOf } from './local-hub.js';
import { SUBSCRIPTIONS_LOCK } from './subscriptions.service.js';

interface Candidate {
  id: string;
  org_id: number;
  kind: string;
  categories: unknown;
  initial_record_time: number;
  params: unknown;
}

const models = new Map<string, QueryModel | null>();

/** The query model of stored parameters (cached by their text; null when they no longer parse). */
function modelOf(params: unknown): QueryModel | null {
  const key = typeof params === 'string' ? params : JSON.stringify(params);
  if (!models.has(key)) {
    if (models.size > 1000) models.clear();
    try {
      models.set(
        key,
        parseQueryParams(
          typeof params === 'string' ? JSON.parse(params) : (params as Record<string, unknown>),
        ),
      );
    } catch {
      models.set(key, null);
    }
  }
  return models.get(key) ?? null;
}

/**
 * Whether a subscription's query may match an event: a cheap, conservative pre-filter (the query engine decides at
 * delivery). It must never say no to an event the subscriber's scope could see: it follows `eventVisibleTo`
 * (query.service.ts) — an enterprise sees what it recorded and what names a party; a department its categories.
 */
function mayMatch(
  c: Candidate,
  categories: readonly string[],
  recorderOrgId: number,
  e: StoredEvent,
  model: QueryModel | null,
): boolean {
  if (e.recordTime < Number(c.initial_record_time)) return false;
  if (model?.eventTypes?.length && !model.eventTypes.includes(e.record.type as never)) return false;
  switch (c.kind) {
    case 'enterprise':
    case 'platform':
      return Number(c.org_id) === recorderOrgId || e.record.parties.length > 0;
    case 'department':
      return e.category !== null && categories.includes(e.category);
    default:
      // admin sees everything; a county sees what organisations seated in its area record (checked at delivery).
      return true;
  }
}

/** Writes the outbox rows of a capture (src/pipeline.ts runs it last, inside the capture transaction). */
export const outboxHook: CaptureHook = async ({ trx, database, orgId, stored }) => {
  if (stored.length === 0) return;
  // Shared with other captures, exclusive with a subscription being created (see SUBSCRIPTIONS_LOCK).
  await database.dialect.lockSharedInTransaction(trx as unknown as Kysely<unknown>, SUBSCRIPTIONS_LOCK);
  const subs = (await trx
    .selectFrom('subscriptions')
    .innerJoin('organisations', 'organisations.id', 'subscriptions.org_id')
    .innerJoin('named_queries', 'named_queries.id', 'subscriptions.query_id')
    .select([
      'subscriptions.id',
      'subscriptions.org_id',
      'organisations.kind',
      'organisations.categories',
      'subscriptions.initial_record_time',
      'named_queries.params',
    ])
    .execute()) as Candidate[];
  if (subs.length === 0) return;
  const rows: { subscription_id: string; event_pk: number }[] = [];
  for (const c of subs) {
    const categories = database.dialect.decodeJson<string[] | null>(c.categories) ?? [];
    const model = modelOf(c.params);
    for (const e of stored)
      if (mayMatch(c, categories, orgId, e, model)) rows.push({ subscription_id: c.id, event_pk: e.pk });
  }
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('subscription_outbox')
      .values(rows.slice(i, i + 1000))
      .execute();
  if (rows.length > 0) hubOf(database).nudge();
};
