/**
 * The composition root of the capture pipeline: which steps run inside every capture transaction after the events
 * are stored (validate → normalise → store → ledger → trace links → notify, DESIGN.md). The server, the CLI
 * (`zhuisu import`, `zhuisu demo`) and tests all capture through these hooks, so every path stores the same thing.
 */
import type { Config } from './config/index.js';
import type { Database } from './db/index.js';
import type { CaptureHook } from './modules/events/index.js';

/** The hooks every capture runs, in order. */
export function captureHooks(_database: Database, _config: Config): CaptureHook[] {
  const hooks: CaptureHook[] = [];
  return hooks;
}
