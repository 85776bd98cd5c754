/** Delivery on both engines: outbox, claims, exactly-once across restarts and crashes, back-off and pause. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testUscc } from '../../../../test/helpers/app.js';
import { ENGINES } from '../../../../test/helpers/engines.js';
import type { Config } from '../../../config/index.js';
import { type Database, migrateUp, openDatabase } from '../../../db/index.js';
import { createOrganisation } from '../../access/index.js';
import { captureEvents } from '../capture.service.js';
import { createNamedQuery } from '../named-queries.service.js';
import type { SubscriptionWorker, WorkerOptions } from './delivery.worker.js';
import { startSubscriptionWorker } from './delivery.worker.js';
import { outboxHook } from './outbox.hook.js';
import { type Receiver, startReceiver, verifySignature } from './receiver.fixtures.js';
import { allowListOf } from './ssrf-guard.js';
import { readWebhookRequest } from './subscription-request.js';
import { createSubscription, getSubscription } from './subscriptions.service.js';

const TOKEN = 'a-subscriber-secret-0123456789';
const FAST: WorkerOptions = {
  pollMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
  leaseMs: 2000,
  timeoutMs: 1500,
};
let serial = 0;

/** A document of `n` ObjectEvents with fresh EPCs, at the given business step. */
function doc(n: number, bizStep = 'shipping') {
  const eventList = Array.from({ length: n }, () => {
    serial += 1;
    return {
      type: 'ObjectEvent',
      eventTime: '2026-06-01T08:00:00+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: [`urn:epc:id:sgtin:6901234.056789.SUB${process.pid}${serial}`],
      action: 'OBSERVE',
      bizStep,
    };
  });
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-06-01T00:00:00Z',
    epcisBody: { eventList },
  };
}

