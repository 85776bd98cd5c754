/** Starts the platform: open and migrate the store, create the first admin, listen, and shut down gracefully. */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import { type Database, migrateUp, openDatabase } from '../db/index.js';
import { type BootstrapResult, ensureAdmin } from '../modules/access/index.js';
import { type DemoSummary, seedDemo, storeIsEmpty } from '../modules/demo/index.js';
import { type SubscriptionWorker, startSubscriptionWorker } from '../modules/events/subscriptions/index.js';
import { captureHooks } from '../pipeline.js';
import { buildApp } from './app.js';

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  admin: BootstrapResult;
  /** The demo data set seeded on this first start, or null. */
  demo: DemoSummary | null;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/** Opens the store, migrates it, bootstraps the admin account and starts listening. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = await openDatabase(config);
  let worker: SubscriptionWorker | undefined;
  try {
    await migrateUp(database);
    const admin = await ensureAdmin(database.db, database.dialect, config.adminPassword);
    // First start of an empty store outside production: seed the Ji'an demo (issue 6; config.demoSeed).
    const demo =
      config.demoSeed && config.env !== 'production' && (await storeIsEmpty(database))
        ? await seedDemo(database, config, captureHooks(database, config))
        : null;
    const app = await buildApp(config, database);
    // Subscriptions are delivered off the capture path by this node's worker; it stops before the database closes.
    worker = await startSubscriptionWorker(database, config, {
      onError: (e) => app.log.error(e, 'subscription delivery failed'),
    });
    app.addHook('preClose', async () => worker?.stop());
    app.addHook('onClose', async () => {
      await database.close();
    });
    const url = await app.listen({ host: config.host, port: config.port });
    let stopping: Promise<void> | undefined;
    return {
      app,
      database,
      url,
      admin,
      demo,
      stop: () => {
        stopping ??= app.close();
        return stopping;
      },
    };
  } catch (e) {
    await worker?.stop();
    await database.close();
    throw e;
  }
}

/** Stops the server on SIGINT/SIGTERM: in-flight requests finish, the database closes cleanly, then exit 0. */
export function stopOnSignals(server: RunningServer, log: (message: string) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal} received: finishing in-flight requests and closing the database…`);
    const force = setTimeout(() => {
      log('shutdown took longer than 15 s; exiting.');
      process.exit(1);
    }, 15_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
