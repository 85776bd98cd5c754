/**
 * Each code's lookup count and first lookup, kept as the lookup log is written (src/modules/story/lookup-writer.ts):
 * the "looked up N times, first on … in …" line then reads one row however often a code was looked up, where
 * counting the log's rows cost a popular code's re-read its whole history every minute. Existing lookups are
 * counted here.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('public_lookup_counts')
    .addColumn('code_key', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('count', d.bigintType, (c) => c.notNull())
    .addColumn('first_at', d.bigintType, (c) => c.notNull())
    .addColumn('first_division', 'varchar(16)')
    .addPrimaryKeyConstraint('public_lookup_counts_pk', ['code_key', 'code'])
    .execute();
  await sql`
    insert into public_lookup_counts (code_key, code, count, first_at, first_division)
    select code_key, code, count(*), min(at), null from public_lookups group by code_key, code
  `.execute(db);
  // The first lookup's county: of the row the count's min(at) names (the earliest id among equal times).
  await sql`
    update public_lookup_counts set first_division = (
      select l.division_code from public_lookups l
      where l.code_key = public_lookup_counts.code_key and l.code = public_lookup_counts.code
      order by l.at, l.id limit 1
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_lookup_counts').execute();
}
