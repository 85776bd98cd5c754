/**
 * The platform itself, with one enterprise and its API key, for HTTP benchmarks against the raw limits: on a fresh
 * store (SQLite, or PostgreSQL in its own schema when ZHUISU_BENCH_PLATFORM_PG is set), or on the embedded store in
 * ZHUISU_BENCH_DATA_DIR (built before by another process, e.g. `zhuisu demo --data <dir>`, as a deployed server
 * serves a store it did not build). ZHUISU_BENCH_CODES=<file> receives up to ZHUISU_BENCH_CODE_COUNT codes a shopper
 * could scan from the store (items and lots of every category), spread evenly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createApiKey, createOrganisation } from '../../src/modules/access/index.js';
import { makeUscc } from '../../src/modules/codes/index.js';
import { startServer } from '../../src/server/server.js';

const dataDir = process.env.ZHUISU_BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zhuisu-bench-platform-'));
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
const codesFile = process.env.ZHUISU_BENCH_CODES;
if (codesFile) {
  const rows = await server.database.db
    .selectFrom('identifiers')
    .select('canonical')
    .where((eb) =>
      eb.or([
        eb('scheme', 'in', ['drug-trace-code', 'detonator-code', 'equipment-code']),
        eb.and([
          eb('scheme', '=', 'gs1-digital-link'),
          eb.or([eb('canonical', 'like', '%/21/%'), eb('canonical', 'like', '%/10/%')]),
        ]),
      ]),
    )
    .orderBy('id')
    .execute();
  const wanted = Number(process.env.ZHUISU_BENCH_CODE_COUNT ?? 5000);
  const step = Math.max(1, rows.length / wanted);
  const codes: string[] = [];
  for (let i = 0; i < rows.length && codes.length < wanted; i += step)
    codes.push(rows[Math.floor(i)]!.canonical);
  writeFileSync(codesFile, JSON.stringify(codes));
}
const uscc = makeUscc({ authority: '9', entityType: '1', division: '360827', orgBody: 'MA35BENC' });
// A store served before (ZHUISU_BENCH_DATA_DIR) already holds the bench's enterprise.
const org =
  (await server.database.db
    .selectFrom('organisations')
    .select('id')
    .where('uscc', '=', uscc)
    .executeTakeFirst()) ??
  (await createOrganisation(server.database.db, server.database.dialect, {
    kind: 'enterprise',
    name: '遂川狗牯脑茶业有限公司',
    uscc,
    divisionCode: '360827',
  }));
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
