/** The platform itself on a fresh SQLite store, for HTTP benchmarks against the raw limits. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startServer } from '../../src/server/server.js';

const dataDir = process.env.ZHUISU_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zhuisu-bench-platform-'));
const config = loadConfig({
  port: 0,
  dataDir,
  logLevel: 'silent',
  publicRateLimit: 0,
  demoSeed: false,
  adminPassword: 'bench-admin-password-1',
});
const server = await startServer(config);
process.stdout.write(`listening ${server.url}\n`);
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
