/**
 * The lookup log indexed by a small key of the code (src/modules/story/lookup-key.ts) instead of the code's text:
 * one row is written per public lookup, and the long text index made each write three times dearer. Existing rows
 * get their key here, code by code.
 */
import { type Kysely, sql } from 'kysely';
import { lookupCodeKey } from '../../modules/story/lookup-key.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('public_lookups')
    .addColumn('code_key', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const codes = await sql<{ code: string }>`select distinct code from public_lookups`.execute(db);
  for (const { code } of codes.rows) {
    await sql`update public_lookups set code_key = ${lookupCodeKey(code)} where code = ${code}`.execute(db);
  }
  await db.schema
    .createIndex('public_lookups_key_at')
    .on('public_lookups')
    .columns(['code_key', 'at'])
    .execute();
  await db.schema.dropIndex('public_lookups_code_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('public_lookups_code_at')
    .on('public_lookups')
    .columns(['code', 'at'])
    .execute();
  await db.schema.dropIndex('public_lookups_key_at').execute();
  await db.schema.alterTable('public_lookups').dropColumn('code_key').execute();
}
