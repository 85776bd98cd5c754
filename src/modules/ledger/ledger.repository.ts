/**
 * Reads and writes of the log's tables (ledger.tables.ts). Plain typed functions over a Kysely instance or a
 * transaction; no scope: the log holds hashes only, and callers check an event's visibility before asking for its
 * leaf. PostgreSQL returns 64-bit integers as strings, so every count read here goes through Number().
 */
import type { Kysely } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { type Hash, hashFromHex, toHex } from './merkle.js';
import type { SignatureAlgorithm, SignedTreeHead } from './tree-head.js';
import { type NodeRef, nodeKey } from './tree-nodes.js';

/** A Kysely instance or a transaction over the whole schema. */
export type Db = Kysely<DB>;

/** The append state: size, frontier and the last head's key and time. */
export interface LedgerState {
  readonly treeSize: number;
  readonly frontier: readonly Hash[];
  readonly keyId: string | null;
  readonly headTimestamp: number;
}

/** One leaf as stored. */
export interface LeafRow {
  readonly leafIndex: number;
  readonly eventPk: number;
  readonly leafHash: string;
}

/** A public key that signed heads. */
export interface LedgerKeyRow {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  readonly publicKeyPem: string;
  readonly createdAt: number;
}

function mustHash(hex: string, where: string): Hash {
  const h = hashFromHex(hex.trim());
  if (h === null)
    throw new Error(`ledger storage holds a malformed hash at ${where}: ${JSON.stringify(hex)}`);
  return h;
}

/** Reads the append state (the migration inserts its one row; a missing row reads as an empty log). */
export async function readState(db: Db): Promise<LedgerState> {
  const row = await db.selectFrom('ledger_state').selectAll().where('id', '=', 1).executeTakeFirst();
  if (row === undefined) return { treeSize: 0, frontier: [], keyId: null, headTimestamp: 0 };
  const frontier =
    row.frontier === '' ? [] : row.frontier.split(',').map((h, i) => mustHash(h, `frontier ${i}`));
  return {
    treeSize: Number(row.tree_size),
    frontier,
    keyId: row.key_id?.trim() ?? null,
    headTimestamp: Number(row.head_timestamp),
  };
}

/** Writes the append state after an append (inside the transaction that holds the ledger lock). */
export async function writeState(db: Db, state: LedgerState): Promise<void> {
  const values = {
    tree_size: state.treeSize,
    frontier: state.frontier.map(toHex).join(','),
    key_id: state.keyId,
    head_timestamp: state.headTimestamp,
  };
  const result = await db.updateTable('ledger_state').set(values).where('id', '=', 1).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    await db
      .insertInto('ledger_state')
      .values({ id: 1, ...values })
      .execute();
}

/** Inserts leaves (few multi-row statements). */
export async function insertLeaves(db: Db, leaves: readonly LeafRow[]): Promise<void> {
  await insertRows(
    db,
    'ledger_leaves',
    ['leaf_index', 'event_pk', 'leaf_hash'],
    leaves.map((l) => ({ leaf_index: l.leafIndex, event_pk: l.eventPk, leaf_hash: l.leafHash })),
  );
}

/** Inserts interior nodes (level ≥ 1). */
export async function insertNodes(
  db: Db,
  nodes: readonly { level: number; index: number; hash: Hash }[],
): Promise<void> {
  await insertRows(
    db,
    'ledger_nodes',
    ['level', 'idx', 'hash'],
    nodes.map((n) => ({ level: n.level, idx: n.index, hash: toHex(n.hash) })),
  );
}

/**
 * Fetches the stored nodes a proof needs (from `planNodeReads`), in one round trip: leaves from ledger_leaves,
 * interior nodes from ledger_nodes, one `level = L AND idx IN (…)` group per level.
 * NOTE: not `(level, idx) IN ((…), (…))`: SQLite accepts a row value on the left of IN only with a subquery on
 * the right.
 */
export async function readNodes(db: Db, refs: readonly NodeRef[]): Promise<Map<string, Hash>> {
  const leaves: number[] = [];
  const byLevel = new Map<number, number[]>();
  for (const r of refs) {
    if (r.level === 0) leaves.push(r.index);
    else {
      const list = byLevel.get(r.level);
      if (list === undefined) byLevel.set(r.level, [r.index]);
      else list.push(r.index);
    }
  }
  const out = new Map<string, Hash>();
  if (refs.length === 0) return out;
  const nodeQuery =
    byLevel.size === 0
      ? undefined
      : db
          .selectFrom('ledger_nodes')
          .select(['level', 'idx', 'hash'])
          .where((eb) =>
            eb.or(
              [...byLevel].map(([level, idx]) => eb.and([eb('level', '=', level), eb('idx', 'in', idx)])),
            ),
          );
  const leafQuery =
    leaves.length === 0
      ? undefined
      : db
          .selectFrom('ledger_leaves')
          .select((eb) => [eb.lit(0).as('level'), 'leaf_index as idx', 'leaf_hash as hash'])
          .where('leaf_index', 'in', leaves);
  const query = nodeQuery && leafQuery ? nodeQuery.unionAll(leafQuery as never) : (nodeQuery ?? leafQuery)!;
  const rows = (await query.execute()) as { level: number | string; idx: number | string; hash: string }[];
  for (const r of rows) {
    const level = Number(r.level);
    const index = Number(r.idx);
    out.set(nodeKey(level, index), mustHash(r.hash, `node (${level}, ${index})`));
  }
  return out;
}

