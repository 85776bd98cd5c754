/**
 * Runs database suites on every engine (CONVENTIONS.md §8). SQLite always runs (a fresh temp directory per
 * store). PostgreSQL runs when reachable; under CI=true it is mandatory, and an unreachable server fails the run
 * instead of skipping. Each PostgreSQL store gets its own schema, so two runs never collide.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Config, type ConfigOverrides, loadConfig } from '../../src/config/index.js';

/** The PostgreSQL server the suites use. */
export const PG_URL = process.env.ZHUISU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CI = process.env.CI === 'true' || process.env.CI === '1';

let reachable: Promise<boolean> | undefined;
async function pgReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** One engine a suite runs on. */
export interface Engine {
  name: 'sqlite' | 'postgres';
  /** Makes a fresh, empty store's configuration; `dispose` removes it. */
  fresh(overrides?: ConfigOverrides): Promise<{ config: Config; dispose: () => Promise<void> }>;
}

const sqlite: Engine = {
  name: 'sqlite',
  async fresh(overrides = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'zhuisu-test-'));
    const config = loadConfig(
      { env: 'test', dataDir: dir, logLevel: 'silent', demoSeed: false, publicRateLimit: 0, ...overrides },
      {},
    );
    return { config, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: Engine = {
  name: 'postgres',
  async fresh(overrides = {}) {
    const schema = `zs_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), 'zhuisu-test-pg-'));
    const config = loadConfig(
      {
        env: 'test',
        dataDir: dir,
        databaseUrl: PG_URL,
        pgSchema: schema,
        pgPoolSize: 4,
        logLevel: 'silent',
        demoSeed: false,
        publicRateLimit: 0,
        ...overrides,
      },
      {},
    );
    return {
      config,
      dispose: async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/**
 * The engines to run on now. Prints a notice when PostgreSQL is skipped; throws under CI=true when it is
 * unreachable, so CI can never pass without the PostgreSQL suites.
 */
export async function availableEngines(): Promise<Engine[]> {
  if (await pgReachable()) return [sqlite, postgres];
  if (CI)
    throw new Error(
      `CI=true but PostgreSQL at ${PG_URL} is unreachable: the PostgreSQL suites are mandatory in CI.`,
    );
  console.warn(
    `[zhuisu tests] PostgreSQL at ${PG_URL} is unreachable: PostgreSQL suites are SKIPPED (set CI=true to require them).`,
  );
  return [sqlite];
}

/** The engine list resolved once at module load, for `describe.each`. */
export const ENGINES: Engine[] = await availableEngines();
