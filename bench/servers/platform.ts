/**
 * The platform itself on a fresh store (SQLite, or PostgreSQL in its own schema when ZHUISU_BENCH_PLATFORM_PG is set),
 * with one enterprise and its API key, for HTTP benchmarks against the raw limits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createApiKey, createOrganisation } from '../../src/modules/access/index.js';
import { makeUscc } from '../../src/modules/codes/index.js';
import { startServer } from '../../src/server/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-platform-'));
// Only the child asked to run on PostgreSQL gets this (ZHUISU_BENCH_PG_URL, where the bench finds PostgreSQL, is
// inherited by every child).
const pgUrl = process.env.ZHUISU_BENCH_PLATFORM_PG;
const config = loadConfig({
  env: 'development',
  port: 0,
  dataDir,
  logLevel: 'silent',
  publicRateLimit: 0,
  demoSeed: false,
  adminPassword: 'bench-secret-pass-1',
  captureBodyLimit: 512 * 1024 * 1024,
  ...(pgUrl ? { databaseUrl: pgUrl, pgSchema: `zs_bench_${process.pid}` } : {}),
});
const server = await startServer(config);
const org = await createOrganisation(server.database.db, server.database.dialect, {
  kind: 'enterprise',
  name: '遂川狗牯脑茶业有限公司',
  uscc: makeUscc({ authority: '9', entityType: '1', division: '360827', orgBody: 'MA35BENC' }),
  divisionCode: '360827',
});
const { key } = await createApiKey(server.database.db, { orgId: org.id });
process.stdout.write(`key ${key}\nlistening ${server.url}\n`);
process.once('SIGTERM', async () => {
  if (pgUrl) {
    const { sql } = await import('kysely');
    await sql`drop schema if exists ${sql.id(`zs_bench_${process.pid}`)} cascade`
      .execute(server.database.db)
      .catch(() => undefined);
  }
  await server.stop();
  process.exit(0);
});
