/**
 * The composition root of the capture pipeline: which steps run inside every capture transaction after the events
 * are stored (validate → normalise → store → ledger → trace links → notify, DESIGN.md). The server, the CLI
 * (`zhuisu import`, `zhuisu demo`) and tests all capture through these hooks, so every path stores the same thing.
 */
import type { Config } from './config/index.js';
import type { Database } from './db/index.js';
import type { CaptureHook } from './modules/events/index.js';
import { outboxHook } from './modules/events/subscriptions/index.js';
import { ledgerHook } from './modules/ledger/index.js';
import { masterdataHook, profileHook } from './modules/masterdata/index.js';
import { recallHook } from './modules/recall/index.js';
import { storyCacheHook } from './modules/story/index.js';
import { traceHook } from './modules/trace/index.js';

/** The hooks every capture runs, in order. */
export function captureHooks(_database: Database, config: Config): CaptureHook[] {
  // The ledger first: later hooks run only on events the log already covers.
  // The subscriptions outbox last: it queues only what every earlier step has accepted.
  // The profile check and the header's master data before them all: a rejected event reaches no other step.
  const hooks: CaptureHook[] = [
    profileHook,
    masterdataHook,
    ledgerHook(config),
    traceHook,
    recallHook,
    storyCacheHook,
    outboxHook,
  ];
  return hooks;
}
