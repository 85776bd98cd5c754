/**
 * The one migration stream for both engines (CONVENTIONS.md §5). Files are named by timestamp; list every file
 * here in order (a static list keeps migrations working from sources, from dist/ and inside bundles).
 */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';
import * as m20261129000000 from './20261129000000_foundation.js';
import * as m20261129000100 from './20261129000100_seed_divisions.js';
import * as m20261129010000 from './20261129010000_code_issuance.js';
import * as m20261129020000 from './20261129020000_events.js';
import * as m20261129030000 from './20261129030000_ledger.js';
import * as m20261129040000 from './20261129040000_subscriptions.js';
import * as m20261129050000 from './20261129050000_trace.js';
import * as m20261129050100 from './20261129050100_recall.js';
import * as m20261129060000 from './20261129060000_masterdata.js';
import * as m20261129070000 from './20261129070000_story.js';
import * as m20261129080000 from './20261129080000_event_query_indexes.js';
import * as m20261129081000 from './20261129081000_organisation_gln.js';
import * as m20261129083000 from './20261129083000_identifier_byte_order.js';
import * as m20261129084000 from './20261129084000_trace_covering_indexes.js';
import * as m20261205090000 from './20261205090000_lookup_code_key.js';
import * as m20261206090000 from './20261206090000_lookup_counts.js';
import * as m20261206100000 from './20261206100000_lookup_placed_index.js';

/** A migration: `up` applies it, `down` reverts it exactly. */
export interface MigrationModule {
  up(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void>;
  down(db: Kysely<unknown>, dialect: DialectCapabilities): Promise<void>;
}

/** Every migration by name, in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, MigrationModule>> = {
  '20261129000000_foundation': m20261129000000,
  '20261129000100_seed_divisions': m20261129000100,
  '20261129010000_code_issuance': m20261129010000,
  '20261129020000_events': m20261129020000,
  '20261129030000_ledger': m20261129030000,
  '20261129040000_subscriptions': m20261129040000,
  '20261129050000_trace': m20261129050000,
  '20261129050100_recall': m20261129050100,
  '20261129060000_masterdata': m20261129060000,
  '20261129070000_story': m20261129070000,
  '20261129080000_event_query_indexes': m20261129080000,
  '20261129081000_organisation_gln': m20261129081000,
  '20261129083000_identifier_byte_order': m20261129083000,
  '20261129084000_trace_covering_indexes': m20261129084000,
  '20261205090000_lookup_code_key': m20261205090000,
  '20261206090000_lookup_counts': m20261206090000,
  '20261206100000_lookup_placed_index': m20261206100000,
};
