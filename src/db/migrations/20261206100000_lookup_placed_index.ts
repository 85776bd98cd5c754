/**
 * The lookups that carried a place, indexed on their own (a partial index, holding their coordinates): copied-code
 * detection reads a code's latest 50 placed lookups when its summary is re-read (lookupSummary), and through the
 * index of all lookups it visited every lookup of the code to find the placed ones, so a popular code's re-read grew
 * with its whole history. Most lookups carry no place, so the index stays small and costs most writes nothing.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('public_lookups_placed')
    .on('public_lookups')
    .columns(['code_key', 'code', 'at', 'lat', 'lon'])
    .where(sql.ref('lat'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('public_lookups_placed').execute();
}
