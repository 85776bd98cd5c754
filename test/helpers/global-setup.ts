/**
 * Runs once before the test files (vitest globalSetup): builds the web app into dist/web when it is missing or
 * stale, so the browser suites, which run in parallel workers, find one finished build instead of each starting
 * its own into the same folder.
 */
import { ensureWebBuilt } from '../../src/server/plugins/web.js';

export default async function setup(): Promise<void> {
  await ensureWebBuilt((m) => process.stdout.write(`${m}\n`));
}
