/** Code issuance (issue 3): organisation serials of platform codes, serial counters, the issuance log. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await db.schema
    .createTable('code_org_serials')
    .addColumn('org_id', big, (c) => c.primaryKey().references('organisations.id'))
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('code_org_serials_serial_unique')
    .on('code_org_serials')
    .column('serial')
    .unique()
    .execute();

  await db.schema
    .createTable('code_counters')
    .addColumn('series', 'varchar(64)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('next_serial', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('code_counters_pk', ['series', 'level'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('code_issuances'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('product_id', big, (c) => c.notNull().references('products.id'))
    .addColumn('batch_lot', 'text')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('scheme', 'varchar(16)', (c) => c.notNull())
    .addColumn('series', 'varchar(64)', (c) => c.notNull())
    .addColumn('prefix', 'varchar(32)', (c) => c.notNull())
    .addColumn('gcp_length', 'integer')
    .addColumn('first_serial', big, (c) => c.notNull())
    .addColumn('count', big, (c) => c.notNull())
    .addColumn('issued_at', big, (c) => c.notNull())
    .addColumn('issued_by_user', big, (c) => c.references('users.id'))
    .addColumn('issued_by_key', big, (c) => c.references('api_keys.id'))
    .addColumn('via', 'varchar(8)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('code_issuances_org')
    .on('code_issuances')
    .columns(['org_id', 'issued_at'])
    .execute();
  await db.schema.createIndex('code_issuances_product').on('code_issuances').column('product_id').execute();
  // Finds the issuance a code belongs to (series + level, then the serial range).
  await db.schema
    .createIndex('code_issuances_series')
    .on('code_issuances')
    .columns(['series', 'level', 'first_serial'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['code_issuances', 'code_counters', 'code_org_serials']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
