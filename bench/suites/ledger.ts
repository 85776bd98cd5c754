/**
 * Tamper-evident log figures (issue 5): capture throughput with the log on versus off (target ≥ 0.85), and inclusion
 * proofs per second from the stored log at 1 000 000 leaves (100 000 with BENCH_QUICK=1), on SQLite and, when
 * reachable, PostgreSQL. Capture runs in-process through `captureEvents` with hooks [] and [ledgerHook], so the ratio
 * isolates the ledger's cost; the proof store is built directly through the repository (no events), which is what
 * a proof reads.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type Database, migrateUp, openDatabase } from '../../src/db/index.js';
import { createOrganisation } from '../../src/modules/access/index.js';
import { makeUscc } from '../../src/modules/codes/cn/index.js';
import { type CaptureHook, captureEvents } from '../../src/modules/events/index.js';
import {
  hashFromHex,
  hashLeaf,
  inclusionPathOf,
  ledgerHook,
  MerkleAccumulator,
  toHex,
  verifyInclusion,
} from '../../src/modules/ledger/index.js';
import { insertLeaves, insertNodes, writeState } from '../../src/modules/ledger/ledger.repository.js';
import type { BenchContext } from '../lib/results.js';
import { benchDocument } from './epcis.js';

const PG_URL = process.env.ZHUISU_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Store {
  database: Database;
  config: Config;
  dispose(): Promise<void>;
}

async function freshStore(engine: 'sqlite' | 'postgres'): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-ledger-'));
  const schema = `zs_bench_ledger_${process.pid}_${randomBytes(3).toString('hex')}`;
  const config = loadConfig(
    {
      env: 'test',
      dataDir: dir,
      logLevel: 'silent',
      demoSeed: false,
      ...(engine === 'postgres' ? { databaseUrl: PG_URL, pgSchema: schema } : {}),
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
      if (engine === 'postgres') {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid USCC for the bench organisation (some bodies have no valid check character: try the next). */
function benchUscc(): string {
  for (let i = 0; ; i++) {
    try {
      return makeUscc({
        authority: '9',
        entityType: '1',
        division: '360827',
        orgBody: `MA35B${String(i).padStart(3, '0')}`,
      });
    } catch {
      // next body
    }
  }
}

/**
 * Capture rates with the log off and on, alternating in one store so both see the same table sizes. The first
 * capture runs with the log on, so later ones never meet an empty log (which would adopt the earlier events).
 */
async function captureRatio(ctx: BenchContext, engine: 'sqlite' | 'postgres'): Promise<void> {
  const store = await freshStore(engine);
  try {
    const { database } = store;
    const org = await createOrganisation(database.db, database.dialect, {
      kind: 'enterprise',
      name: '遂川狗牯脑茶叶合作社',
      uscc: benchUscc(),
      divisionCode: '360827',
    });
    const on: CaptureHook[] = [ledgerHook(store.config)];
    let base = 0;
    const rate = async (hooks: readonly CaptureHook[], count: number) => {
      const doc = JSON.parse(benchDocument(count, base));
      base += count;
      const start = performance.now();
      await captureEvents(database, { orgId: org.id, hooks }, doc);
      return count / ((performance.now() - start) / 1000);
    };
    await rate(on, 500);
    await rate([], 500);
    const rounds = ctx.quick ? 2 : 4;
    const offRates: number[] = [];
    const onRates: number[] = [];
    for (let i = 0; i < rounds; i++) {
      offRates.push(await rate([], 10_000));
      onRates.push(await rate(on, 10_000));
    }
    // The median of alternating rounds: the machine is shared, a single round is noisy.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const off = median(offRates);
    const withLog = median(onRates);
    ctx.record(`ledger.capture.off.${engine}`, off, 'events/s', `raw.${engine}.insert`);
    ctx.record(`ledger.capture.on.${engine}`, withLog, 'events/s', `raw.${engine}.insert`);
    ctx.record(`ledger.capture.on_vs_off.${engine}`, withLog / off, 'ratio (target ≥ 0.85)');
  } finally {
    await store.dispose();
  }
}

/** Builds a log of `n` leaves through the repository, as appends would store it, in transactions of 20 000. */
async function buildLog(database: Database, n: number): Promise<MerkleAccumulator> {
  const acc = new MerkleAccumulator();
  const data = Buffer.alloc(8);
  const batch = 20_000;
  for (let start = 0; start < n; start += batch) {
    const leaves: { leafIndex: number; eventPk: number; leafHash: string }[] = [];
    const nodes: { level: number; index: number; hash: Uint8Array }[] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      data.writeBigUInt64BE(BigInt(i));
      const closed = acc.append(hashLeaf(data));
      leaves.push({ leafIndex: i, eventPk: i + 1, leafHash: toHex(closed[0]!.hash) });
      for (let k = 1; k < closed.length; k++) nodes.push(closed[k]!);
    }
    await database.db.transaction().execute(async (trx) => {
      await insertLeaves(trx, leaves);
      await insertNodes(trx, nodes);
    });
  }
  await writeState(database.db, {
    treeSize: acc.size,
    frontier: acc.frontier().hashes,
    keyId: null,
    headTimestamp: 0,
  });
  return acc;
}

async function proofRate(ctx: BenchContext, engine: 'sqlite' | 'postgres'): Promise<void> {
  const n = ctx.quick ? 100_000 : 1_000_000;
  const store = await freshStore(engine);
  try {
    const { database } = store;
    const built = performance.now();
    const acc = await buildLog(database, n);
    ctx.record(`ledger.build.${engine}.${n}`, n / ((performance.now() - built) / 1000), 'leaves/s');
    const root = acc.root();
    let x = 12345;
    const next = () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      return x % n;
    };
    // Warm-up, and a check that what is timed is right: proofs verify against the root.
    for (let i = 0; i < 50; i++) {
      const leaf = next();
      const path = await inclusionPathOf(database, leaf, n);
      const leafHash = hashFromHex(
        (
          await database.db
            .selectFrom('ledger_leaves')
            .select('leaf_hash')
            .where('leaf_index', '=', leaf)
            .executeTakeFirstOrThrow()
        ).leaf_hash.trim(),
      )!;
      if (!verifyInclusion(leaf, n, leafHash, path, root))
        throw new Error(`proof of leaf ${leaf} does not verify`);
    }
    const seconds = ctx.quick ? 2 : 5;
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await inclusionPathOf(database, next(), n);
      count += 1;
    }
    ctx.record(`ledger.proof.${engine}.${n}`, count / ((performance.now() - start) / 1000), 'proofs/s');
  } finally {
    await store.dispose();
  }
}

/** Runs the ledger figures. */
export async function run(ctx: BenchContext): Promise<void> {
  const engines: ('sqlite' | 'postgres')[] = ctx.get('raw.postgres.insert')
    ? ['sqlite', 'postgres']
    : ['sqlite'];
  for (const engine of engines) {
    await captureRatio(ctx, engine);
    await proofRate(ctx, engine);
  }
}
