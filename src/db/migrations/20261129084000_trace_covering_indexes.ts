/**
 * Covering indexes for the trace walks (docs/trace.md, Speed): each hop of a walk reads the links of its whole
 * frontier, and the loaders read every naming of the nodes reached — for a forward walk from an input lot, 20 000
 * links and 30 000 namings. With every column those reads need in the index, each is an index-only search instead
 * of an index search plus a table row per entry (SQLite: no rowid lookup; PostgreSQL: an index-only scan once
 * VACUUM has marked the pages all-visible, which autovacuum does). The leading columns stay as they were, so the
 * queries the old indexes served (the capture hook ending links by parent and child, EPCIS queries by identifier
 * and role) are served the same way.
 */
import type { Kysely } from 'kysely';

const LINK_COLUMNS = ['erroneous', 'valid_from', 'id', 'event_pk', 'valid_to', 'quantity', 'uom'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('trace_links_from').execute();
  await db.schema
    .createIndex('trace_links_from')
    .on('trace_links')
    .columns(['from_id', 'kind', 'to_id', ...LINK_COLUMNS])
    .execute();
  await db.schema.dropIndex('trace_links_to').execute();
  await db.schema
    .createIndex('trace_links_to')
    .on('trace_links')
    .columns(['to_id', 'kind', 'from_id', ...LINK_COLUMNS])
    .execute();
  await db.schema.dropIndex('event_identifiers_lookup').execute();
  await db.schema
    .createIndex('event_identifiers_lookup')
    .on('event_identifiers')
    .columns(['identifier_id', 'role', 'event_pk', 'quantity', 'uom'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('event_identifiers_lookup').execute();
  await db.schema
    .createIndex('event_identifiers_lookup')
    .on('event_identifiers')
    .columns(['identifier_id', 'role', 'event_pk'])
    .execute();
  await db.schema.dropIndex('trace_links_to').execute();
  await db.schema
    .createIndex('trace_links_to')
    .on('trace_links')
    .columns(['to_id', 'kind', 'from_id'])
    .execute();
  await db.schema.dropIndex('trace_links_from').execute();
  await db.schema
    .createIndex('trace_links_from')
    .on('trace_links')
    .columns(['from_id', 'kind', 'to_id'])
    .execute();
}
