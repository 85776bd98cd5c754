/** Applies and reverts the migration stream with Kysely's Migrator (one stream for both engines). */
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { AppError } from '../lib/errors.js';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

/** The state of one migration. */
export interface MigrationStatus {
  name: string;
  executedAt: string | null;
}

function migratorFor(database: Database): Migrator {
  const { dialect } = database;
  return new Migrator({
    db: database.db as unknown as Kysely<unknown>,
    provider: {
      async getMigrations() {
        const out: Record<string, Migration> = {};
        for (const [name, m] of Object.entries(MIGRATIONS)) {
          out[name] = { up: (db) => m.up(db, dialect), down: (db) => m.down(db, dialect) };
        }
        return out;
      },
    },
    migrationTableName: 'zhuisu_migrations',
    migrationLockTableName: 'zhuisu_migrations_lock',
    ...(dialect.migrationSchema ? { migrationTableSchema: dialect.migrationSchema } : {}),
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    throw new AppError(
      'DB_MIGRATION_FAILED',
      `Migration ${failed} failed: ${(result.error as Error).message ?? result.error}`,
      {
        status: 500,
        cause: result.error,
      },
    );
  }
  return (result.results ?? []).map(
    (r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`,
  );
}

/** Applies every pending migration; returns one line per migration applied. */
export async function migrateUp(database: Database): Promise<string[]> {
  return unwrap(await migratorFor(database).migrateToLatest());
}

/** Reverts the last applied migration (or all of them with `all`); returns one line per migration reverted. */
export async function migrateDown(database: Database, options: { all?: boolean } = {}): Promise<string[]> {
  const migrator = migratorFor(database);
  if (options.all) {
    const { NO_MIGRATIONS } = await import('kysely');
    return unwrap(await migrator.migrateTo(NO_MIGRATIONS));
  }
  return unwrap(await migrator.migrateDown());
}

/** Lists every migration with the time it was applied, or null when pending. */
export async function migrationStatus(database: Database): Promise<MigrationStatus[]> {
  const list = await migratorFor(database).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ? m.executedAt.toISOString() : null }));
}
