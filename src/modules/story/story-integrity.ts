/**
 * The integrity line of a story (issue 8): every event the page shows is checked against the signed log. Each
 * stored document is hashed again (CBV 2.0 §8.9 event hash, then the RFC 9162 §2.1.1 leaf hash), compared with its
 * recorded leaf, and proved included (RFC 9162 §2.1.3.2) in the current head, whose signature is verified with the
 * stored public key. An event edited in the database after capture therefore shows as `failed`.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/index.js';
import {
  currentHead,
  type Hash,
  type HeadWithKey,
  hashesEqual,
  hashFromHex,
  inclusionPathOf,
  loadVerifier,
  recomputeLeaf,
  toHex,
  verifyInclusion,
  verifyTreeHead,
} from '../ledger/index.js';
import { ledgerLeavesOf } from './story.repository.js';
import type { IntegrityFailure, PublicInclusionProof, StoryIntegrity } from './story.types.js';

/** An event as the story holds it: its row id, its stored (decoded) document, and the stored text when read as text. */
export interface IntegrityEvent {
  pk: number;
  doc: unknown;
  stored?: string | null;
}

/** SHA-256 (RFC 9162 §2.1: the log's hash algorithm) output length. */
const HASH_BYTES = 32;

/** Bounds of the per-process memos below. */
const MAX_MEMO = 20_000;

/**
 * Leaf hashes recomputed from stored documents, per event row, with a SHA-256 of the exact text they were computed
 * from: a lot's events appear in the story of every item of the lot, and the CBV 2.0 hash is the dearest step of a
 * story. A document edited in the store has another digest and is hashed afresh (and fails). The digest, not the
 * text, is kept: an aggregation event's document runs to tens of KB, and 20 000 kept texts held 160 MB of heap on
 * the large demo data set, which every full collection then had to walk.
 */
const leafMemo = new Map<number, { digest: string; leaf: ReturnType<typeof recomputeLeaf> }>();

function leafOf(e: IntegrityEvent): ReturnType<typeof recomputeLeaf> {
  if (typeof e.stored !== 'string') return recomputeLeaf(e.doc);
  const digest = createHash('sha256').update(e.stored).digest('base64');
  const hit = leafMemo.get(e.pk);
  if (hit && hit.digest === digest) return hit.leaf;
  const leaf = recomputeLeaf(e.doc);
  if (leafMemo.size >= MAX_MEMO) leafMemo.delete(leafMemo.keys().next().value!);
  leafMemo.set(e.pk, { digest, leaf });
  return leaf;
}

/**
 * Inclusion paths per head: the hashes proving leaf i in the tree of a given size and root never change in an
 * append-only log, so they are read once per head (keyed by its root hash, which any new capture changes). A path is
 * kept as its hashes end to end in one array (one object, not one per hash).
 */
const pathMemo = new Map<string, Uint8Array>();

async function pathOf(
  database: Database,
  leafIndex: number,
  treeSize: number,
  root: string,
): Promise<Hash[]> {
  const key = `${root}:${treeSize}:${leafIndex}`;
  let packed = pathMemo.get(key);
  if (!packed) {
    const path = await inclusionPathOf(database, leafIndex, treeSize);
    packed = new Uint8Array(path.length * HASH_BYTES);
    for (const [i, h] of path.entries()) packed.set(h, i * HASH_BYTES);
    if (pathMemo.size >= MAX_MEMO) pathMemo.delete(pathMemo.keys().next().value!);
    pathMemo.set(key, packed);
  }
  const hashes: Hash[] = [];
  for (let at = 0; at < packed.length; at += HASH_BYTES) hashes.push(packed.subarray(at, at + HASH_BYTES));
  return hashes;
}

/**
 * The last head checked and its outcome. Stories are built many times against one head (it changes only with a
 * capture), and parsing the key and checking the signature cost more than the rest of a story; the head and key
 * are compared whole, so a different head or key row is checked afresh.
 */
let lastHead: { key: string; ok: boolean } | null = null;

