/**
 * The stored log: appending captured events under one writer, signing a head per append, proofs from stored nodes,
 * the signing key, and re-checking the whole log from the stored events (`zhuisu ledger verify`). See docs/ledger.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/index.js';
import type { Database, DialectCapabilities } from '../../db/index.js';
import { AppError } from '../../lib/errors.js';
import { eventHash } from '../epcis/index.js';
import { badKey } from './ledger.errors.js';
import {
  type Db,
  eventHashesAfter,
  findLeafOfEvent,
  headAt,
  insertHead,
  insertLeaves,
  insertNodes,
  type LeafRow,
  type LedgerKeyRow,
  latestHead,
  listHeads,
  listKeys,
  readNodes,
  readState,
  saveKey,
  writeState,
} from './ledger.repository.js';
import { type Hash, hashLeaf, toHex } from './merkle.js';
import { MerkleAccumulator } from './merkle-accumulator.js';
import { consistencyProofRanges, inclusionProofRanges, type TreeRange } from './proof.js';
import { generateLedgerKey, loadSigner, signTreeHead, type TreeHeadSigner } from './signer.js';
import { makeTreeHead, type SignatureAlgorithm, type SignedTreeHead } from './tree-head.js';
import {
  DEFAULT_NODE_POLICY,
  isStoredLevel,
  planNodeReads,
  RangeHashCache,
  rangeHash,
  readerFromMap,
  type TreeNode,
} from './tree-nodes.js';

/**
 * The advisory lock that makes appends one writer at a time across server nodes sharing a PostgreSQL database
 * ("zsLG"); SQLite serialises writers already. Distinct from every other module's lock key.
 */
export const LEDGER_LOCK_KEY = 0x7a73_4c47;
/** Nodes kept: every complete subtree (tree-nodes.ts, DEFAULT_NODE_POLICY). */
export const LEDGER_NODE_POLICY = DEFAULT_NODE_POLICY;
/** Name of the key file created in the data directory when no key is configured. */
export const LEDGER_KEY_FILE = 'ledger-key.pem';
/** Events adopted per page when the first append finds events stored before the log existed. */
const ADOPT_PAGE = 5000;

