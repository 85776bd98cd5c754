/**
 * Public one-stop query (issue 8): GET /api/public/codes/{code} throughput and p50/p99 latency under load from
 * this process against the platform in a child process, over many different codes (so the story cache sees a
 * realistic mix, and every request writes its lookup row), as a ratio to the bare Fastify reply; and the public
 * page's first-load JavaScript weight (gzipped), whose budget is 150 KB.
 * NOTE: until `zhuisu demo --scale large` exists the store is filled here through the capture API: a tea chain of
 * harvest → test → pack → ship → sell per lot, 5 000 items (1 000 with BENCH_QUICK=1).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { ensureWebBuilt, WEB_DIST } from '../../src/server/plugins/web.js';
import type { BenchContext } from '../lib/results.js';
import { startChild } from './raw-limits.js';

const CONTEXT = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { zs: 'https://zhuisu.org/voc/' },
];
const GTIN = '06901234567892';

function chain(lot: number, items: number): Record<string, unknown>[] {
  const lgtin = `https://id.gs1.org/01/${GTIN}/10/B${lot}`;
  const epcs = Array.from({ length: items }, (_, i) => `https://id.gs1.org/01/${GTIN}/21/B${lot}S${i}`);
  const at = (h: number) => ({
    eventTime: new Date(Date.UTC(2026, 3, 1, h) + lot * 86_400_000).toISOString(),
    eventTimeZoneOffset: '+08:00',
  });
  return [
    {
      type: 'ObjectEvent',
      ...at(0),
      action: 'ADD',
      bizStep: 'https://zhuisu.org/voc/BizStep-harvesting',
      quantityList: [{ epcClass: lgtin, quantity: 100, uom: 'KGM' }],
    },
    {
      type: 'ObjectEvent',
      ...at(2),
      action: 'OBSERVE',
      bizStep: 'inspecting',
      quantityList: [{ epcClass: lgtin, quantity: 1, uom: 'KGM' }],
      'zs:testResult': 'pass',
      'zs:testReportNo': `R${lot}`,
    },
    {
      type: 'ObjectEvent',
      ...at(4),
      action: 'ADD',
      bizStep: 'commissioning',
      epcList: epcs,
      ilmd: { 'cbvmda:lotNumber': `B${lot}` },
    },
    { type: 'ObjectEvent', ...at(6), action: 'OBSERVE', bizStep: 'shipping', epcList: epcs },
    { type: 'ObjectEvent', ...at(8), action: 'OBSERVE', bizStep: 'retail_selling', epcList: epcs },
  ];
}

async function capture(url: string, key: string, events: Record<string, unknown>[]): Promise<void> {
  const body = JSON.stringify({
    '@context': CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  });
  const res = await fetch(`${url}/epcis/capture`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
    body,
  });
  if (res.status !== 202) throw new Error(`capture refused: ${res.status} ${await res.text()}`);
  const job = res.headers.get('location')!;
  for (;;) {
    const state = (await (
      await fetch(`${url}${job}`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { running: boolean; success: boolean; errors: unknown };
    if (!state.running) {
      if (!state.success) throw new Error(`capture failed: ${JSON.stringify(state.errors)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Gzipped bytes of the JavaScript and CSS the home page loads first (index.html's own script and style tags). */
export function firstLoadBytes(): { js: number; total: number } {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let js = 0;
  let total = 0;
  for (const ref of refs) {
    const size = gzipSync(readFileSync(join(WEB_DIST, ref)), { level: 9 }).length;
    total += size;
    if (ref.endsWith('.js')) js += size;
  }
  return { js, total: total + gzipSync(Buffer.from(html)).length };
}

/** Fills a platform with `lots` tea lots of `perLot` items each; returns the URL-encoded item codes. */
export async function fillTea(url: string, key: string, lots: number, perLot: number): Promise<string[]> {
  for (let lot = 0; lot < lots; lot++) await capture(url, key, chain(lot, perLot));
  return Array.from({ length: lots * perLot }, (_, i) =>
    encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/B${Math.floor(i / perLot)}S${i % perLot}`),
  );
}

/**
 * Load on GET /api/public/codes/{code} from this process, cycling through `codes`; throws on any failure. The
 * requests are built once, as the bare reply's is: a request built per call (autocannon's setupRequest) cost the
 * load generator twice the CPU of the bare run's, on the same two cores as the server.
 */
export async function loadPublic(url: string, codes: readonly string[], seconds: number) {
  const result = await autocannon({
    url,
    connections: 20,
    duration: seconds,
    requests: codes.map((c) => ({ method: 'GET' as const, path: `/api/public/codes/${c}` })),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} public lookups failed, ${result.errors} connection errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Runs the public figures. */
export async function run(ctx: BenchContext): Promise<void> {
  await ensureWebBuilt();
  statSync(join(WEB_DIST, 'index.html'));
  const weight = firstLoadBytes();
  ctx.record('public.web.first-load.js-gzip', Math.round(weight.js / 102.4) / 10, 'KB');
  ctx.record('public.web.first-load.total-gzip', Math.round(weight.total / 102.4) / 10, 'KB');

  const server = await startChild(fileURLToPath(new URL('../servers/platform.ts', import.meta.url)));
  try {
    const key = /key (\S+)/.exec(server.output())![1]!;
    const codes = await fillTea(server.url, key, ctx.quick ? 20 : 100, 50);
    // Warm up: every story built once, as a busy day would have it; then a second of load, as the bare reply gets.
    for (const c of codes) await fetch(`${server.url}/api/public/codes/${c}`);
    await loadPublic(server.url, codes, 1);
    const r = await loadPublic(server.url, codes, ctx.quick ? 3 : 10);
    ctx.record('public.codes.story', r.rps, 'req/s', 'raw.fastify.reply');
    ctx.record('public.codes.story.p50', r.p50, 'ms');
    ctx.record('public.codes.story.p99', r.p99, 'ms');
  } finally {
    await server.stop();
  }
}
