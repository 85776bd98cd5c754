/**
 * The capture hook that appends every stored event to the log inside the capture transaction (src/pipeline.ts puts
 * it first): the events and their leaves, nodes and signed head commit together or not at all.
 *
 * NOTE: the input type is written out structurally instead of importing `CaptureHookInput` from the events module,
 * which comes after the ledger in the module order (DESIGN.md); a `LedgerHook` is assignable to `CaptureHook`.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { appendToLedger, ledgerSigner } from './ledger.service.js';

/** What the ledger needs from a capture: the transaction, the database and the events just stored. */
export interface LedgerHookInput {
  trx: Kysely<DB>;
  database: Database;
  stored: readonly { pk: number; hash: string }[];
}

/** A capture hook (src/modules/events/capture-hooks.ts `CaptureHook`) that appends to the log. */
export type LedgerHook = (input: LedgerHookInput) => Promise<void>;

/**
 * The ledger's capture hook. Loads (or on first start creates) the signing key now, so a bad ZHUISU_LEDGER_KEY
 * stops the start with its message rather than failing the first capture. One head is signed per capture.
 */
export function ledgerHook(config: Pick<Config, 'dataDir' | 'ledgerKey' | 'ledgerAlgorithm'>): LedgerHook {
  const signer = ledgerSigner(config);
  return async ({ trx, database, stored }) => {
    await appendToLedger(trx, database.dialect, signer, stored, Date.now());
  };
}
