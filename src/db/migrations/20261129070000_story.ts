/** The public lookup log of the story module (issue 8). */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  await d
    .addIdColumn(db.schema.createTable('public_lookups'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('at', d.bigintType, (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('division_code', 'varchar(16)')
    .execute();
  await db.schema
    .createIndex('public_lookups_code_at')
    .on('public_lookups')
    .columns(['code', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_lookups').ifExists().execute();
}