/** The leaf of an event named by eventID or CBV hash, joined through the events table; undefined when none. */
export async function findLeafOfEvent(
  db: Db,
  eventIdOrHash: string,
): Promise<(LeafRow & { eventId: string; eventHash: string }) | undefined> {
  const row = await db
    .selectFrom('events')
    .innerJoin('ledger_leaves', 'ledger_leaves.event_pk', 'events.id')
    .select([
      'ledger_leaves.leaf_index',
      'ledger_leaves.event_pk',
      'ledger_leaves.leaf_hash',
      'events.event_id',
      'events.event_hash',
    ])
    .where((eb) =>
      eb.or([eb('events.event_id', '=', eventIdOrHash), eb('events.event_hash', '=', eventIdOrHash)]),
    )
    .orderBy('ledger_leaves.leaf_index')
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    leafIndex: Number(row.leaf_index),
    eventPk: Number(row.event_pk),
    leafHash: row.leaf_hash.trim(),
    eventId: row.event_id,
    eventHash: row.event_hash,
  };
}

/** Events in pk order after `afterPk` (for adopting events stored before the log existed). */
export async function eventHashesAfter(
  db: Db,
  afterPk: number,
  limit: number,
): Promise<{ pk: number; hash: string }[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'event_hash'])
    .where('id', '>', afterPk)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ pk: Number(r.id), hash: r.event_hash }));
}

type HeadRow = DB['ledger_heads'];

function toHead(r: HeadRow): SignedTreeHead {
  return {
    treeSize: Number(r.tree_size),
    rootHash: r.root_hash.trim(),
    timestamp: Number(r.timestamp),
    algorithm: r.algorithm as SignatureAlgorithm,
    keyId: r.key_id.trim(),
    signature: r.signature,
  };
}

/** Stores a signed head. */
export async function insertHead(db: Db, head: SignedTreeHead): Promise<void> {
  await db
    .insertInto('ledger_heads')
    .values({
      tree_size: head.treeSize,
      root_hash: head.rootHash,
      timestamp: head.timestamp,
      algorithm: head.algorithm,
      key_id: head.keyId,
      signature: head.signature,
    })
    .execute();
}

/** The head of the largest tree, or undefined for a log with no head yet. */
export async function latestHead(db: Db): Promise<SignedTreeHead | undefined> {
  const row = await db
    .selectFrom('ledger_heads')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toHead(row);
}

/** The head of exactly `treeSize` leaves, if one was signed. */
export async function headAt(db: Db, treeSize: number): Promise<SignedTreeHead | undefined> {
  const row = await db
    .selectFrom('ledger_heads')
    .selectAll()
    .where('tree_size', '=', treeSize)
    .executeTakeFirst();
  return row === undefined ? undefined : toHead(row);
}

/** Heads of size ≥ `from`, smallest first. */
export async function listHeads(db: Db, from: number, limit: number): Promise<SignedTreeHead[]> {
  const rows = await db
    .selectFrom('ledger_heads')
    .selectAll()
    .where('tree_size', '>=', from)
    .orderBy('tree_size')
    .limit(limit)
    .execute();
  return rows.map(toHead);
}

/** Records a public key (nothing when already recorded). */
export async function saveKey(db: Db, key: Omit<LedgerKeyRow, 'createdAt'>, now: number): Promise<void> {
  await db
    .insertInto('ledger_keys')
    .values({
      key_id: key.keyId,
      algorithm: key.algorithm,
      public_key_pem: key.publicKeyPem,
      created_at: now,
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

/** Every recorded public key, oldest first; or only those named. */
export async function listKeys(db: Db, keyIds?: readonly string[]): Promise<LedgerKeyRow[]> {
  if (keyIds !== undefined && keyIds.length === 0) return [];
  let q = db.selectFrom('ledger_keys').selectAll().orderBy('created_at').orderBy('key_id');
  if (keyIds !== undefined) q = q.where('key_id', 'in', [...keyIds]);
  const rows = await q.execute();
  return rows.map((r) => ({
    keyId: r.key_id.trim(),
    algorithm: r.algorithm as SignatureAlgorithm,
    publicKeyPem: r.public_key_pem,
    createdAt: Number(r.created_at),
  }));
}

/** One page of leaves with their event's stored document (null when the event row is gone), in leaf order. */
export async function leavesWithEvents(
  db: Db,
  fromIndex: number,
  limit: number,
): Promise<(LeafRow & { doc: unknown })[]> {
  const rows = await db
    .selectFrom('ledger_leaves')
    .leftJoin('events', 'events.id', 'ledger_leaves.event_pk')
    .select(['ledger_leaves.leaf_index', 'ledger_leaves.event_pk', 'ledger_leaves.leaf_hash', 'events.doc'])
    .where('ledger_leaves.leaf_index', '>=', fromIndex)
    .orderBy('ledger_leaves.leaf_index')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    leafIndex: Number(r.leaf_index),
    eventPk: Number(r.event_pk),
    leafHash: r.leaf_hash.trim(),
    doc: r.doc ?? null,
  }));
}

/** Events that have no leaf (stored around the log), up to `limit`, in pk order. */
export async function eventsOutsideLog(db: Db, limit: number): Promise<{ pk: number; eventId: string }[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'event_id'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_leaves')
            .select('leaf_index')
            .whereRef('ledger_leaves.event_pk', '=', 'events.id'),
        ),
      ),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ pk: Number(r.id), eventId: r.event_id }));
}

/** Number of leaves stored (for the CLI's summary). */
export async function countLeaves(db: Db): Promise<number> {
  const r = await db
    .selectFrom('ledger_leaves')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
