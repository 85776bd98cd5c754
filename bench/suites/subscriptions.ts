/**
 * Webhook delivery lag under a steady capture load: one stream subscription to a loop-back receiver while single
 * events are captured at a fixed rate (POST /epcis/events); lag = arrival at the receiver − the capture's 201.
 * SQLite by default, PostgreSQL in its own schema when ZHUISU_BENCH_PG_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createApiKey, createOrganisation } from '../../src/modules/access/index.js';
import { makeUscc } from '../../src/modules/codes/index.js';
import { startReceiver } from '../../src/modules/events/subscriptions/receiver.fixtures.js';
import { startServer } from '../../src/server/server.js';
import { type BenchContext, percentile } from '../lib/results.js';

/** Runs the subscription figures. */
export async function run(ctx: BenchContext): Promise<void> {
  const seconds = ctx.quick ? 3 : 10;
  const rate = 50; // captures per second, one event each
  const dataDir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-subs-'));
  const pgUrl = process.env.ZHUISU_BENCH_PG_URL;
  const schema = `zs_bench_subs_${process.pid}`;
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    logLevel: 'silent',
    publicRateLimit: 0,
    demoSeed: false,
    adminPassword: 'bench-secret-pass-1',
    webhookAllow: ['127.0.0.1'],
    ...(pgUrl ? { databaseUrl: pgUrl, pgSchema: schema } : {}),
  });
  const server = await startServer(config);
  const receiver = await startReceiver();
  try {
    const org = await createOrganisation(server.database.db, server.database.dialect, {
      kind: 'enterprise',
      name: '峡江米业有限公司',
      uscc: makeUscc({ authority: '9', entityType: '1', division: '360823', orgBody: 'MA35WEBH' }),
      divisionCode: '360823',
    });
    const { key } = await createApiKey(server.database.db, { orgId: org.id });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    await server.app.inject({
      method: 'POST',
      url: '/epcis/queries',
      headers,
      payload: { name: 'all', query: { eventType: ['ObjectEvent'] } },
    });
    const sub = await server.app.inject({
      method: 'POST',
      url: '/epcis/queries/all/subscriptions',
      headers,
      payload: { dest: receiver.url, signatureToken: 'bench-signature-token-01', stream: true },
    });
    if (sub.statusCode !== 201) throw new Error(`subscribing failed: ${sub.body}`);

    const capturedAt = new Map<string, number>();
    const total = seconds * rate;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const event = {
        '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
        type: 'ObjectEvent',
        eventTime: new Date().toISOString(),
        eventTimeZoneOffset: '+08:00',
        epcList: [`urn:epc:id:sgtin:6901234.056789.BENCH${i}`],
        action: 'OBSERVE',
        bizStep: 'shipping',
      };
      const res = await server.app.inject({ method: 'POST', url: '/epcis/events', headers, payload: event });
      if (res.statusCode !== 201) throw new Error(`capture failed: ${res.body}`);
      capturedAt.set((res.json() as { eventID: string }).eventID, Date.now());
    }
    const elapsed = (performance.now() - started) / 1000;
    const deadline = Date.now() + 30_000;
    const arrived = () => receiver.received.reduce((n, r) => n + r.eventIds.length, 0);
    while (arrived() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const lags: number[] = [];
    const seen = new Set<string>();
    for (const r of receiver.received) {
      for (const id of r.eventIds) {
        if (seen.has(id)) throw new Error(`event ${id} delivered twice`);
        seen.add(id);
        const at = capturedAt.get(id);
        if (at !== undefined) lags.push(Math.max(0, r.at - at));
      }
    }
    if (lags.length < total) throw new Error(`only ${lags.length} of ${total} events were delivered`);
    lags.sort((a, b) => a - b);
    ctx.record('subscriptions.capture.rate', total / elapsed, 'events/s');
    ctx.record('subscriptions.webhook.batches', receiver.received.length, 'POSTs');
    ctx.record('subscriptions.webhook.lag.p50', percentile(lags, 50), 'ms');
    ctx.record('subscriptions.webhook.lag.p99', percentile(lags, 99), 'ms');
  } finally {
    await receiver.close();
    if (pgUrl) {
      const { sql } = await import('kysely');
      await sql`drop schema if exists ${sql.id(schema)} cascade`
        .execute(server.database.db)
        .catch(() => undefined);
    }
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
