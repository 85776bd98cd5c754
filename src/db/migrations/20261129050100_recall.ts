/** Recalls, their holders and codes, returns, the in-app inbox and public complaints (issue 7, recall.tables.ts). */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await d
    .addIdColumn(db.schema.createTable('complaints'))
    .addColumn('receipt', 'varchar(32)', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('canonical', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('photo', 'text')
    .addColumn('photo_type', 'varchar(32)')
    .addColumn('contact', 'varchar(200)')
    .addColumn('category', 'varchar(16)')
    .addColumn('division', 'varchar(12)')
    .addColumn('responsible_org_id', big, (c) => c.references('organisations.id'))
    .addColumn('department_org_id', big, (c) => c.references('organisations.id'))
    .addColumn('county_org_id', big, (c) => c.references('organisations.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('client_hash', 'char(64)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaints_receipt').on('complaints').column('receipt').unique().execute();
  await db.schema
    .createIndex('complaints_client')
    .on('complaints')
    .columns(['client_hash', 'created_at'])
    .execute();
  await db.schema
    .createIndex('complaints_department')
    .on('complaints')
    .columns(['department_org_id', 'created_at'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('complaint_history'))
    .addColumn('complaint_id', big, (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('by_org_id', big)
    .addColumn('at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('complaint_history_complaint')
    .on('complaint_history')
    .columns(['complaint_id', 'at'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('recalls'))
    .addColumn('number', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('level', 'varchar(4)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('deadline', big, (c) => c.notNull())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('root', 'text', (c) => c.notNull())
    .addColumn('complaint_id', big, (c) => c.references('complaints.id'))
    .addColumn('category', 'varchar(16)')
    .addColumn('created_by_org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by_user_id', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('closed_at', big)
    .addColumn('assessment', d.jsonType, (c) => c.notNull())
    .addColumn('report', d.jsonType)
    .execute();
  await db.schema.createIndex('recalls_number').on('recalls').column('number').unique().execute();
  await db.schema.createIndex('recalls_status').on('recalls').columns(['status', 'created_at']).execute();

  await d
    .addIdColumn(db.schema.createTable('recall_holders'))
    .addColumn('recall_id', big, (c) => c.notNull().references('recalls.id').onDelete('cascade'))
    .addColumn('org_id', big, (c) => c.references('organisations.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('uscc', 'varchar(18)')
    .addColumn('division', 'varchar(12)')
    .addColumn('affected_items', 'integer', (c) => c.notNull())
    .addColumn('affected_quantity', 'double precision', (c) => c.notNull())
    .addColumn('uom', 'varchar(8)')
    .addColumn('recovered_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recovered_quantity', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('notified_at', big)
    .addColumn('acknowledged_at', big)
    .addColumn('completed_at', big)
    .execute();
  await db.schema
    .createIndex('recall_holders_recall')
    .on('recall_holders')
    .columns(['recall_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('recall_holders_org')
    .on('recall_holders')
    .columns(['org_id', 'recall_id'])
    .execute();

  await db.schema
    .createTable('recall_codes')
    .addColumn('recall_id', big, (c) => c.notNull().references('recalls.id').onDelete('cascade'))
    .addColumn('identifier_id', big, (c) => c.notNull().references('identifiers.id'))
    .addColumn('holder_id', big)
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'double precision')
    .addColumn('uom', 'varchar(8)')
    .addColumn('recovered_at', big)
    .addPrimaryKeyConstraint('recall_codes_pk', ['recall_id', 'identifier_id'])
    .execute();
  await db.schema
    .createIndex('recall_codes_identifier')
    .on('recall_codes')
    .columns(['identifier_id', 'recall_id'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('recall_returns'))
    .addColumn('recall_id', big, (c) => c.notNull().references('recalls.id').onDelete('cascade'))
    .addColumn('holder_id', big, (c) => c.notNull())
    .addColumn('event_pk', big, (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recall_returns_recall')
    .on('recall_returns')
    .columns(['recall_id', 'holder_id'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('notifications'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', d.jsonType, (c) => c.notNull())
    .addColumn('recall_id', big)
    .addColumn('complaint_id', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('read_at', big)
    .execute();
  await db.schema
    .createIndex('notifications_org')
    .on('notifications')
    .columns(['org_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'notifications',
    'recall_returns',
    'recall_codes',
    'recall_holders',
    'recalls',
    'complaint_history',
    'complaints',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