describe.each(ENGINES)('subscription delivery on $name', (engine) => {
  let database: Database;
  let config: Config;
  let dispose: () => Promise<void>;
  let orgA: number;
  let orgB: number;
  const workers: SubscriptionWorker[] = [];
  const receivers: Receiver[] = [];

  const capture = async (orgId: number, n: number, bizStep = 'shipping') =>
    (await captureEvents(database, { orgId, hooks: [outboxHook] }, doc(n, bizStep) as never)).eventIds;
  const worker = async (options: WorkerOptions = {}, cfg: Config = config) => {
    const w = await startSubscriptionWorker(database, cfg, { ...FAST, ...options });
    workers.push(w);
    return w;
  };
  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  let queries = 0;
  /** A named query of org A on shipping events, and a webhook subscription to it. */
  async function subscribe(
    dest: string,
    body: Record<string, unknown> = { stream: true },
    resolve?: (host: string) => Promise<string[]>,
  ) {
    const orgId = () => orgA;
    queries += 1;
    const name = `q${queries}`;
    await createNamedQuery(database, orgId(), { name, query: { EQ_bizStep: ['shipping'] } });
    const read = readWebhookRequest({ dest, signatureToken: TOKEN, ...body });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const view = await createSubscription(database, {
      orgId: orgId(),
      queryName: name,
      request: read.request,
      transport: 'webhook',
      epcFormat: 'No_Preference',
      allow: allowListOf(config.webhookAllow),
      ...(resolve ? { resolve } : {}),
    });
    return { name, id: view.subscriptionID };
  }
  const seenIds = (r: Receiver, sub?: string) =>
    r.received.filter((x) => !sub || x.headers['x-zhuisu-subscription'] === sub).flatMap((x) => x.eventIds);

  beforeAll(async () => {
    const fresh = await engine.fresh({ webhookAllow: ['127.0.0.1'] });
    config = fresh.config;
    dispose = fresh.dispose;
    database = await openDatabase(config);
    await migrateUp(database);
    orgA = (
      await createOrganisation(database.db, database.dialect, {
        kind: 'enterprise',
        name: '井冈山茶厂',
        uscc: testUscc('360881'),
        divisionCode: '360881',
      })
    ).id;
    orgB = (
      await createOrganisation(database.db, database.dialect, {
        kind: 'enterprise',
        name: '永丰蔬菜合作社',
        uscc: testUscc('360825'),
        divisionCode: '360825',
      })
    ).id;
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    for (const r of receivers.splice(0)) await r.close();
    // Each scenario starts with no subscriptions, so one's failing receiver never shows up in another.
    await database.db.deleteFrom('subscriptions').execute();
  });
  afterAll(async () => {
    await database?.close();
    await dispose?.();
  });

  it('delivers each new matching event once, in capture order, signed, and only what the subscriber may see', async () => {
    const r = await receiver();
    const { id } = await subscribe(r.url);
    const w = await worker();
    const mine = [...(await capture(orgA, 3)), ...(await capture(orgA, 2))];
    await capture(orgA, 2, 'receiving'); // does not match the query
    await capture(orgB, 2); // another enterprise's shipments: outside A's scope
    await w.idle();
    expect(seenIds(r, id)).toEqual(mine);
    for (const got of r.received) {
      expect(verifySignature(got.body, got.headers['gs1-signature'], TOKEN)).toBe(true);
      expect(got.headers['x-zhuisu-signature']).toBe(got.headers['gs1-signature']);
      expect(verifySignature(got.body, got.headers['gs1-signature'], 'another-secret-0123456789')).toBe(
        false,
      );
      expect(JSON.parse(got.body).epcisBody.queryResults.subscriptionID).toBe(id);
    }
    const view = await getSubscription(
      database,
      orgA,
      (await getSubscription(database, orgA, `q${queries}`, id)).queryName,
      id,
    );
    expect(view.cursor.deliveredSeq).toBe(r.received.length);
    expect(view.lastNotifiedAt).not.toBeNull();
    expect(view.recentDeliveries?.every((d) => d.status === 'delivered' && d.responseCode === 200)).toBe(
      true,
    );
  });

  it('sends events recorded since initialRecordTime first (backfill), then new ones, each once', async () => {
    const before = Date.now() - 1;
    const old = await capture(orgA, 3);
    const r = await receiver();
    const { id } = await subscribe(r.url, {
      stream: true,
      initialRecordTime: new Date(before).toISOString(),
    });
    const r2 = await receiver();
    const { id: fromNow } = await subscribe(r2.url);
    const fresh = await capture(orgA, 2);
    const w = await worker();
    await w.idle();
    expect(seenIds(r, id)).toEqual([...old, ...fresh]);
    expect(seenIds(r2, fromNow)).toEqual(fresh);
  });

  it('survives a restart: events captured while no worker runs are delivered once by the next one', async () => {
    const r = await receiver();
    const { id } = await subscribe(r.url);
    const first = await worker();
    const a = await capture(orgA, 4);
    await first.idle();
    await first.stop();
    const b = await capture(orgA, 3);
    expect(seenIds(r, id)).toEqual(a);
    const second = await worker();
    await second.idle();
    expect(seenIds(r, id)).toEqual([...a, ...b]);
  });

  it('a worker that dies after claiming and batching, before sending: the next one sends, nothing is seen twice', async () => {
    const r = await receiver();
    const { id } = await subscribe(r.url);
    const events = await capture(orgA, 5);
    let reached: () => void = () => undefined;
    const atSend = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const doomed = await worker({
      leaseMs: 300,
      beforeSend: () => {
        reached();
        return new Promise(() => undefined); // the process is killed here
      },
    });
    await atSend;
    doomed.crash();
    const pending = await database.db
      .selectFrom('subscription_batches')
      .selectAll()
      .where('subscription_id', '=', id)
      .execute();
    expect(pending.map((b) => Number(b.seq))).toEqual([1]);
    const heir = await worker();
    await heir.idle();
    expect(seenIds(r, id)).toEqual(events);
    expect(r.received.map((x) => x.headers['x-zhuisu-delivery'])).toEqual([`${id}/1`]);
  });

  it('a worker that dies after sending, before recording: the heir re-sends the same batch, byte for byte', async () => {
    const r = await receiver();
    r.answers.push('hang'); // the first delivery arrives, but its acknowledgement never gets recorded
    await subscribe(r.url);
    const events = await capture(orgA, 3);
    const doomed = await worker({ leaseMs: 300, timeoutMs: 5000 });
    await r.waitFor(1);
    doomed.crash();
    const heir = await worker();
    await r.waitFor(2);
    await heir.idle();
    const [first, again] = r.received;
    // At-least-once at the wire, exactly once per delivery id: a receiver that remembers the last
    // X-Zhuisu-Delivery it processed sees each event once.
    expect(again!.headers['x-zhuisu-delivery']).toBe(first!.headers['x-zhuisu-delivery']);
    expect(again!.body).toBe(first!.body);
    expect(again!.headers['gs1-signature']).toBe(first!.headers['gs1-signature']);
    const deduped = new Map(r.received.map((x) => [x.headers['x-zhuisu-delivery'], x.eventIds]));
    expect([...deduped.values()].flat()).toEqual(events);
    expect(r.received).toHaveLength(2);
  });

  it('two workers on one database never deliver the same batch twice', async () => {
    const r = await receiver();
    const subs = [await subscribe(r.url), await subscribe(r.url), await subscribe(r.url)];
    const [w1, w2] = [await worker({ concurrency: 2 }), await worker({ concurrency: 2 })];
    const events: string[] = [];
    for (let i = 0; i < 6; i++) events.push(...(await capture(orgA, 5)));
    await w1.idle();
    await w2.idle();
    for (const s of subs) expect(seenIds(r, s.id)).toEqual(events);
    const ids = r.received.map((x) => x.headers['x-zhuisu-delivery']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('retries a failing subscriber with exponential back-off, then pauses it with the reason, and resumes', async () => {
    const r = await receiver();
    r.answers.push(500, 503, 500);
    const { name, id } = await subscribe(r.url);
    const events = await capture(orgA, 2);
    const w = await worker({ maxFailures: 3, backoffBaseMs: 40 });
    for (let i = 0; i < 200; i++) {
      if ((await getSubscription(database, orgA, name, id)).status === 'paused') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const paused = await getSubscription(database, orgA, name, id);
    expect(paused.status).toBe('paused');
    expect(paused.pausedReason).toMatch(/batch 1 failed 3 times in a row; last: HTTP 500/);
    expect(paused.recentDeliveries?.map((d) => [d.attempt, d.status, d.responseCode])).toEqual([
      [3, 'failed', 500],
      [2, 'failed', 503],
      [1, 'failed', 500],
    ]);
    const gaps = [r.received[1]!.at - r.received[0]!.at, r.received[2]!.at - r.received[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);
    // Captures go on while the subscription is paused; nothing is lost.
    const more = await capture(orgA, 1);
    const { resumeSubscription } = await import('./subscriptions.service.js');
    await resumeSubscription(database, orgA, name, id);
    w.wake();
    await w.idle();
    const delivered = r.received
      .filter((x) => !r.received.slice(0, 3).includes(x))
      .flatMap((x) => x.eventIds);
    expect(delivered).toEqual([...events, ...more]);
    expect((await getSubscription(database, orgA, name, id)).status).toBe('active');
  });

  it('a scheduled subscription reports an empty result when asked to, then what was recorded since', async () => {
    const r = await receiver();
    const { id } = await subscribe(r.url, { schedule: '* * * * * *', reportIfEmpty: true });
    const w = await worker();
    await r.waitFor(1, 3000);
    expect(r.received[0]!.eventIds).toEqual([]);
    const events = await capture(orgA, 2);
    await r.waitFor(2, 3000);
    await w.stop();
    expect(seenIds(r, id)).toEqual(events);
    const quiet = await receiver();
    const { id: silent } = await subscribe(quiet.url, { schedule: '* * * * * *' });
    const w2 = await worker();
    await new Promise((res) => setTimeout(res, 1300));
    await w2.stop();
    expect(seenIds(quiet, silent)).toEqual([]);
    expect(quiet.received).toHaveLength(0);
  });

  it('re-checks the address at delivery: a name re-pointed inside the network is refused (DNS rebinding)', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    // At subscription time the name points at a public address …
    const { name, id } = await subscribe(
      `http://hooks.partner.test:${port}/hook`,
      { stream: true },
      async () => ['93.184.216.34'],
    );
    await capture(orgA, 1);
    // … at delivery time it points at the loop-back, which this node's allow-list does not cover.
    const w = await worker(
      { maxFailures: 1, resolve: async () => ['127.0.0.1'] },
      { ...config, webhookAllow: [] },
    );
    for (let i = 0; i < 200; i++) {
      if ((await getSubscription(database, orgA, name, id)).status === 'paused') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    await w.stop();
    const view = await getSubscription(database, orgA, name, id);
    expect(view.pausedReason).toMatch(/refused: hooks\.partner\.test resolves to 127\.0\.0\.1, a loop-back/);
    expect(r.received).toHaveLength(0);
  });
});
