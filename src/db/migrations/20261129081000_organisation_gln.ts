/**
 * Organisations named in events by their GLN: the party GLN (PGLN, GS1 General Specifications AI 417) beside the
 * USCC, so shipments and receipts that name a party by PGLN resolve to the organisation (DESIGN.md, Naming parties
 * and places in events). Locations already carry their SGLN as their identifier.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('gln', 'varchar(13)').execute();
  await db.schema
    .createIndex('organisations_gln_unique')
    .on('organisations')
    .column('gln')
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('organisations_gln_unique').execute();
  await db.schema.alterTable('organisations').dropColumn('gln').execute();
}
