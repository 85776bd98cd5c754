/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else SQLite in the data dir. */
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { Config } from '../config/index.js';
import { type DialectCapabilities, postgresDialect, sqliteDialect } from './dialects/index.js';
import { translateDbError } from './errors.js';
import type { DB } from './schema.js';

/** An open database: the typed Kysely instance and the capabilities of its engine. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectCapabilities;
  /** Answers whether the database accepts queries (for /readyz). */
  ping(): Promise<boolean>;
  /** Closes every connection; later calls do nothing. */
  close(): Promise<void>;
}

/** Picks the engine from the configuration. */
export function dialectFor(
  config: Pick<Config, 'databaseUrl' | 'pgSchema' | 'pgPoolSize' | 'dataDir'>,
): DialectCapabilities {
  if (config.databaseUrl) {
    return postgresDialect({
      connectionString: config.databaseUrl,
      schema: config.pgSchema,
      poolSize: config.pgPoolSize,
    });
  }
  return sqliteDialect({ filename: join(config.dataDir, 'zhuisu.db') });
}

/** Opens the database (without migrating it). */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'pgSchema' | 'pgPoolSize' | 'dataDir'>,
): Promise<Database> {
  const dialect = dialectFor(config);
  const db = new Kysely<DB>({ dialect: dialect.createKyselyDialect() });
  try {
    await dialect.prepare(db as Kysely<unknown>);
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw translateDbError(dialect, e) ?? e;
  }
  let closed = false;
  return {
    db,
    dialect,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await dialect.close();
    },
  };
}
