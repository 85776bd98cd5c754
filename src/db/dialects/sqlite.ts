/** SQLite through better-sqlite3 (v12: v13 crashes on Node 20), WAL mode, foreign keys on. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type CreateTableBuilder,
  type DialectAdapter,
  type Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  sql,
} from 'kysely';
import type { DbErrorInfo, DialectCapabilities } from './dialect.js';

/** Options of the embedded engine. */
export interface SqliteOptions {
  /** File path, or `:memory:`. */
  filename: string;
}

/** Statements kept prepared per connection; the capture pipeline and the public query repeat a few hundred shapes. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The handle Kysely's SqliteDriver sees: `prepare` answers a cached statement for SQL text seen before, since
 * better-sqlite3 compiles the SQL anew on every prepare (a large share of a small query's cost). The driver runs
 * one statement at a time on the single connection (`all`/`run` complete synchronously), so sharing is safe; a
 * streamed query (`iterate`) keeps its statement busy until it ends, so streams get a fresh statement.
 */
function withStatementCache(db: BetterSqlite3.Database): Pick<BetterSqlite3.Database, 'prepare' | 'close'> {
  const cache = new Map<string, BetterSqlite3.Statement>();
  // Query plans need table statistics; SQLite gathers them only on ANALYZE. `PRAGMA optimize` analyses the tables
  // whose statistics are missing or stale, bounded by analysis_limit (sqlite.org/pragma.html#pragma_optimize: run
  // with 0x10002 on open, then periodically, and on close). Never inside a transaction in progress.
  const optimise = (mask?: string) => {
    try {
      if (!db.open || db.inTransaction) return;
      db.pragma(mask ? `optimize = ${mask}` : 'optimize');
    } catch {
      // Statistics are an optimisation: a busy or read-only store goes on without them.
    }
  };
  db.pragma('analysis_limit = 1000');
  optimise('0x10002');
  const timer = setInterval(() => optimise(), 60 * 60_000);
  timer.unref();
  return {
    prepare(source: string) {
      let stmt = cache.get(source);
      if (stmt !== undefined) {
        if (stmt.busy) return db.prepare(source);
        // Least recently used last: re-insert on each hit.
        cache.delete(source);
        cache.set(source, stmt);
        return stmt;
      }
      stmt = db.prepare(source);
      cache.set(source, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
    close() {
      clearInterval(timer);
      optimise();
      cache.clear();
      return db.close();
    },
  } as Pick<BetterSqlite3.Database, 'prepare' | 'close'>;
}

/**
 * Kysely adapters of SQLite stores → their connection's handle, for statements that run on the handle directly
 * inside a Kysely transaction (src/db/bulk.ts). The adapter is shared by a Kysely instance and its transactions.
 */
const handles = new WeakMap<object, () => BetterSqlite3.Database | undefined>();

/** The better-sqlite3 handle behind a Kysely adapter, if it is one of this module's SQLite stores and open. */
export function sqliteHandleOf(adapter: object): BetterSqlite3.Database | undefined {
  return handles.get(adapter)?.();
}

/** Kysely's SQLite dialect, remembering which handle its adapter belongs to. */
class HandleAwareSqliteDialect extends SqliteDialect {
  readonly #handle: () => BetterSqlite3.Database | undefined;
  constructor(config: SqliteDialectConfig, handle: () => BetterSqlite3.Database | undefined) {
    super(config);
    this.#handle = handle;
  }
  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    handles.set(adapter, this.#handle);
    return adapter;
  }
}

/** Creates the SQLite capability object; the connection opens when Kysely first needs it. */
export function sqliteDialect(options: SqliteOptions): DialectCapabilities {
  let handle: BetterSqlite3.Database | undefined;
  const open = () => {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    handle = new BetterSqlite3(options.filename);
    // NOTE: WAL lets CLI commands read and write while a server runs on the same file; busy_timeout makes a
    // second writer wait for the lock instead of failing at once.
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 10000');
    return withStatementCache(handle);
  };
  return {
    name: 'sqlite',
    jsonType: 'text',
    bigintType: 'integer',
    serialisedWrites: true,
    embeddedFile: options.filename === ':memory:' ? undefined : options.filename,
    migrationSchema: undefined,
    createKyselyDialect: () => new HandleAwareSqliteDialect({ database: async () => open() }, () => handle),
    addIdColumn<T extends string>(table: CreateTableBuilder<T>, name = 'id') {
      return table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
    },
    encodeJson: (value) => (value === undefined || value === null ? null : JSON.stringify(value)),
    decodeJson<T>(value: unknown): T {
      if (value === null || value === undefined) return value as T;
      return (typeof value === 'string' ? JSON.parse(value) : value) as T;
    },
    classifyError(error: unknown): DbErrorInfo | undefined {
      const e = error as { code?: unknown; message?: unknown };
      if (typeof e?.code !== 'string' || !e.code.startsWith('SQLITE_')) return undefined;
      const message = String(e.message ?? '');
      const constraint = /constraint failed: (.+)$/.exec(message)?.[1];
      const base = constraint === undefined ? { detail: message } : { detail: message, constraint };
      switch (e.code) {
        case 'SQLITE_CONSTRAINT_UNIQUE':
        case 'SQLITE_CONSTRAINT_PRIMARYKEY':
          return { kind: 'unique', ...base };
        case 'SQLITE_CONSTRAINT_FOREIGNKEY':
          return { kind: 'foreign-key', ...base };
        case 'SQLITE_CONSTRAINT_NOTNULL':
          return { kind: 'not-null', ...base };
        case 'SQLITE_CONSTRAINT_CHECK':
          return { kind: 'check', ...base };
        case 'SQLITE_BUSY':
        case 'SQLITE_LOCKED':
          return { kind: 'busy', ...base };
        case 'SQLITE_CANTOPEN':
        case 'SQLITE_READONLY':
        case 'SQLITE_IOERR':
          return { kind: 'unavailable', ...base };
        default:
          return { kind: 'other', ...base };
      }
    },
    prepare: async (db: Kysely<unknown>) => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      // Kysely's SqliteDriver closes the handle on destroy(); nothing else to release.
      handle = undefined;
    },
    lockInTransaction: async () => {
      // SQLite serialises writers: a write transaction already holds the database's one write lock.
    },
    lockSharedInTransaction: async () => {
      // As above: writers never overlap, so a shared lock has nothing to exclude.
    },
  };
}
