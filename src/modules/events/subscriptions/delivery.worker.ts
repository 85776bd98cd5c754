/**
 * The delivery worker: claims due subscriptions (one node each, by an atomic UPDATE … RETURNING with a lease),
 * turns their outbox rows into numbered batches, runs the named query on them with the subscriber's scope, sends
 * each batch (webhook POST or WebSocket message), and records the outcome. See docs/subscriptions.md for the
 * delivery guarantee.
 *
 * Per subscription, in order: backfill (copy events recorded since initialRecordTime into the outbox), then
 * batch by batch. A batch gets its sequence number and its exact body in the same transaction that removes its
 * outbox rows; it is re-sent byte for byte until acknowledged, and batch n+1 is never made before batch n is
 * acknowledged. After `maxFailures` consecutive failures the subscription is paused with the reason.
 */
import { type Kysely, sql } from 'kysely';
import type { Config } from '../../../config/index.js';
import type { Database } from '../../../db/index.js';
import type { DB } from '../../../db/schema.js';
import { loadDivisionTree, type Scope } from '../../access/index.js';
import { parseQueryParams, type QueryModel } from '../../epcis/index.js';
import { MAX_PER_PAGE, queryEvents } from '../query.service.js';
import { type EpcFormat, formatIdentifiers, queryDocument } from '../reply.js';
import { hubOf, type LocalHub } from './local-hub.js';
import { nextRunAfter } from './schedule.js';
import { allowListOf, type Resolver, systemResolver, type WebhookAllowList } from './ssrf-guard.js';
import { scheduleOf, subscriberScope } from './subscriptions.service.js';
import type { SubscriptionsTable } from './subscriptions.tables.js';
import { postWebhook, type WebhookOutcome } from './webhook-client.js';

/** Tuning of the worker; every value has a production default. */
export interface WorkerOptions {
  /** How often to look for due work when nothing nudges (ms). */
  pollMs?: number;
  /** How long a claim lasts unless renewed; a crashed worker's subscriptions wait this long (ms). */
  leaseMs?: number;
  /** Deadline of one delivery (ms); kept below the lease so a live worker never loses its claim mid-send. */
  timeoutMs?: number;
  /** Events per batch (the REST binding asks for "manageable batches"). */
  batchSize?: number;
  /** Subscriptions delivered to at once by this worker. */
  concurrency?: number;
  /** First retry delay; doubles per consecutive failure up to backoffMaxMs (ms). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Consecutive failures after which the subscription is paused. */
  maxFailures?: number;
  /** Delivery log retention (ms). */
  logRetentionMs?: number;
  /** DNS resolver for the SSRF guard (tests). */
  resolve?: Resolver;
  /**
   * Test seam: awaited just before a batch is sent. A promise that never settles, followed by `crash()`, is a
   * process that died after claiming and making the batch but before it was sent.
   */
  beforeSend?: (delivery: { subscriptionId: string; seq: number }) => Promise<void>;
  /** Receives errors the worker recovers from (logged by the server). */
  onError?: (error: unknown) => void;
}

/** A running worker. */
export interface SubscriptionWorker {
  /** The identity written into claims. */
  readonly workerId: string;
  /** Looks for due work now instead of at the next poll. */
  wake(): void;
  /** Resolves when nothing is claimed by this worker and no due work is left (tests, bench). */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops claiming, lets in-flight deliveries finish and record their outcome, releases its claims. */
  stop(): Promise<void>;
  /** Stops as a killed process would: nothing more is written, its claims are left to expire (tests). */
  crash(): void;
}

type Row = SubscriptionsTable;
type Obj = Record<string, unknown>;

const DEFAULTS = {
  pollMs: 1000,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  batchSize: 100,
  concurrency: 4,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
  maxFailures: 8,
  logRetentionMs: 30 * 24 * 3600_000,
};
/** Event pks copied into the outbox per backfill step. */
const BACKFILL_CHUNK = 5000;
/** Batches sent per claim before the subscription goes back in the queue (fairness between subscriptions). */
const BATCHES_PER_CLAIM = 50;
/** Quick re-polls after a nudge: the capture that nudged may commit a moment after its hook ran. */
const BURST_DELAYS = [2, 5, 10, 20, 40, 80, 160];
const HOUSEKEEPING_MS = 5000;
/** A WebSocket subscription whose node has not said it holds the socket for this long is dropped. */
const STALE_SOCKET_MS = 60_000;

