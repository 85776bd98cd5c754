/** `zhuisu demo`: build the Ji'an demo data set into an empty store, through the real capture pipeline. */
import type { Command } from 'commander';
import { type DataOptions, output, UsageError, withDatabase } from '../context.js';

const SCALES = ['small', 'medium', 'large'] as const;

/** Registers `demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      "Build the Ji'an demo data set (organisations in all 13 counties, every category's chains) into an empty store.",
    )
    .option(
      '--scale <scale>',
      'small (seconds) | medium | large (≥ 1 000 000 events, for benchmarks)',
      'small',
    )
    .option('--seed <n>', 'seed of the deterministic generator', '2018')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print {"orgs", "events", "samples", "logins"} as JSON')
    .action(async (opts: DataOptions & { scale: string; seed: string; json?: boolean }) => {
      if (!(SCALES as readonly string[]).includes(opts.scale))
        throw new UsageError(`--scale must be small, medium or large, got ${JSON.stringify(opts.scale)}.`);
      if (!/^\d{1,9}$/.test(opts.seed))
        throw new UsageError(`--seed must be a whole number, got ${JSON.stringify(opts.seed)}.`);
      await withDatabase(opts, async (database, config) => {
        const { ensureAdmin } = await import('../../modules/access/index.js');
        const { seedDemo } = await import('../../modules/demo/index.js');
        const { captureHooks } = await import('../../pipeline.js');
        const admin = await ensureAdmin(database.db, database.dialect, config.adminPassword);
        const summary = await seedDemo(database, config, captureHooks(database, config), {
          scale: opts.scale as (typeof SCALES)[number],
          seed: Number(opts.seed),
          ...(opts.json ? {} : { onProgress: (n: number) => process.stderr.write(`\r  ${n} events…`) }),
        });
        if (admin.oneTimePassword)
          summary.logins.admin = { username: admin.username, password: admin.oneTimePassword };
        if (!opts.json) process.stderr.write('\n');
        output(opts.json, summary, () =>
          [
            `Built the ${summary.scale} Ji'an demo in ${summary.seconds} s: ${summary.orgs} organisations, ${summary.events} events.`,
            'Sample codes (scan or query them):',
            ...Object.entries(summary.samples).map(([c, code]) => `  ${c.padEnd(7)} ${code}`),
            'Demo logins:',
            ...Object.entries(summary.logins).map(
              ([a, l]) =>
                `  ${a.padEnd(10)} ${l.username} / ${l.password ?? '(the admin password printed at first start)'}`,
            ),
          ].join('\n'),
        );
      });
    });
}
