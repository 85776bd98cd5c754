/**
 * EPCIS repository figures (issue: EPCIS 2.0 repository): capture throughput of a realistic 10 000-event document
 * through HTTP on SQLite and PostgreSQL, each as a ratio to the raw insert limit of the same engine; MATCH_epc and
 * MATCH_anyEPCClass query latency on a large store, as ratios to the round trip of a route that reads nothing;
 * event-hash throughput.
 */
import { fileURLToPath } from 'node:url';
import { measureEventHashThroughput } from '../../src/modules/epcis/epcis.bench.js';
import { type BenchContext, percentile } from '../lib/results.js';
import { startChild } from './raw-limits.js';

const CONTEXT = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { zs: 'https://zhuisu.org/voc/' },
];

/** Event `i` of a realistic tea supply chain: items shipped in cases with a lot quantity and a business transaction. */
export function benchEvent(i: number, base = 0): Record<string, unknown> {
  const n = base + i;
  return {
    type: 'ObjectEvent',
    eventTime: new Date(1_767_225_600_000 + n * 1000).toISOString().replace('Z', '+00:00'),
    eventTimeZoneOffset: '+08:00',
    epcList: [`https://id.gs1.org/01/06901234567892/21/T${String(n).padStart(9, '0')}`],
    quantityList: [
      {
        epcClass: `https://id.gs1.org/01/06901234567892/10/L${Math.floor(n / 1000)}`,
        quantity: 2.5,
        uom: 'KGM',
      },
    ],
    action: 'OBSERVE',
    bizStep: n % 2 === 0 ? 'shipping' : 'receiving',
    disposition: n % 2 === 0 ? 'in_transit' : 'in_progress',
    readPoint: { id: 'urn:zhuisu:loc:91360827MA35BENC0X:warehouse-1' },
    bizTransactionList: [{ type: 'po', bizTransaction: `urn:zhuisu:po:2026-${Math.floor(n / 100)}` }],
    'zs:grade': '特级',
  };
}

/** A capture document of `count` events starting at `base`. */
export function benchDocument(count: number, base = 0): string {
  return JSON.stringify({
    '@context': CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: Array.from({ length: count }, (_, i) => benchEvent(i, base)) },
  });
}

async function captureThroughput(url: string, key: string, count: number, base: number): Promise<number> {
  const body = benchDocument(count, base);
  const start = performance.now();
  const res = await fetch(`${url}/epcis/capture`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
    body,
  });
  if (res.status !== 202) throw new Error(`capture answered ${res.status}: ${await res.text()}`);
  const location = res.headers.get('location')!;
  for (;;) {
    const job = (await (
      await fetch(url + location, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { running: boolean; success: boolean; errors: unknown[] };
    if (!job.running) {
      if (!job.success) throw new Error(`capture failed: ${JSON.stringify(job.errors).slice(0, 500)}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return count / ((performance.now() - start) / 1000);
}

/**
 * Latency percentiles of `n` sequential requests of `path?params()`, after a warm-up; each query reply must hold
 * `expect` events (-1: a plain route, not checked).
 */
async function queryLatency(
  url: string,
  key: string,
  params: () => string,
  n: number,
  expect: number,
  path = '/epcis/events',
): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = -20; i < n; i++) {
    const query = params();
    const start = performance.now();
    const res = await fetch(`${url}${path}?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = await res.text();
    const elapsed = performance.now() - start;
    if (res.status !== 200) throw new Error(`query ${query} answered ${res.status}: ${body.slice(0, 300)}`);
    if (expect < 0) {
      if (i >= 0) times.push(elapsed);
      continue;
    }
    // A query that finds nothing (or too much) would look fast: every reply must hold what the store has.
    const found = (
      JSON.parse(body) as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } }
    ).epcisBody.queryResults.resultsBody.eventList.length;
    if (found !== expect) throw new Error(`query ${query} found ${found} events, expected ${expect}`);
    if (i >= 0) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function engine(
  ctx: BenchContext,
  name: 'sqlite' | 'postgres',
  env: Record<string, string>,
): Promise<void> {
  const server = await startChild(fileURLToPath(new URL('../servers/platform.ts', import.meta.url)), env);
  const key = /key (\S+)/.exec(server.output())![1]!;
  try {
    await captureThroughput(server.url, key, 500, 10_000_000); // warm-up
    const rate = await captureThroughput(server.url, key, 10_000, 0);
    // The target's basis: raw inserts of the same rows this capture writes (bench/lib/same-rows.ts); the ratio to a
    // single event-sized row per event is printed beside it.
    ctx.record(`epcis.capture.http.${name}`, rate, 'events/s', `raw.${name}.capture-rows`);
    ctx.record(`epcis.capture.http.${name}.per-row`, rate, 'events/s', `raw.${name}.insert`);
    // A larger store for query latency: 1 000 000 events in a full run, 100 000 with BENCH_QUICK=1.
    const target = ctx.quick ? 100_000 : 1_000_000;
    const batch = 20_000;
    for (let base = 10_000; base < target; base += batch)
      await captureThroughput(server.url, key, Math.min(batch, target - base), base);
    const rnd = () => Math.floor(Math.random() * target);
    // The raw limit of a query's latency: the same client's sequential round trip to the same server on a route
    // that reads nothing (/healthz), measured now, on this store.
    const raw = await queryLatency(server.url, key, () => '', ctx.quick ? 300 : 1000, -1, '/healthz');
    ctx.record(`epcis.query.raw.http.${name}.p50`, raw.p50, 'ms');
    ctx.record(`epcis.query.raw.http.${name}.p99`, raw.p99, 'ms');
    const byEpc = await queryLatency(
      server.url,
      key,
      () =>
        `MATCH_epc=${encodeURIComponent(`https://id.gs1.org/01/06901234567892/21/T${String(rnd()).padStart(9, '0')}`)}`,
      ctx.quick ? 300 : 1000,
      1,
    );
    ctx.record(`epcis.query.match_epc.${name}.p50`, byEpc.p50, 'ms', `epcis.query.raw.http.${name}.p50`);
    ctx.record(`epcis.query.match_epc.${name}.p99`, byEpc.p99, 'ms', `epcis.query.raw.http.${name}.p99`);
    // Each lot L<k> is the class of 1 000 consecutive events: a full first page of 100.
    const byClass = await queryLatency(
      server.url,
      key,
      () =>
        `MATCH_anyEPCClass=${encodeURIComponent(`https://id.gs1.org/01/06901234567892/10/L${Math.floor(rnd() / 1000)}`)}&perPage=100`,
      ctx.quick ? 300 : 1000,
      100,
    );
    ctx.record(
      `epcis.query.match_anyEPCClass.${name}.p50`,
      byClass.p50,
      'ms',
      `epcis.query.raw.http.${name}.p50`,
    );
    ctx.record(
      `epcis.query.match_anyEPCClass.${name}.p99`,
      byClass.p99,
      'ms',
      `epcis.query.raw.http.${name}.p99`,
    );
    ctx.record(`epcis.store.events.${name}`, target, 'events');
  } finally {
    await server.stop();
  }
}

/** Runs the EPCIS figures. */
export async function run(ctx: BenchContext): Promise<void> {
  ctx.record(
    'epcis.hash',
    measureEventHashThroughput(ctx.quick ? 5_000 : 20_000).eventsPerSecond,
    'events/s',
  );
  await engine(ctx, 'sqlite', {});
  if (ctx.get('raw.postgres.insert')) {
    await engine(ctx, 'postgres', {
      ZHUISU_BENCH_PLATFORM_PG: process.env.ZHUISU_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    });
  }
}
