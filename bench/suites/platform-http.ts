/** The platform's own HTTP overhead: /healthz and a public read under the same load as the bare Fastify reply. */
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../lib/results.js';
import { load, startChild } from './raw-limits.js';

/** Runs the platform HTTP figures. */
export async function run(ctx: BenchContext): Promise<void> {
  const seconds = ctx.quick ? 3 : 10;
  const server = await startChild(fileURLToPath(new URL('../servers/platform.ts', import.meta.url)));
  try {
    await load(`${server.url}/healthz`, 1);
    const health = await load(`${server.url}/healthz`, seconds);
    ctx.record('platform.healthz', health.rps, 'req/s', 'raw.fastify.reply');
    const divisions = await load(`${server.url}/api/public/divisions`, seconds);
    ctx.record('platform.public.divisions', divisions.rps, 'req/s', 'raw.fastify.reply');
    ctx.record('platform.public.divisions.p99', divisions.p99, 'ms');
  } finally {
    await server.stop();
  }
}
