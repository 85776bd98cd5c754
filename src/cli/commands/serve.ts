/** `zhuisu serve`: run the platform. */
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { UsageError } from '../context.js';

/** Registers `serve`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Start the platform (HTTP API, web app); migrates the store and creates the first admin on first start.',
    )
    .option('--port <port>', 'TCP port (default 8080, or ZHUISU_PORT)')
    .option('--host <host>', 'address to bind (default 127.0.0.1, or ZHUISU_HOST)')
    .option('--data <dir>', 'data directory of the embedded store (default ./data, or ZHUISU_DATA_DIR)')
    .action(async (opts: { port?: string; host?: string; data?: string }) => {
      if (opts.port !== undefined && !/^\d{1,5}$/.test(opts.port))
        throw new UsageError(`--port must be a number, got ${JSON.stringify(opts.port)}.`);
      const config = loadConfig({
        ...(opts.port !== undefined ? { port: Number(opts.port) } : {}),
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.data ? { dataDir: opts.data } : {}),
      });
      const { startServer, stopOnSignals } = await import('../../server/server.js');
      const say = (m: string) => process.stdout.write(`${m}\n`);
      // A fresh clone or edited web sources: build dist/web before serving (`npm start`), see plugins/web.ts.
      if (config.env !== 'test') await (await import('../../server/plugins/web.js')).ensureWebBuilt(say);
      const server = await startServer(config);
      say(
        `Zhuisu is listening on ${server.url} (${server.database.dialect.name}${config.databaseUrl ? '' : `, ${config.dataDir}`})`,
      );
      say(`  API reference: ${server.url}/api/docs    health: ${server.url}/healthz`);
      if (server.admin.created && server.admin.oneTimePassword) {
        say('');
        say(
          `  First start: created the admin account. Log in as "${server.admin.username}" with the one-time password`,
        );
        say(`      ${server.admin.oneTimePassword}`);
        say('  (shown only now; you will be asked to change it).');
      }
      if (server.demo) {
        say('');
        say(
          `  Seeded the Ji'an demo data set (${server.demo.orgs} organisations, ${server.demo.events} events). Demo logins:`,
        );
        for (const [audience, l] of Object.entries(server.demo.logins)) {
          if (audience !== 'admin') say(`      ${audience.padEnd(10)} ${l.username} / ${l.password}`);
        }
        say(`  Sample codes: ${Object.values(server.demo.samples).join('  ')}`);
      }
      stopOnSignals(server, say);
    });
}
