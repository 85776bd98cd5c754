/**
 * The raw insert limit "for the same rows" as a capture stores: a document is captured once, untimed, through the
 * platform's own pipeline into a scratch store; every row it wrote (the events, their identifier and attribute
 * rows, identifiers, the signed log's leaves and nodes, trace links and hand-overs, the outbox) is read back and
 * then inserted with plain prepared statements (better-sqlite3) or multi-row statements (pg) into a freshly
 * migrated store with the same schema and indexes, in one transaction, as capture does. Capture's ratio to this
 * figure is its overhead over the database's own work: parsing, validation, hashing, the hooks' decisions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config/index.js';
import { migrateUp, openDatabase } from '../../src/db/index.js';
import { createOrganisation } from '../../src/modules/access/index.js';
import { makeUscc } from '../../src/modules/codes/index.js';
import { readJsonDocument } from '../../src/modules/epcis/index.js';
import { captureEvents } from '../../src/modules/events/index.js';
import { captureHooks } from '../../src/pipeline.js';

/** The rows one capture wrote, per table, in the order the tables were written. */
export interface RowSet {
  events: number;
  tables: Array<{ table: string; columns: string[]; rows: unknown[][] }>;
}

const SKIP = new Set(['zhuisu_migrations', 'zhuisu_migrations_lock']);

function scratchConfig(dataDir: string, pg?: { url: string; schema: string }): Config {
  return loadConfig({
    env: 'development',
    dataDir,
    logLevel: 'silent',
    demoSeed: false,
    adminPassword: 'bench-secret-pass-1',
    ...(pg ? { databaseUrl: pg.url, pgSchema: pg.schema } : {}),
  });
}

async function prepareStore(config: Config) {
  const database = await openDatabase(config);
  await migrateUp(database);
  const org = await createOrganisation(database.db, database.dialect, {
    kind: 'enterprise',
    name: '遂川狗牯脑茶业有限公司',
    uscc: makeUscc({ authority: '9', entityType: '1', division: '360827', orgBody: 'MA35BENC' }),
    divisionCode: '360827',
  });
  return { database, orgId: org.id };
}

/** Captures `document` into a scratch SQLite store through the full pipeline and reads back what it wrote. */
export async function captureRowSet(document: string): Promise<RowSet> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-rows-'));
  try {
    const config = scratchConfig(dir);
    const { database, orgId } = await prepareStore(config);
    await database.close();
    const file = join(dir, 'zhuisu.db');
    const before = new Map<string, number>();
    const tableNames = () => {
      const raw = new BetterSqlite3(file, { readonly: true });
      try {
        return (
          raw
            .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
            .all() as {
            name: string;
          }[]
        )
          .map((r) => r.name)
          .filter((n) => !SKIP.has(n));
      } finally {
        raw.close();
      }
    };
    {
      const raw = new BetterSqlite3(file, { readonly: true });
      for (const t of tableNames())
        before.set(
          t,
          (raw.prepare(`select coalesce(max(rowid), -1) as m from "${t}"`).get() as { m: number }).m,
        );
      raw.close();
    }
    const again = await openDatabase(config);
    const input = readJsonDocument(document);
    const outcome = await captureEvents(again, { orgId, hooks: captureHooks(again, config) }, input);
    await again.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      const tables: RowSet['tables'] = [];
      for (const [table, max] of before) {
        const stmt = raw.prepare(`select * from "${table}" where rowid > ? order by rowid`);
        const rows = stmt.raw(true).all(max) as unknown[][];
        if (rows.length === 0) continue;
        tables.push({ table, columns: stmt.columns().map((c) => c.name), rows });
      }
      return { events: outcome.stored, tables };
    } finally {
      raw.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw better-sqlite3: the same rows into a freshly migrated store, prepared single-row inserts, one transaction. */
export async function rawSqliteSameRows(set: RowSet): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-rows-'));
  try {
    const { database } = await prepareStore(scratchConfig(dir));
    await database.close();
    const db = new BetterSqlite3(join(dir, 'zhuisu.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const statements = set.tables.map((t) => ({
      rows: t.rows,
      insert: db.prepare(
        `insert into "${t.table}" (${t.columns.map((c) => `"${c}"`).join(',')}) values (${t.columns.map(() => '?').join(',')})`,
      ),
    }));
    const write = db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      for (const s of statements) for (const r of s.rows) s.insert.run(r);
    });
    const start = performance.now();
    write();
    const seconds = (performance.now() - start) / 1000;
    db.close();
    return set.events / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw pg: the same rows into a freshly migrated schema, multi-row inserts, one transaction; undefined if down. */
export async function rawPostgresSameRows(url: string, set: RowSet): Promise<number | undefined> {
  const schema = `zs_bench_rows_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-rows-'));
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  try {
    const { database } = await prepareStore(scratchConfig(dir, { url, schema }));
    await database.close();
    await client.query(`set search_path = ${schema}`);
    // Referenced tables first: the foreign keys are not deferrable.
    const order = ['identifiers', 'events'];
    const tables = [...set.tables].sort(
      (a, b) => (order.indexOf(a.table) + 1 || 99) - (order.indexOf(b.table) + 1 || 99),
    );
    const start = performance.now();
    await client.query('begin');
    for (const t of tables) {
      const per = Math.floor(16_000 / t.columns.length);
      for (let i = 0; i < t.rows.length; i += per) {
        const slice = t.rows.slice(i, i + per);
        const values: unknown[] = [];
        const tuples = slice.map((r, j) => {
          values.push(...r);
          return `(${t.columns.map((_, k) => `$${j * t.columns.length + k + 1}`).join(',')})`;
        });
        await client.query(
          `insert into "${t.table}" (${t.columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`,
          values,
        );
      }
    }
    await client.query('commit');
    return set.events / ((performance.now() - start) / 1000);
  } finally {
    await client.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