/** The leaf hash of an event: H(0x00 ‖ d), d = the UTF-8 bytes of its CBV 2.0 hash string (RFC 9162 §2.1.1). */
export function eventLeafHash(cbvHash: string): Hash {
  return hashLeaf(Buffer.from(cbvHash, 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

const ALGORITHMS: Record<Config['ledgerAlgorithm'], SignatureAlgorithm> = {
  ed25519: 'ed25519',
  sm2: 'sm2-sm3',
};
const signers = new Map<string, TreeHeadSigner>();

/**
 * The signer of this node: the configured PEM key, or `<dataDir>/ledger-key.pem`, created (mode 0600) with a new
 * key of the configured algorithm when missing. Loaded once per key file. Throws LEDGER_BAD_KEY naming the file
 * when it cannot be read or is of another algorithm than configured.
 */
export function ledgerSigner(
  config: Pick<Config, 'dataDir' | 'ledgerKey' | 'ledgerAlgorithm'>,
): TreeHeadSigner {
  const algorithm = ALGORITHMS[config.ledgerAlgorithm];
  const path = config.ledgerKey ?? join(config.dataDir, LEDGER_KEY_FILE);
  const memo = `${algorithm}\n${path}`;
  const known = signers.get(memo);
  if (known !== undefined) return known;
  if (config.ledgerKey === undefined && !existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx': two processes starting on one data dir must not both write a key; the loser reads the winner's.
      writeFileSync(path, generateLedgerKey(algorithm).privateKeyPem, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw badKey(`the ledger key ${path} (ZHUISU_LEDGER_KEY) cannot be read: ${(e as Error).message}`, e);
  }
  let signer: TreeHeadSigner;
  try {
    signer = loadSigner(pem);
  } catch (e) {
    throw badKey(`the ledger key ${path}: ${(e as Error).message}`, e);
  }
  if (signer.algorithm !== algorithm) {
    throw badKey(
      `the ledger key ${path} is an ${signer.algorithm} key but ZHUISU_LEDGER_ALGORITHM is ` +
        `${config.ledgerAlgorithm}; set the matching algorithm, or move the file away to start a new key ` +
        '(heads signed by the old key keep verifying: its public key stays in ledger_keys)',
    );
  }
  signers.set(memo, signer);
  return signer;
}

// ---------------------------------------------------------------------------------------------------------------
// Appending

/** An event to append: its row id and its CBV 2.0 hash string. */
export interface LedgerEvent {
  readonly pk: number;
  readonly hash: string;
}

async function signAndStoreHead(
  trx: Db,
  signer: TreeHeadSigner,
  acc: MerkleAccumulator,
  previous: { keyId: string | null; headTimestamp: number },
  now: number,
): Promise<SignedTreeHead> {
  // Heads never go back in time, even when server nodes' clocks differ a little.
  const timestamp = Math.max(now, previous.headTimestamp);
  const head = signTreeHead(signer, makeTreeHead(acc.size, acc.root(), timestamp));
  if (previous.keyId !== signer.keyId) {
    await saveKey(
      trx,
      { keyId: signer.keyId, algorithm: signer.algorithm, publicKeyPem: signer.publicKeyPem },
      now,
    );
  }
  await insertHead(trx, head);
  await writeState(trx, {
    treeSize: acc.size,
    frontier: acc.frontier().hashes,
    keyId: signer.keyId,
    headTimestamp: timestamp,
  });
  return head;
}

/**
 * Appends events to the log inside the caller's transaction and signs one head for the new size. Takes the ledger
 * lock first, so concurrent captures on several nodes append one after the other and the tree is never forked; the
 * leaf order is therefore commit order. When the log is still empty, every event already stored is adopted first
 * (in pk order): a store that existed before the log gets all its events covered by the first head.
 * Returns the new head, or null when there was nothing to append.
 */
export async function appendToLedger(
  trx: Db,
  dialect: DialectCapabilities,
  signer: TreeHeadSigner,
  events: readonly LedgerEvent[],
  now: number,
): Promise<SignedTreeHead | null> {
  if (events.length === 0) return null;
  await dialect.lockInTransaction(trx as unknown as Kysely<unknown>, LEDGER_LOCK_KEY);
  const state = await readState(trx);
  const acc = new MerkleAccumulator({ size: state.treeSize, hashes: state.frontier });
  const leaves: LeafRow[] = [];
  const nodes: TreeNode[] = [];
  const append = (e: LedgerEvent) => {
    const closed = acc.append(eventLeafHash(e.hash));
    leaves.push({ leafIndex: closed[0]!.index, eventPk: e.pk, leafHash: toHex(closed[0]!.hash) });
    for (let i = 1; i < closed.length; i++) {
      if (isStoredLevel(closed[i]!.level, LEDGER_NODE_POLICY)) nodes.push(closed[i]!);
    }
  };
  if (state.treeSize === 0) {
    // The events of this capture are visible in its own transaction, so they are adopted with the rest.
    for (let after = 0; ; ) {
      const page = await eventHashesAfter(trx, after, ADOPT_PAGE);
      for (const e of page) append(e);
      if (page.length < ADOPT_PAGE) break;
      after = page[page.length - 1]!.pk;
    }
  } else {
    for (const e of [...events].sort((a, b) => a.pk - b.pk)) append(e);
  }
  if (leaves.length === 0) return null;
  await insertLeaves(trx, leaves);
  await insertNodes(trx, nodes);
  return signAndStoreHead(trx, signer, acc, state, now);
}

// ---------------------------------------------------------------------------------------------------------------
// Heads and proofs

const notFound = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, message, { status: 404, extra });

/** A head with the public key that signed it. */
export interface HeadWithKey {
  readonly head: SignedTreeHead;
  readonly publicKey: LedgerKeyRow;
}

async function keyOf(db: Db, head: SignedTreeHead): Promise<LedgerKeyRow> {
  const [key] = await listKeys(db, [head.keyId]);
  if (key === undefined) {
    throw new AppError(
      'LEDGER_KEY_MISSING',
      `the public key ${head.keyId} of the head of size ${head.treeSize} is not recorded`,
      {
        status: 500,
      },
    );
  }
  return key;
}

/**
 * The current head and its public key. Given a signer, a log that has no head yet gets a signed head of the empty
 * tree (RFC 9162 §2.1.1: MTH({}) = SHA-256()), so clients always have something to pin; without one (read-only
 * tools) it is a 404 LEDGER_HEAD_NOT_FOUND.
 */
export async function currentHead(database: Database, signer?: TreeHeadSigner): Promise<HeadWithKey> {
  let head = await latestHead(database.db);
  if (head === undefined) {
    if (signer === undefined) throw notFound('LEDGER_HEAD_NOT_FOUND', 'the log has no signed tree head yet');
    head = await database.db.transaction().execute(async (trx) => {
      await database.dialect.lockInTransaction(trx as unknown as Kysely<unknown>, LEDGER_LOCK_KEY);
      const state = await readState(trx);
      const existing = await latestHead(trx);
      if (existing !== undefined) return existing;
      const acc = new MerkleAccumulator({ size: state.treeSize, hashes: state.frontier });
      return signAndStoreHead(trx, signer, acc, state, Date.now());
    });
  }
  return { head, publicKey: await keyOf(database.db, head) };
}

/** Heads of size ≥ `from` (at most `limit`, smallest first) and the public keys that signed them. */
export async function headsFrom(
  database: Database,
  from: number,
  limit: number,
): Promise<{ heads: SignedTreeHead[]; keys: LedgerKeyRow[] }> {
  const heads = await listHeads(database.db, from, limit);
  const keys = await listKeys(database.db, [...new Set(heads.map((h) => h.keyId))]);
  return { heads, keys };
}

async function headOfSize(database: Database, treeSize: number | undefined): Promise<SignedTreeHead> {
  const head = treeSize === undefined ? await latestHead(database.db) : await headAt(database.db, treeSize);
  if (head === undefined) {
    throw notFound(
      'LEDGER_HEAD_NOT_FOUND',
      treeSize === undefined
        ? 'the log has no signed tree head yet'
        : `no signed tree head of size ${treeSize} exists (GET /epcis/ledger/heads lists them)`,
      { treeSize: treeSize ?? null },
    );
  }
  return head;
}

const caches = new WeakMap<Database, RangeHashCache>();

/** Hashes of the given proof ranges from stored nodes: one read of the planned nodes, right edges memoised. */
async function rangeHashes(database: Database, ranges: readonly TreeRange[]): Promise<Hash[]> {
  let cache = caches.get(database);
  if (cache === undefined) {
    cache = new RangeHashCache();
    caches.set(database, cache);
  }
  const nodes = await readNodes(database.db, planNodeReads(ranges, LEDGER_NODE_POLICY, cache));
  const read = readerFromMap(nodes);
  try {
    return ranges.map(([a, b]) => rangeHash(a, b, read, LEDGER_NODE_POLICY, cache));
  } catch {
    // Another request filled the cache past its bound while we read, and it was emptied: plan without it.
    const all = readerFromMap(await readNodes(database.db, planNodeReads(ranges, LEDGER_NODE_POLICY)));
    return ranges.map(([a, b]) => rangeHash(a, b, all, LEDGER_NODE_POLICY));
  }
}

/** The inclusion path of leaf `leafIndex` in the tree of `treeSize` stored leaves (RFC 9162 §2.1.3.1). */
export async function inclusionPathOf(
  database: Database,
  leafIndex: number,
  treeSize: number,
): Promise<Hash[]> {
  return rangeHashes(database, inclusionProofRanges(leafIndex, treeSize));
}

/** An inclusion proof for one event (RFC 9162 §2.1.3.1) with the head it proves against. */
export interface EventProof {
  readonly eventID: string;
  /** The event's CBV 2.0 hash string: the leaf data d. */
  readonly eventHash: string;
  /** H(0x00 ‖ d), hex. */
  readonly leafHash: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly inclusionPath: string[];
  readonly head: SignedTreeHead;
}

/**
 * Proves that an event (by eventID or CBV hash) is in the head of `treeSize` leaves (the current head when
 * omitted). The caller checks the event's visibility first. 404 for an event not in the log, a head that does not
 * exist, or a head signed before the event was appended.
 */
export async function proveEvent(
  database: Database,
  eventIdOrHash: string,
  treeSize?: number,
): Promise<EventProof> {
  const leaf = await findLeafOfEvent(database.db, eventIdOrHash);
  if (leaf === undefined) {
    throw notFound('LEDGER_EVENT_NOT_IN_LOG', `no event ${JSON.stringify(eventIdOrHash)} is in the log`);
  }
  const head = await headOfSize(database, treeSize);
  if (leaf.leafIndex >= head.treeSize) {
    throw notFound(
      'LEDGER_LEAF_NOT_IN_HEAD',
      `event ${JSON.stringify(eventIdOrHash)} is leaf ${leaf.leafIndex}, appended after the head of size ${head.treeSize}; ask for a later head`,
      { leafIndex: leaf.leafIndex, treeSize: head.treeSize },
    );
  }
  const path = await inclusionPathOf(database, leaf.leafIndex, head.treeSize);
  return {
    eventID: leaf.eventId,
    eventHash: leaf.eventHash,
    leafHash: leaf.leafHash,
    leafIndex: leaf.leafIndex,
    treeSize: head.treeSize,
    inclusionPath: path.map(toHex),
    head,
  };
}

/** A consistency proof between two signed heads (RFC 9162 §2.1.4.1), with both heads. */
export interface HeadConsistency {
  readonly firstTreeSize: number;
  readonly secondTreeSize: number;
  readonly consistencyPath: string[];
  readonly first: SignedTreeHead;
  readonly second: SignedTreeHead;
}

/**
 * Proves that the head of `to` leaves (the current head when omitted) extends the head of `from` leaves.
 * 400 LEDGER_BAD_RANGE when from > to; 404 when either head does not exist.
 */
export async function proveConsistency(
  database: Database,
  from: number,
  to?: number,
): Promise<HeadConsistency> {
  if (to !== undefined && from > to) {
    throw new AppError('LEDGER_BAD_RANGE', `from (${from}) must not be larger than to (${to})`, {
      status: 400,
      path: 'from',
    });
  }
  const second = await headOfSize(database, to);
  if (from > second.treeSize) {
    throw new AppError(
      'LEDGER_BAD_RANGE',
      `from (${from}) is larger than the current tree size ${second.treeSize}`,
      {
        status: 400,
        path: 'from',
      },
    );
  }
  const first = await headOfSize(database, from);
  const path = await rangeHashes(database, consistencyProofRanges(first.treeSize, second.treeSize));
  return {
    firstTreeSize: first.treeSize,
    secondTreeSize: second.treeSize,
    consistencyPath: path.map(toHex),
    first,
    second,
  };
}

/**
 * Recomputes the leaf of a stored event document: its CBV 2.0 hash (eventID, recordTime and errorDeclaration take
 * no part, CBV 2.0 §8.9), then H(0x00 ‖ d). Null when the document cannot be hashed at all.
 */
export function recomputeLeaf(doc: unknown): Hash | null {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return null;
  try {
    return eventLeafHash(eventHash(doc as Record<string, unknown>));
  } catch {
    return null;
  }
}
