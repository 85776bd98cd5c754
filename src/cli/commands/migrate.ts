/** `zhuisu migrate up|down|status`. */
import type { Command } from 'commander';
import { migrateDown, migrateUp, migrationStatus } from '../../db/index.js';
import { type DataOptions, output, UsageError, withDatabase } from '../context.js';

/** Registers `migrate`. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply (up), revert (down) or list (status) the database migrations.')
    .argument('[direction]', 'up | down | status', 'up')
    .option('--all', 'with down: revert every migration')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print JSON')
    .action(async (direction: string, opts: DataOptions & { all?: boolean; json?: boolean }) => {
      if (!['up', 'down', 'status'].includes(direction))
        throw new UsageError(`migrate takes up, down or status, got ${JSON.stringify(direction)}.`);
      await withDatabase(
        opts,
        async (database) => {
          if (direction === 'status') {
            const list = await migrationStatus(database);
            output(opts.json, list, () =>
              list
                .map(
                  (m) =>
                    `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  (${m.executedAt})` : ''}`,
                )
                .join('\n'),
            );
            return;
          }
          const lines =
            direction === 'up'
              ? await migrateUp(database)
              : await migrateDown(database, { all: opts.all ?? false });
          output(opts.json, { [direction === 'up' ? 'applied' : 'reverted']: lines }, () =>
            lines.length ? lines.join('\n') : 'nothing to do',
          );
        },
        { migrate: false },
      );
    });
}
