/**
 * Prefix ranges over identifiers (GTIN-only EPC patterns, docs/epcis.md) compare text byte by byte. SQLite's unique
 * index on `canonical` already orders that way (BINARY); on PostgreSQL the column's index follows the database's
 * locale, so an expression index on `canonical COLLATE "C"` serves the range whatever locale the database has.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  if (d.name !== 'postgres') return;
  await sql`create index identifiers_canonical_bytes on identifiers ((canonical collate "C"))`.execute(db);
}

export async function down(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  if (d.name !== 'postgres') return;
  await sql`drop index if exists identifiers_canonical_bytes`.execute(db);
}
