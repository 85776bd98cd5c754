/**
 * The capture hook for EPCIS master data: the vocabularies in the captured document's header are stored in the
 * same transaction as its events, so a document is stored whole (events and master data) or not at all.
 * NOTE: it reads the header the events module passes to hooks (CaptureHookInput.epcisHeader) rather than the
 * route reading it before the transaction — one path for HTTP, CLI import and the demo, and one transaction.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { storeHeaderMasterData } from './epcis-masterdata.js';

/** What the hook receives (a structural subset of the events module's CaptureHookInput). */
export interface MasterdataHookInput {
  trx: Transaction<DB>;
  orgId: number;
  epcisHeader?: Readonly<Record<string, unknown>> | null;
}

/** Stores the header's vocabularies; throws 400 (rolling the capture back) on a bad location. */
export const masterdataHook = async (input: MasterdataHookInput): Promise<void> => {
  if (!input.epcisHeader) return;
  await storeHeaderMasterData(input.trx, input.orgId, input.epcisHeader, Date.now());
};
