/** What every CLI command shares: config from flags + environment, the database, output and exit codes. */
import { type Config, type ConfigOverrides, loadConfig } from '../config/index.js';
import { type Database, migrateUp, openDatabase } from '../db/index.js';
import { AppError, isAppError } from '../lib/errors.js';

/** Exit codes: 0 ok, 1 failed, 2 usage (issue: foundation, CLI). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** An error that ends the command with exit code 2. */
export class UsageError extends Error {}

/** Options every database command accepts. */
export interface DataOptions {
  data?: string;
}

/** Loads the configuration with the `--data` flag applied. */
export function configFrom(opts: DataOptions, extra: ConfigOverrides = {}): Config {
  return loadConfig({ ...(opts.data ? { dataDir: opts.data } : {}), logLevel: 'silent', ...extra });
}

/** Opens the store (migrated unless told not to), runs `fn`, closes the store whatever happens. */
export async function withDatabase<T>(
  opts: DataOptions,
  fn: (database: Database, config: Config) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = configFrom(opts);
  const database = await openDatabase(config);
  try {
    if (options.migrate !== false) await migrateUp(database);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

/** Prints a result: JSON with `--json`, else the human text. */
export function output(json: boolean | undefined, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

/** Reports an error and returns its exit code. */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.usage;
  }
  if (isAppError(e)) {
    process.stderr.write(
      `error: ${e.message}${e.errors.length > 1 ? `\n${e.errors.map((i) => `  - ${i.path ?? ''} ${i.message}`).join('\n')}` : ''} [${e.code}]\n`,
    );
    return EXIT.failed;
  }
  process.stderr.write(`error: ${(e as Error)?.stack ?? String(e)}\n`);
  return EXIT.failed;
}

/** Parses a date given on the command line, or throws a usage error naming the flag. */
export function parseDateFlag(flag: string, value: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`${flag} must be a date (YYYY-MM-DD or ISO 8601), got ${JSON.stringify(value)}.`);
  return d;
}

export { AppError };
