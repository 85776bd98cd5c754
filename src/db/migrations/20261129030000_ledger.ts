/**
 * The tamper-evident log (issue 5, src/modules/ledger/ledger.tables.ts): leaves, complete-subtree nodes, the
 * frontier, signed tree heads and the public keys that signed them. Hashes are 64-character hex text.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await db.schema
    .createTable('ledger_leaves')
    .addColumn('leaf_index', big, (c) => c.primaryKey())
    .addColumn('event_pk', big, (c) => c.notNull())
    .addColumn('leaf_hash', 'char(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_leaves_event').on('ledger_leaves').column('event_pk').execute();

  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', big, (c) => c.notNull())
    .addColumn('hash', 'char(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('ledger_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('tree_size', big, (c) => c.notNull())
    .addColumn('frontier', 'text', (c) => c.notNull())
    .addColumn('key_id', 'char(64)')
    .addColumn('head_timestamp', big, (c) => c.notNull())
    .execute();
  await sql`insert into ledger_state (id, tree_size, frontier, key_id, head_timestamp) values (1, 0, '', null, 0)`.execute(
    db,
  );

  await db.schema
    .createTable('ledger_heads')
    .addColumn('tree_size', big, (c) => c.primaryKey())
    .addColumn('root_hash', 'char(64)', (c) => c.notNull())
    .addColumn('timestamp', big, (c) => c.notNull())
    .addColumn('algorithm', 'varchar(16)', (c) => c.notNull())
    .addColumn('key_id', 'char(64)', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_keys')
    .addColumn('key_id', 'char(64)', (c) => c.primaryKey())
    .addColumn('algorithm', 'varchar(16)', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['ledger_keys', 'ledger_heads', 'ledger_state', 'ledger_nodes', 'ledger_leaves']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
