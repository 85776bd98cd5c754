/**
 * Issue 6 figures: capture throughput with the profile check on versus off (target ≥ 0.8), and how fast
 * `zhuisu demo` builds its data set (large: ≥ 1 000 000 events; medium with BENCH_QUICK=1), both on SQLite and
 * in-process through `captureEvents`, as ratios to the raw SQLite insert limit measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type Database, migrateUp, openDatabase } from '../../src/db/index.js';
import { createOrganisation, ensureAdmin, type Principal, scopeFor } from '../../src/modules/access/index.js';
import { makeUscc, withGs1CheckDigit } from '../../src/modules/codes/index.js';
import { seedDemo } from '../../src/modules/demo/index.js';
import { type CaptureHook, captureEvents } from '../../src/modules/events/index.js';
import { createProduct, profileHook } from '../../src/modules/masterdata/index.js';
import { captureHooks } from '../../src/pipeline.js';
import type { BenchContext } from '../lib/results.js';

type Obj = Record<string, unknown>;

async function freshStore(): Promise<{ database: Database; config: Config; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-demo-'));
  const config = loadConfig(
    {
      env: 'test',
      dataDir: dir,
      logLevel: 'silent',
      demoSeed: false,
      adminPassword: 'Bench-zhuisu-9x7-pw',
    },
    {},
  );
  const database = await openDatabase(config);
  await migrateUp(database);
  return {
    database,
    config,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A mix of checked stages: shipping and receiving with a certificate number, a test result, a retail sale.
function documents(gtin: string, count: number, perDoc: number, offset: number): Obj[] {
  const docs: Obj[] = [];
  for (let start = 0; start < count; start += perDoc) {
    const eventList: Obj[] = [];
    for (let i = start; i < Math.min(count, start + perDoc); i++) {
      const n = offset + i;
      const kind = i % 4;
      eventList.push({
        type: 'ObjectEvent',
        action: 'OBSERVE',
        eventTime: `2026-10-0${1 + (i % 9)}T08:${String(i % 60).padStart(2, '0')}:00+08:00`,
        eventTimeZoneOffset: '+08:00',
        epcList: [`https://id.gs1.org/01/0${gtin}/21/B${n}`],
        bizStep: ['shipping', 'receiving', 'inspecting', 'retail_selling'][kind],
        ...(kind === 2
          ? { 'zs:testResult': 'pass' }
          : { 'zs:certificateNo': `HGZ-360827-${String(n % 999999).padStart(6, '0')}` }),
      });
    }
    docs.push({
      '@context': [
        'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
        { zs: 'https://zhuisu.org/voc/' },
      ],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-10-01T00:00:00Z',
      epcisBody: { eventList },
    });
  }
  return docs;
}

async function captureRate(hooks: CaptureHook[], count: number, offset: number): Promise<number> {
  const store = await freshStore();
  try {
    const { db, dialect } = store.database;
    const org = await createOrganisation(db, dialect, {
      kind: 'enterprise',
      name: '遂川狗牯脑茶业',
      uscc: makeUscc({ authority: '9', entityType: '1', division: '360827', orgBody: 'MA35B001' }),
      divisionCode: '360827',
    });
    const principal: Principal = {
      via: 'key',
      userId: null,
      keyId: null,
      username: null,
      role: 'manager',
      org: {
        id: org.id,
        kind: 'enterprise',
        name: org.name,
        uscc: org.uscc,
        divisionCode: '360827',
        categories: [],
      },
    };
    const gtin = withGs1CheckDigit('692000100001');
    await createProduct(
      db,
      scopeFor(principal, () => []),
      { name: '狗牯脑茶', category: 'AGRI', item: 'AGRI_TEA', gtin },
    );
    const docs = documents(gtin, count, 500, offset);
    const start = performance.now();
    for (const doc of docs) await captureEvents(store.database, { orgId: org.id, hooks }, doc as never);
    return count / ((performance.now() - start) / 1000);
  } finally {
    await store.dispose();
  }
}

/** Runs the suite. */
export async function run(ctx: BenchContext): Promise<void> {
  const count = ctx.quick ? 5_000 : 50_000;
  // Alternate off/on twice and keep each side's best, so JIT warm-up and disk caches favour neither.
  let off = 0;
  let on = 0;
  for (let round = 0; round < 2; round++) {
    off = Math.max(off, await captureRate([], count, 4 * round * count));
    on = Math.max(on, await captureRate([profileHook], count, (4 * round + 2) * count));
  }
  ctx.record('demo.capture.profile_off.sqlite', off, 'events/s', 'raw.sqlite.insert');
  ctx.record('demo.capture.profile_on.sqlite', on, 'events/s', 'demo.capture.profile_off.sqlite');

  const scale = ctx.quick ? 'medium' : 'large';
  const store = await freshStore();
  try {
    await ensureAdmin(store.database.db, store.database.dialect, store.config.adminPassword);
    const start = performance.now();
    const summary = await seedDemo(store.database, store.config, captureHooks(store.database, store.config), {
      scale,
    });
    const seconds = (performance.now() - start) / 1000;
    ctx.record(`demo.build.${scale}.events`, summary.events, 'events');
    ctx.record(`demo.build.${scale}.sqlite`, summary.events / seconds, 'events/s', 'raw.sqlite.insert');
  } finally {
    await store.dispose();
  }
}
