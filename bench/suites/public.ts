/**
 * Public one-stop query (issue 8): GET /api/public/codes/{code} throughput and p50/p99 latency under load from
 * this process against the platform in a child process, on the Ji'an demo data set (`zhuisu demo`: large, about
 * 1 000 000 events, in a full run; medium with BENCH_QUICK=1), over codes of every category spread through it (so
 * the story cache holds a realistic mix of categories and projections, and every request writes its lookup row), as
 * a ratio to the bare Fastify reply; and the public page's first-load JavaScript weight (gzipped), whose budget is
 * 150 KB.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { ensureWebBuilt, WEB_DIST } from '../../src/server/plugins/web.js';
import type { BenchContext } from '../lib/results.js';
import { load, startChild } from './raw-limits.js';

const run$ = promisify(execFile);

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

/** Turns of bare reply and lookups, in alternation. */
const TURNS = 3;

/** Builds the Ji'an demo data set of a scale into an embedded store in `dir`, with the CLI in a child process. */
async function buildDemo(scale: string, dir: string): Promise<{ events: number }> {
  const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  // The embedded store the platform child serves, whatever store the calling shell names.
  const { DATABASE_URL: _store, ...env } = process.env;
  const { stdout } = await run$(
    process.execPath,
    ['--import', 'tsx', cli, 'demo', '--scale', scale, '--data', dir, '--json'],
    { env, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as { events: number };
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
  const storeDir = join(dir, 'store');
  // The store is built by `zhuisu demo` in a process of its own, then served by a fresh one, as a deployed server
  // serves a store built before it started: a server that had just built a million events itself would carry the
  // build's heap into the measurement.
  const built = await buildDemo(scale, storeDir);
  const server = await startChild(fileURLToPath(new URL('../servers/platform.ts', import.meta.url)), {
    ZHUISU_BENCH_DATA_DIR: storeDir,
    ZHUISU_BENCH_CODES: codesFile,
    ZHUISU_BENCH_CODE_COUNT: String(ctx.quick ? 1000 : 5000),
  });
  let bare: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    bare = await startChild(fileURLToPath(new URL('../servers/bare-fastify.ts', import.meta.url)));
    const codes = (JSON.parse(readFileSync(codesFile, 'utf8')) as string[]).map(encodeURIComponent);
    process.stdout.write(`  (demo ${scale}: ${built.events} events, ${codes.length} codes)\n`);
    // Warm up: every story built once, as a busy day would have it; then a second of load on each server.
    for (const c of codes) await fetch(`${server.url}/api/public/codes/${c}`);
    await loadPublic(server.url, codes, 1);
    await load(`${bare.url}/`, 1);
    // The bare reply is measured again here, in turns with the lookups, so that both figures see the same machine:
    // the raw limit of the run's start is minutes (a demo build) away, and a shared machine's speed drifts between.
    // Each takes its best of the turns.
    const seconds = ctx.quick ? 3 : 10;
    let best: Awaited<ReturnType<typeof loadPublic>> | undefined;
    let bestBare: Awaited<ReturnType<typeof load>> | undefined;
    for (let turn = 0; turn < TURNS; turn++) {
      const b = await load(`${bare.url}/`, seconds);
      if (!bestBare || b.rps > bestBare.rps) bestBare = b;
      const r = await loadPublic(server.url, codes, seconds);
      if (!best || r.rps > best.rps) best = r;
    }
    ctx.record('public.codes.bare-same-turns', bestBare!.rps, 'req/s', 'raw.fastify.reply');
    ctx.record('public.codes.story', best!.rps, 'req/s', 'public.codes.bare-same-turns');
    ctx.record('public.codes.story.p50', best!.p50, 'ms');
    ctx.record('public.codes.story.p99', best!.p99, 'ms');
  } finally {
    await Promise.all([server.stop(), bare?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
