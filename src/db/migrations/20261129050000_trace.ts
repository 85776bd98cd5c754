/** The trace graph (issue 7, src/modules/trace/trace.tables.ts): identifier links and custody hand-overs. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await d
    .addIdColumn(db.schema.createTable('trace_links'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('from_id', big, (c) => c.notNull().references('identifiers.id'))
    .addColumn('to_id', big, (c) => c.notNull().references('identifiers.id'))
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('end_event_pk', big)
    .addColumn('valid_from', big, (c) => c.notNull())
    .addColumn('valid_to', big)
    .addColumn('quantity', 'double precision')
    .addColumn('uom', 'varchar(8)')
    .addColumn('erroneous', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Walks read both ways: downstream by from_id, upstream by to_id, one indexed range per frontier batch.
  await db.schema
    .createIndex('trace_links_from')
    .on('trace_links')
    .columns(['from_id', 'kind', 'to_id'])
    .execute();
  await db.schema
    .createIndex('trace_links_to')
    .on('trace_links')
    .columns(['to_id', 'kind', 'from_id'])
    .execute();
  await db.schema.createIndex('trace_links_event').on('trace_links').column('event_pk').execute();
  await db.schema.createIndex('trace_links_end_event').on('trace_links').column('end_event_pk').execute();

  await d
    .addIdColumn(db.schema.createTable('trace_handovers'))
    .addColumn('ship_event_pk', big)
    .addColumn('receive_event_pk', big)
    .addColumn('from_party', 'text')
    .addColumn('to_party', 'text')
    .addColumn('from_org_id', big)
    .addColumn('to_org_id', big)
    .addColumn('from_location', 'text')
    .addColumn('to_location', 'text')
    .addColumn('shipped_at', big)
    .addColumn('received_at', big)
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('keys', d.jsonType)
    .addColumn('erroneous', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('trace_handovers_ship').on('trace_handovers').column('ship_event_pk').execute();
  await db.schema
    .createIndex('trace_handovers_receive')
    .on('trace_handovers')
    .column('receive_event_pk')
    .execute();
  await db.schema
    .createIndex('trace_handovers_status')
    .on('trace_handovers')
    .columns(['status', 'shipped_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['trace_handovers', 'trace_links']) await db.schema.dropTable(t).ifExists().execute();
}
