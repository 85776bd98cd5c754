/**
 * Public one-stop query (issue 8): GET /api/public/codes/{code} throughput and p50/p99 latency under load from
 * this process against the platform in a child process, on the Ji'an demo data set (`zhuisu demo`: large, about
 * 1 000 000 events, in a full run; medium with BENCH_QUICK=1), over codes of every category spread through it (so
 * the story cache holds a realistic mix of categories and projections, and every request writes its lookup row), as
 * a ratio to the bare Fastify reply; and the public page's first-load JavaScript weight (gzipped), whose budget is
 * 150 KB.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { ensureWebBuilt, WEB_DIST } from '../../src/server/plugins/web.js';
import type { BenchContext } from '../lib/results.js';
import { startChild } from './raw-limits.js';

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

  const scale = ctx.quick ? 'medium' : 'large';
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-public-'));
  const codesFile = join(dir, 'codes.json');
  const server = await startChild(fileURLToPath(new URL('../servers/platform.ts', import.meta.url)), {
    ZHUISU_BENCH_DEMO: scale,
    ZHUISU_BENCH_CODES: codesFile,
    ZHUISU_BENCH_CODE_COUNT: String(ctx.quick ? 1000 : 5000),
  });
  try {
    const events = Number(/demo (\d+) events/.exec(server.output())?.[1] ?? 0);
    const codes = (JSON.parse(readFileSync(codesFile, 'utf8')) as string[]).map(encodeURIComponent);
    process.stdout.write(`  (demo ${scale}: ${events} events, ${codes.length} codes)\n`);
    // Warm up: every story built once, as a busy day would have it; then a second of load, as the bare reply gets.
    for (const c of codes) await fetch(`${server.url}/api/public/codes/${c}`);
    await loadPublic(server.url, codes, 1);
    const r = await loadPublic(server.url, codes, ctx.quick ? 3 : 10);
    ctx.record('public.codes.story', r.rps, 'req/s', 'raw.fastify.reply');
    ctx.record('public.codes.story.p50', r.p50, 'ms');
    ctx.record('public.codes.story.p99', r.p99, 'ms');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