function headVerifies(head: HeadWithKey['head'], publicKey: HeadWithKey['publicKey']): boolean {
  const key = JSON.stringify([head, publicKey.keyId, publicKey.publicKeyPem]);
  if (lastHead?.key === key) return lastHead.ok;
  let ok = true;
  try {
    const verifier = loadVerifier(publicKey.publicKeyPem);
    // A key row whose id is not the hash of its own key vouches for nothing it signs.
    if (verifier.keyId !== publicKey.keyId) throw new Error('key id mismatch');
    verifyTreeHead(head, verifier);
  } catch {
    ok = false;
  }
  lastHead = { key, ok };
  return ok;
}

/**
 * Checks the shown events (in timeline order) against the signed log. `unavailable` when the log has no head yet
 * or there is nothing to check; `failed` when the head's signature or any event does not verify.
 */
export async function checkIntegrity(
  database: Database,
  events: readonly IntegrityEvent[],
): Promise<StoryIntegrity> {
  if (events.length === 0)
    return {
      status: 'unavailable',
      treeSize: null,
      checked: 0,
      failures: [],
      treeHead: null,
      nodes: [],
      proofs: [],
    };
  let signed: HeadWithKey;
  try {
    signed = await currentHead(database);
  } catch (e) {
    // No head yet (a store before its first capture): nothing can be proved, which is not a tampering sign.
    if ((e as { code?: string }).code === 'LEDGER_HEAD_NOT_FOUND')
      return {
        status: 'unavailable',
        treeSize: null,
        checked: 0,
        failures: [],
        treeHead: null,
        nodes: [],
        proofs: [],
      };
    throw e;
  }
  const { head, publicKey } = signed;
  const failures: IntegrityFailure[] = [];
  const proofs: PublicInclusionProof[] = [];
  // The shown events' paths share the nodes above where their leaves meet (events captured together are close in
  // the log): each node is sent once, and a path lists its nodes' places in `nodes` (a third of the hashes, measured
  // on the large demo data set: 24 distinct of 76 per story).
  const nodes: string[] = [];
  const nodeAt = new Map<string, number>();
  const placeOf = (hex: string): number => {
    let at = nodeAt.get(hex);
    if (at === undefined) {
      at = nodes.push(hex) - 1;
      nodeAt.set(hex, at);
    }
    return at;
  };
  const root = hashFromHex(head.rootHash);
  if (!headVerifies(head, publicKey)) failures.push({ step: null, reason: 'bad-signature' });
  if (root === null && failures.length === 0) failures.push({ step: null, reason: 'bad-signature' });

  const leaves = await ledgerLeavesOf(
    database.db,
    events.map((e) => e.pk),
  );
  for (const [step, e] of events.entries()) {
    const leaf = leaves.get(e.pk);
    if (leaf === undefined) {
      failures.push({ step, reason: 'not-in-log' });
      continue;
    }
    const recomputed = leafOf(e);
    const recorded = hashFromHex(leaf.leafHash);
    if (recomputed === null || recorded === null || !hashesEqual(recomputed, recorded)) {
      failures.push({ step, reason: 'edited' });
      continue;
    }
    // The events were read before the head, and each capture signs its head in its own transaction.
    if (leaf.leafIndex >= head.treeSize) {
      failures.push({ step, reason: 'not-in-head' });
      continue;
    }
    const path = await pathOf(database, leaf.leafIndex, head.treeSize, head.rootHash);
    if (root === null || !verifyInclusion(leaf.leafIndex, head.treeSize, recomputed, path, root))
      failures.push({ step, reason: 'bad-proof' });
    proofs.push({
      step,
      leafIndex: leaf.leafIndex,
      leafHash: leaf.leafHash,
      path: path.map((h) => placeOf(toHex(h))),
    });
  }
  return {
    status: failures.length === 0 ? 'verified' : 'failed',
    treeSize: head.treeSize,
    checked: events.length,
    failures,
    treeHead: {
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
      algorithm: head.algorithm,
      keyId: head.keyId,
      signature: head.signature,
      publicKeyPem: publicKey.publicKeyPem,
    },
    nodes,
    proofs,
  };
}
