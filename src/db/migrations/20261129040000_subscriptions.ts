/** EPCIS query subscriptions: subscriptions, the capture outbox, pending batches and the delivery log. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('query_id', big, (c) => c.notNull().references('named_queries.id').onDelete('cascade'))
    .addColumn('query_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('transport', 'varchar(10)', (c) => c.notNull())
    .addColumn('dest', 'text')
    .addColumn('signature_token', 'text')
    .addColumn('cron', 'varchar(200)')
    .addColumn('schedule_spec', d.jsonType)
    .addColumn('report_if_empty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('initial_record_time', big, (c) => c.notNull())
    .addColumn('epc_format', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('paused_reason', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('backfill_to', big)
    .addColumn('backfill_cursor', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_event_pk', big)
    .addColumn('last_notified_at', big)
    .addColumn('min_record_time', big)
    .addColumn('node_id', 'varchar(100)')
    .addColumn('heartbeat_at', big)
    .addColumn('claimed_by', 'varchar(100)')
    .addColumn('claim_until', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscriptions_org_query')
    .on('subscriptions')
    .columns(['org_id', 'query_name'])
    .execute();
  await db.schema
    .createIndex('subscriptions_due')
    .on('subscriptions')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('subscription_outbox')
    .addColumn('subscription_id', 'varchar(36)', (c) =>
      c.notNull().references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('subscription_outbox_pk', ['subscription_id', 'event_pk'])
    .execute();

  await db.schema
    .createTable('subscription_batches')
    .addColumn('subscription_id', 'varchar(36)', (c) =>
      c.notNull().references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('event_pks', d.jsonType, (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_batches_pk', ['subscription_id', 'seq'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('subscription_deliveries'))
    .addColumn('subscription_id', 'varchar(36)', (c) =>
      c.notNull().references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('response_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('node_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscription_deliveries_sub')
    .on('subscription_deliveries')
    .columns(['subscription_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'subscription_deliveries',
    'subscription_batches',
    'subscription_outbox',
    'subscriptions',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
