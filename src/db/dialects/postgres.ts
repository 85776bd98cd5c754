/** PostgreSQL through `pg`, selected by DATABASE_URL. */
import { type CreateTableBuilder, type Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DbErrorInfo, DialectCapabilities } from './dialect.js';

/** Options of the PostgreSQL engine. */
export interface PostgresOptions {
  connectionString: string;
  /** Schema put first on the search_path (created when missing); `public` when unset. */
  schema?: string | undefined;
  poolSize: number;
}

// NOTE: int8 (bigint, count(*)) arrives as a string by default; every bigint we store (epoch milliseconds,
// row ids, counters) fits in 2^53, so parse it as a number for one behaviour on both engines.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric stays a string (quantities keep their precision).

/** Creates the PostgreSQL capability object and its connection pool. */
export function postgresDialect(options: PostgresOptions): DialectCapabilities {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  let closed = false;
  return {
    name: 'postgres',
    jsonType: 'jsonb',
    bigintType: 'bigint',
    serialisedWrites: false,
    embeddedFile: undefined,
    // NOTE: without an explicit schema Kysely's migrator finds the bookkeeping tables of another schema on the
    // same database and skips creating its own.
    migrationSchema: options.schema,
    createKyselyDialect: () => new PostgresDialect({ pool }),
    addIdColumn<T extends string>(table: CreateTableBuilder<T>, name = 'id') {
      return table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
    },
    encodeJson: (value) => (value === undefined || value === null ? null : JSON.stringify(value)),
    decodeJson<T>(value: unknown): T {
      return (typeof value === 'string' ? JSON.parse(value) : value) as T;
    },
    classifyError(error: unknown): DbErrorInfo | undefined {
      const e = error as { code?: unknown; constraint?: unknown; detail?: unknown; message?: unknown };
      if (typeof e?.code !== 'string') return undefined;
      const detail = String(e.detail ?? e.message ?? '');
      const info = (kind: DbErrorInfo['kind']): DbErrorInfo =>
        typeof e.constraint === 'string' ? { kind, detail, constraint: e.constraint } : { kind, detail };
      if (e.code === '23505') return info('unique');
      if (e.code === '23503') return info('foreign-key');
      if (e.code === '23502') return info('not-null');
      if (e.code === '23514') return info('check');
      if (e.code === '40001' || e.code === '40P01' || e.code === '55P03') return info('busy');
      if (
        /^(08|57P|53)/.test(e.code) ||
        ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(e.code)
      ) {
        return info('unavailable');
      }
      if (/^[0-9A-Z]{5}$/.test(e.code)) return info('other');
      return undefined;
    },
    prepare: async (db: Kysely<unknown>) => {
      if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Kysely's PostgresDriver ends the pool on destroy(); ending twice throws, so only mark it.
    },
    lockInTransaction: async (trx: Kysely<unknown>, key: number) => {
      await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
    },
    lockSharedInTransaction: async (trx: Kysely<unknown>, key: number) => {
      await sql`select pg_advisory_xact_lock_shared(${key})`.execute(trx);
    },
  };
}
