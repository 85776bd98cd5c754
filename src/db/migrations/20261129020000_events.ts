/** The event store: identifiers, events, identifier links, attributes, party links, capture jobs, named queries. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await d
    .addIdColumn(db.schema.createTable('identifiers'))
    .addColumn('canonical', 'text', (c) => c.notNull())
    .addColumn('scheme', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identifiers_canonical_unique')
    .on('identifiers')
    .column('canonical')
    .unique()
    .execute();

  await d
    .addIdColumn(db.schema.createTable('events'))
    .addColumn('event_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'varchar(24)', (c) => c.notNull())
    .addColumn('action', 'varchar(8)')
    .addColumn('event_time', big, (c) => c.notNull())
    .addColumn('event_tz', 'varchar(6)')
    .addColumn('record_time', big, (c) => c.notNull())
    .addColumn('biz_step', 'text')
    .addColumn('disposition', 'text')
    .addColumn('read_point', 'text')
    .addColumn('biz_location', 'text')
    .addColumn('recorder_org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('category', 'varchar(16)')
    .addColumn('capture_id', 'varchar(40)')
    .addColumn('doc', d.jsonType, (c) => c.notNull())
    .addColumn('error_declared_at', big)
    .addColumn('error_reason', 'text')
    .execute();
  await db.schema.createIndex('events_hash_unique').on('events').column('event_hash').unique().execute();
  await db.schema.createIndex('events_event_id_unique').on('events').column('event_id').unique().execute();
  await db.schema.createIndex('events_event_time').on('events').columns(['event_time', 'id']).execute();
  await db.schema.createIndex('events_record_time').on('events').columns(['record_time', 'id']).execute();
  await db.schema.createIndex('events_biz_step').on('events').columns(['biz_step', 'event_time']).execute();
  await db.schema
    .createIndex('events_read_point')
    .on('events')
    .columns(['read_point', 'event_time'])
    .execute();
  await db.schema
    .createIndex('events_biz_location')
    .on('events')
    .columns(['biz_location', 'event_time'])
    .execute();
  await db.schema.createIndex('events_recorder').on('events').columns(['recorder_org_id', 'id']).execute();
  await db.schema.createIndex('events_category').on('events').columns(['category', 'id']).execute();

  await db.schema
    .createTable('event_identifiers')
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('identifier_id', big, (c) => c.notNull().references('identifiers.id'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('quantity', 'double precision')
    .addColumn('uom', 'varchar(8)')
    .addPrimaryKeyConstraint('event_identifiers_pk', ['event_pk', 'identifier_id', 'role'])
    .execute();
  await db.schema
    .createIndex('event_identifiers_lookup')
    .on('event_identifiers')
    .columns(['identifier_id', 'role', 'event_pk'])
    .execute();

  await db.schema
    .createTable('event_attrs')
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_attrs_lookup')
    .on('event_attrs')
    .columns(['kind', 'value', 'type', 'event_pk'])
    .execute();
  await db.schema.createIndex('event_attrs_event').on('event_attrs').column('event_pk').execute();

  await db.schema
    .createTable('event_orgs')
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('event_orgs_pk', ['event_pk', 'org_id'])
    .execute();
  await db.schema.createIndex('event_orgs_org').on('event_orgs').columns(['org_id', 'event_pk']).execute();

  await db.schema
    .createTable('capture_jobs')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('finished_at', big)
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stored_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', d.jsonType)
    .execute();
  await db.schema
    .createIndex('capture_jobs_org')
    .on('capture_jobs')
    .columns(['org_id', 'created_at'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('named_queries'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('params', d.jsonType, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('named_queries_org_name')
    .on('named_queries')
    .columns(['org_id', 'name'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'named_queries',
    'capture_jobs',
    'event_orgs',
    'event_attrs',
    'event_identifiers',
    'events',
    'identifiers',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