class LostClaim extends Error {}

let workerSerial = 0;

class Worker implements SubscriptionWorker {
  readonly workerId: string;
  private readonly o: typeof DEFAULTS;
  private readonly allow: WebhookAllowList;
  private readonly resolve: Resolver;
  private readonly inflight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private running = false;
  private rerun = false;
  private burst = 0;
  private stopped = false;
  private crashed = false;
  private lastHousekeeping = 0;
  private lastTickClaimed = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly hub: LocalHub,
    private readonly childDivisions: (code: string) => readonly string[],
    private readonly options: WorkerOptions,
  ) {
    workerSerial += 1;
    this.workerId = `${hub.nodeId}/w${workerSerial}`;
    this.o = { ...DEFAULTS, ...stripUndefined(options) } as typeof DEFAULTS;
    this.allow = allowListOf(config.webhookAllow);
    this.resolve = options.resolve ?? systemResolver;
    this.unsubscribe = hub.onNudge(() => this.wake());
    this.schedule(0);
  }

  private get db(): Kysely<DB> {
    return this.database.db;
  }

  wake(): void {
    this.burst = BURST_DELAYS.length;
    this.schedule(BURST_DELAYS[0]!);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => void this.loop(), ms);
  }

  private async loop(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    let claimed = 0;
    try {
      claimed = await this.tick();
    } catch (e) {
      if (!this.stopped) this.options.onError?.(e);
    } finally {
      this.running = false;
    }
    this.lastTickClaimed = claimed;
    if (this.stopped) return;
    if (this.rerun || claimed > 0) {
      this.rerun = false;
      this.schedule(0);
    } else if (this.burst > 0) {
      this.burst -= 1;
      this.schedule(BURST_DELAYS[BURST_DELAYS.length - 1 - this.burst] ?? this.o.pollMs);
    } else {
      this.schedule(this.o.pollMs);
    }
  }

  /** One pass: housekeeping, then claim as many due subscriptions as there are free slots. */
  private async tick(): Promise<number> {
    const now = Date.now();
    if (now - this.lastHousekeeping >= HOUSEKEEPING_MS) {
      this.lastHousekeeping = now;
      await this.housekeeping(now);
    }
    const free = this.o.concurrency - this.inflight.size;
    if (free <= 0) return 0;
    const rows = await this.claim(free, now);
    for (const row of rows) {
      const p = this.process(row)
        .catch(async (e) => {
          if (e instanceof LostClaim || this.crashed) return;
          this.options.onError?.(e);
          // Do not sit on the claim until the lease runs out: let it be tried again after the first back-off step.
          await this.db
            .updateTable('subscriptions')
            .set({ claimed_by: null, claim_until: null, next_attempt_at: Date.now() + this.o.backoffBaseMs })
            .where('id', '=', row.id)
            .where('claimed_by', '=', this.workerId)
            .execute()
            .catch(() => undefined);
        })
        .finally(() => {
          this.inflight.delete(row.id);
          this.schedule(0);
        });
      this.inflight.set(row.id, p);
    }
    return rows.length;
  }

  private async housekeeping(now: number): Promise<void> {
    if (this.hub.sockets.size > 0) {
      await this.db
        .updateTable('subscriptions')
        .set({ heartbeat_at: now })
        .where('transport', '=', 'websocket')
        .where('node_id', '=', this.hub.nodeId)
        .execute();
      // A socket whose subscription is gone (unsubscribed, or its named query deleted) is closed.
      const ids = [...this.hub.sockets.keys()];
      const alive = new Set(
        (await this.db.selectFrom('subscriptions').select('id').where('id', 'in', ids).execute()).map(
          (r) => r.id,
        ),
      );
      const createdBefore = now - HOUSEKEEPING_MS;
      for (const id of ids) {
        const sink = this.hub.sockets.get(id);
        if (!alive.has(id) && sink && sink.openedAt < createdBefore) sink.close(1000, 'subscription deleted');
      }
    }
    // A node that died took its sockets with it; their subscriptions cannot be delivered to by anyone.
    await this.db
      .deleteFrom('subscriptions')
      .where('transport', '=', 'websocket')
      .where('heartbeat_at', '<', now - STALE_SOCKET_MS)
      .execute();
    await this.db
      .deleteFrom('subscription_deliveries')
      .where('at', '<', now - this.o.logRetentionMs)
      .execute();
  }

  /**
   * Claims due subscriptions atomically: the UPDATE re-checks `claimed_by`/`claim_until` on each row it takes,
   * so when several nodes share PostgreSQL a subscription goes to one of them (the others' UPDATE, waiting on the
   * row lock, finds the claim taken and skips it); SQLite has one writer at a time anyway.
   */
  private async claim(limit: number, now: number): Promise<Row[]> {
    const mine = [...this.inflight.keys()];
    // Read first: polling an idle system then costs no write (SQLite would take its one write lock for an UPDATE).
    let due = this.db
      .selectFrom('subscriptions as s')
      .select('s.id')
      .where('s.status', '=', 'active')
      .where('s.next_attempt_at', '<=', now)
      .where((w) => w.or([w('s.claimed_by', 'is', null), w('s.claim_until', '<', now)]))
      .where((w) => w.or([w('s.transport', '=', 'webhook'), w('s.node_id', '=', this.hub.nodeId)]))
      .where((w) =>
        w.or([
          w('s.cron', 'is not', null),
          w('s.backfill_to', 'is not', null),
          w.exists(
            w
              .selectFrom('subscription_outbox as o')
              .select('o.event_pk')
              .whereRef('o.subscription_id', '=', 's.id'),
          ),
          w.exists(
            w
              .selectFrom('subscription_batches as b')
              .select('b.seq')
              .whereRef('b.subscription_id', '=', 's.id'),
          ),
        ]),
      );
    if (mine.length > 0) due = due.where('s.id', 'not in', mine);
    const ids = (await due.orderBy('s.next_attempt_at').limit(limit).execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('subscriptions')
      .set({ claimed_by: this.workerId, claim_until: now + this.o.leaseMs })
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claim_until', '<', now)]))
      .returningAll()
      .execute();
    return rows as Row[];
  }

  /** Renews the lease; false when another worker took the subscription over. */
  private async renew(id: string): Promise<boolean> {
    if (this.crashed) return false;
    const r = await this.db
      .updateTable('subscriptions')
      .set({ claim_until: Date.now() + this.o.leaseMs })
      .where('id', '=', id)
      .where('claimed_by', '=', this.workerId)
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  }

  private async process(sub: Row): Promise<void> {
    const started = Date.now();
    const scope = await subscriberScope(this.database, Number(sub.org_id), this.childDivisions);
    if (!scope) return this.pause(sub, 'the subscribing organisation is disabled or gone');
    const query = await this.db
      .selectFrom('named_queries')
      .select('params')
      .where('id', '=', sub.query_id)
      .executeTakeFirst();
    if (!query) return; // the named query was deleted: the subscription went with it (ON DELETE CASCADE)
    let model: QueryModel;
    try {
      model = parseQueryParams(this.database.dialect.decodeJson<Obj>(query.params));
    } catch (e) {
      return this.pause(sub, `the named query ${sub.query_name} no longer parses: ${(e as Error).message}`);
    }
    while (sub.backfill_to != null) {
      if (this.stopped) return this.release(sub, null);
      await this.backfillStep(sub);
    }
    let deliveredAny = false;
    for (let i = 0; i < BATCHES_PER_CLAIM; i++) {
      if (this.stopped) return this.release(sub, null);
      let batch = await this.pendingBatch(sub.id);
      if (!batch)
        batch = await this.makeBatch(
          sub,
          scope,
          model,
          sub.cron !== null && Number(sub.report_if_empty) === 1 && !deliveredAny,
        );
      if (!batch) break;
      if (!(await this.deliver(sub, batch))) return;
      deliveredAny = true;
    }
    const schedule = scheduleOf(this.database, sub);
    return this.release(
      sub,
      schedule ? { nextAttemptAt: nextRunAfter(schedule, Date.now()), minRecordTime: started } : null,
    );
  }

  /** Copies the next chunk of events recorded since initialRecordTime (up to the backfill horizon) into the outbox. */
  private async backfillStep(sub: Row): Promise<void> {
    const to = Number(sub.backfill_to);
    const from = Number(sub.backfill_cursor);
    const upper = Math.min(to, from + BACKFILL_CHUNK);
    await this.db.transaction().execute(async (trx) => {
      await this.holdClaim(trx, sub.id);
      await trx
        .insertInto('subscription_outbox')
        .columns(['subscription_id', 'event_pk'])
        .expression((eb) =>
          eb
            .selectFrom('events')
            .select([sql<string>`cast(${sub.id} as varchar(36))`.as('subscription_id'), 'events.id'])
            .where('events.id', '>', from)
            .where('events.id', '<=', upper)
            .where('events.record_time', '>=', Number(sub.initial_record_time)),
        )
        .onConflict((oc) => oc.columns(['subscription_id', 'event_pk']).doNothing())
        .execute();
      await trx
        .updateTable('subscriptions')
        .set({ backfill_cursor: upper, backfill_to: upper >= to ? null : to })
        .where('id', '=', sub.id)
        .execute();
    });
    sub.backfill_cursor = upper;
    sub.backfill_to = upper >= to ? null : to;
  }

  /** Inside a transaction: fails with LostClaim unless this worker still holds the subscription. */
  private async holdClaim(trx: Kysely<DB>, id: string): Promise<void> {
    if (this.crashed) throw new LostClaim();
    const r = await trx
      .updateTable('subscriptions')
      .set({ claim_until: Date.now() + this.o.leaseMs })
      .where('id', '=', id)
      .where('claimed_by', '=', this.workerId)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw new LostClaim();
  }

  private async pendingBatch(
    id: string,
  ): Promise<{ seq: number; body: string; attempts: number; pks: number[] } | null> {
    const b = await this.db
      .selectFrom('subscription_batches')
      .selectAll()
      .where('subscription_id', '=', id)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (!b) return null;
    return {
      seq: Number(b.seq),
      body: b.body,
      attempts: Number(b.attempts),
      pks: this.database.dialect.decodeJson<number[]>(b.event_pks),
    };
  }

  /**
   * Makes the next batch from the outbox: the named query decides which of the queued events match (with the
   * subscriber's scope); the rest are dropped. Returns null when the outbox is empty (or only held events that
   * do not match), unless an empty report is due (scheduled, reportIfEmpty).
   */
  private async makeBatch(sub: Row, scope: Scope, model: QueryModel, emptyReportDue: boolean) {
    for (;;) {
      const queued = await this.db
        .selectFrom('subscription_outbox')
        .select('event_pk')
        .where('subscription_id', '=', sub.id)
        .orderBy('event_pk')
        .limit(this.o.batchSize)
        .execute();
      const pks = queued.map((r) => Number(r.event_pk));
      const matched = pks.length > 0 ? await this.match(sub, scope, model, pks) : [];
      if (matched.length === 0 && pks.length > 0) {
        await this.db.transaction().execute(async (trx) => {
          await this.holdClaim(trx, sub.id);
          await trx
            .deleteFrom('subscription_outbox')
            .where('subscription_id', '=', sub.id)
            .where('event_pk', 'in', pks)
            .execute();
        });
        continue;
      }
      if (matched.length === 0 && !emptyReportDue) return null;
      const events = matched.map((m) =>
        formatIdentifiers(m.doc, sub.epc_format as EpcFormat, this.config.gcpLength),
      );
      const body = JSON.stringify(
        queryDocument(events, { queryName: sub.query_name, subscriptionID: sub.id }),
      );
      const eventPks = matched.map((m) => m.pk);
      const seq = await this.db.transaction().execute(async (trx) => {
        await this.holdClaim(trx, sub.id);
        const next = await trx
          .updateTable('subscriptions')
          .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
          .where('id', '=', sub.id)
          .returning('last_seq')
          .executeTakeFirstOrThrow();
        const n = Number(next.last_seq);
        await trx
          .insertInto('subscription_batches')
          .values({
            subscription_id: sub.id,
            seq: n,
            event_pks: this.database.dialect.encodeJson(eventPks) as never,
            event_count: eventPks.length,
            body,
            attempts: 0,
            created_at: Date.now(),
          })
          .execute();
        if (pks.length > 0)
          await trx
            .deleteFrom('subscription_outbox')
            .where('subscription_id', '=', sub.id)
            .where('event_pk', 'in', pks)
            .execute();
        return n;
      });
      return { seq, body, attempts: 0, pks: eventPks };
    }
  }

  /** Runs the named query over queued events (by their eventIDs), with the subscriber's scope. */
  private async match(
    sub: Row,
    scope: Scope,
    model: QueryModel,
    pks: number[],
  ): Promise<Array<{ pk: number; doc: Obj }>> {
    const rows = await this.db
      .selectFrom('events')
      .select(['id', 'event_id', 'event_hash'])
      .where('id', 'in', pks)
      .execute();
    const wanted = model.eventIDs?.length ? new Set(model.eventIDs) : null;
    const pkById = new Map<string, number>();
    for (const r of rows)
      if (!wanted || wanted.has(r.event_id) || wanted.has(r.event_hash)) pkById.set(r.event_id, Number(r.id));
    if (pkById.size === 0) return [];
    const initial = Number(sub.initial_record_time);
    const ge =
      model.recordTime.ge && Date.parse(model.recordTime.ge) > initial
        ? model.recordTime.ge
        : new Date(initial).toISOString();
    // Paging and size limits belong to one-off queries; a subscription delivers every match, in capture order.
    const { eventCountLimit: _l, maxEventCount: _m, orderBy: _o, nextPageToken: _t, ...rest } = model;
    const page = await queryEvents(this.database, scope, {
      ...rest,
      orderDirection: 'ASC',
      eventIDs: [...pkById.keys()],
      recordTime: { ...model.recordTime, ge },
      perPage: MAX_PER_PAGE,
    });
    return page.events
      .map((doc) => ({ pk: pkById.get(String(doc.eventID))!, doc }))
      .filter((m) => m.pk !== undefined);
  }

  /** Sends one batch and records the outcome; false when the subscription should not be worked on further now. */
  private async deliver(
    sub: Row,
    batch: { seq: number; body: string; attempts: number; pks: number[] },
  ): Promise<boolean> {
    if (!(await this.renew(sub.id))) return false;
    if (this.options.beforeSend) await this.options.beforeSend({ subscriptionId: sub.id, seq: batch.seq });
    if (this.crashed || !(await this.renew(sub.id))) return false;
    const outcome =
      sub.transport === 'webhook' ? await this.post(sub, batch) : await this.sendSocket(sub, batch);
    // A dead process records nothing: whatever it sent, the next claimer re-sends the same batch.
    if (this.crashed) return false;
    const now = Date.now();
    const attempt = batch.attempts + 1;
    const log = {
      subscription_id: sub.id,
      seq: batch.seq,
      attempt,
      status: outcome.ok ? 'delivered' : 'failed',
      event_count: batch.pks.length,
      response_code: outcome.status,
      latency_ms: outcome.latencyMs,
      error: outcome.error,
      node_id: this.workerId,
      at: now,
    };
    if (outcome.ok) {
      await this.db.transaction().execute(async (trx) => {
        // Monotone and idempotent: a worker that lost its claim mid-send cannot move the cursor back.
        await trx
          .updateTable('subscriptions')
          .set({
            delivered_seq: batch.seq,
            last_event_pk:
              batch.pks.length > 0 ? batch.pks[batch.pks.length - 1]! : (sub.last_event_pk ?? null),
            last_notified_at: now,
            failures: 0,
          })
          .where('id', '=', sub.id)
          .where('delivered_seq', '<', batch.seq)
          .execute();
        await trx
          .deleteFrom('subscription_batches')
          .where('subscription_id', '=', sub.id)
          .where('seq', '=', batch.seq)
          .execute();
        await trx.insertInto('subscription_deliveries').values(log).execute();
      });
      if (batch.pks.length > 0) sub.last_event_pk = batch.pks[batch.pks.length - 1]!;
      sub.failures = 0;
      return true;
    }
    if (sub.transport === 'websocket' && !this.hub.sockets.has(sub.id)) {
      await this.db.deleteFrom('subscriptions').where('id', '=', sub.id).execute();
      return false;
    }
    const failures = Number(sub.failures) + 1;
    const pause = failures >= this.o.maxFailures;
    const reason = `batch ${batch.seq} failed ${failures} times in a row; last: ${outcome.error ?? `HTTP ${outcome.status}`} (${new Date(now).toISOString()})`;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('subscription_batches')
        .set({ attempts: attempt })
        .where('subscription_id', '=', sub.id)
        .where('seq', '=', batch.seq)
        .execute();
      await trx.insertInto('subscription_deliveries').values(log).execute();
      await trx
        .updateTable('subscriptions')
        .set({
          failures,
          claimed_by: null,
          claim_until: null,
          ...(pause
            ? {
                status: 'paused' as const,
                paused_reason: `Paused: ${reason}. Fix the receiver, then POST …/subscriptions/${sub.id}/resume.`,
              }
            : { next_attempt_at: now + backoff(failures, this.o.backoffBaseMs, this.o.backoffMaxMs) }),
        })
        .where('id', '=', sub.id)
        .where('claimed_by', '=', this.workerId)
        .execute();
    });
    return false;
  }

  private post(sub: Row, batch: { seq: number; body: string }): Promise<WebhookOutcome> {
    return postWebhook(
      {
        url: sub.dest ?? '',
        body: batch.body,
        signatureToken: sub.signature_token,
        headers: { 'X-Zhuisu-Subscription': sub.id, 'X-Zhuisu-Delivery': `${sub.id}/${batch.seq}` },
        timeoutMs: this.o.timeoutMs,
      },
      this.allow,
      this.resolve,
    );
  }

  private async sendSocket(sub: Row, batch: { body: string }): Promise<WebhookOutcome> {
    const started = performance.now();
    const sink = this.hub.sockets.get(sub.id);
    if (!sink) return { ok: false, status: null, latencyMs: 0, error: 'the WebSocket is closed' };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sink.send(batch.body),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`not written within ${this.o.timeoutMs} ms`)),
            this.o.timeoutMs,
          );
        }),
      ]);
      return { ok: true, status: null, latencyMs: Math.round(performance.now() - started), error: null };
    } catch (e) {
      return {
        ok: false,
        status: null,
        latencyMs: Math.round(performance.now() - started),
        error: (e as Error).message,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private async pause(sub: Row, reason: string): Promise<void> {
    if (this.crashed) return;
    await this.db
      .updateTable('subscriptions')
      .set({ status: 'paused', paused_reason: `Paused: ${reason}.`, claimed_by: null, claim_until: null })
      .where('id', '=', sub.id)
      .where('claimed_by', '=', this.workerId)
      .execute();
  }

  private async release(
    sub: Row,
    scheduled: { nextAttemptAt: number | null; minRecordTime: number } | null,
  ): Promise<void> {
    if (this.crashed) return;
    const set: Partial<Row> = { claimed_by: null, claim_until: null };
    if (scheduled) {
      set.min_record_time = scheduled.minRecordTime;
      if (scheduled.nextAttemptAt === null) {
        set.status = 'paused';
        set.paused_reason = 'Paused: the schedule never fires again.';
      } else {
        set.next_attempt_at = scheduled.nextAttemptAt;
      }
    }
    await this.db
      .updateTable('subscriptions')
      .set(set)
      .where('id', '=', sub.id)
      .where('claimed_by', '=', this.workerId)
      .execute();
  }

  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.inflight.size === 0 && !this.running && this.lastTickClaimed === 0) {
        const busy = await this.db
          .selectFrom('subscriptions as s')
          .select('s.id')
          .where('s.status', '=', 'active')
          .where('s.next_attempt_at', '<=', Date.now())
          .where((w) =>
            w.or([
              w('s.backfill_to', 'is not', null),
              w.exists(
                w
                  .selectFrom('subscription_outbox as o')
                  .select('o.event_pk')
                  .whereRef('o.subscription_id', '=', 's.id'),
              ),
              w.exists(
                w
                  .selectFrom('subscription_batches as b')
                  .select('b.seq')
                  .whereRef('b.subscription_id', '=', 's.id'),
              ),
            ]),
          )
          .limit(1)
          .execute();
        if (busy.length === 0) return;
      }
      if (Date.now() > deadline) throw new Error(`subscription worker not idle after ${timeoutMs} ms`);
      this.wake();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    if (this.crashed) return;
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inflight.values()]);
  }

  crash(): void {
    this.crashed = true;
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Exponential back-off: base × 2^(failures−1), capped. */
export function backoff(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/** Starts a delivery worker on a database (the server starts one per node; see src/server/server.ts). */
export async function startSubscriptionWorker(
  database: Database,
  config: Config,
  options: WorkerOptions = {},
): Promise<SubscriptionWorker> {
  const childDivisions = await loadDivisionTree(database.db);
  return new Worker(database, config, hubOf(database), childDivisions, options);
}
