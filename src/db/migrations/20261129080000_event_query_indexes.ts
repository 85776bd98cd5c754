/**
 * Indexes for the EPCIS query engine (docs/epcis.md, How queries use indexes): an enterprise's events by event
 * time (time ranges and orderBy=eventTime within its scope), dispositions, declared errors (partial: only the few
 * declared events), and quantities (partial: only quantity links).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('events_recorder_event_time')
    .on('events')
    .columns(['recorder_org_id', 'event_time', 'id'])
    .execute();
  await db.schema
    .createIndex('events_disposition')
    .on('events')
    .columns(['disposition', 'event_time'])
    .execute();
  await db.schema
    .createIndex('events_error_declared')
    .on('events')
    .columns(['error_declared_at', 'id'])
    .where(sql.ref('error_declared_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('event_identifiers_quantity')
    .on('event_identifiers')
    .columns(['quantity', 'event_pk'])
    .where(sql.ref('quantity'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'event_identifiers_quantity',
    'events_error_declared',
    'events_disposition',
    'events_recorder_event_time',
  ])
    await db.schema.dropIndex(name).ifExists().execute();
}
