/** Foundation: divisions, organisations, users, sessions, API keys, audit log, products. */
import { type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await db.schema
    .createTable('divisions')
    .addColumn('code', 'varchar(12)', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'varchar(12)')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .execute();

  await d
    .addIdColumn(db.schema.createTable('organisations'))
    .addColumn('kind', 'varchar(16)', (c) =>
      c.notNull().check(sql`kind in ('enterprise','department','county','platform','admin')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('uscc', 'varchar(18)')
    .addColumn('division_code', 'varchar(12)', (c) => c.references('divisions.code'))
    .addColumn('categories', d.jsonType)
    .addColumn('strictness', 'varchar(8)', (c) => c.notNull().defaultTo('reject'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('disabled_at', big)
    .execute();
  await db.schema
    .createIndex('organisations_uscc_unique')
    .on('organisations')
    .column('uscc')
    .unique()
    .execute();
  await db.schema.createIndex('organisations_division').on('organisations').column('division_code').execute();

  await d
    .addIdColumn(db.schema.createTable('users'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) =>
      c.notNull().check(sql`role in ('admin','manager','member','viewer')`),
    )
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('password_changed_at', big, (c) => c.notNull())
    .addColumn('disabled_at', big)
    .execute();
  await db.schema.createIndex('users_username_unique').on('users').column('username').unique().execute();
  await db.schema.createIndex('users_org').on('users').column('org_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', big, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();

  await d
    .addIdColumn(db.schema.createTable('api_keys'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'varchar(24)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('created_by', big, (c) => c.references('users.id'))
    .addColumn('expires_at', big)
    .addColumn('revoked_at', big)
    .addColumn('last_used_at', big)
    .execute();
  await db.schema.createIndex('api_keys_hash_unique').on('api_keys').column('key_hash').unique().execute();
  await db.schema.createIndex('api_keys_org').on('api_keys').column('org_id').execute();

  await d
    .addIdColumn(db.schema.createTable('audit_log'))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('actor_user_id', big)
    .addColumn('actor_org_id', big)
    .addColumn('actor_key_id', big)
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)')
    .addColumn('target_id', 'text')
    .addColumn('target_org_id', big)
    .addColumn('detail', d.jsonType)
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_org_id', 'at']).execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_org_id', 'at']).execute();

  await d
    .addIdColumn(db.schema.createTable('products'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    .addColumn('item', 'varchar(32)')
    .addColumn('gtin', 'varchar(14)')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('products_org_gtin_unique')
    .on('products')
    .columns(['org_id', 'gtin'])
    .unique()
    .execute();
  await db.schema.createIndex('products_category').on('products').columns(['category', 'org_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'products',
    'audit_log',
    'api_keys',
    'sessions',
    'users',
    'organisations',
    'divisions',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
