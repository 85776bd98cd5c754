/**
 * The integrity line of a story (issue 8): every event the page shows is checked against the signed log. Each
 * stored document is hashed again (CBV 2.0 §8.9 event hash, then the RFC 9162 §2.1.1 leaf hash), compared with its
 * recorded leaf, and proved included (RFC 9162 §2.1.3.2) in the current head, whose signature is verified with the
 * stored public key. An event edited in the database after capture therefore shows as `failed`.
 */
import type { Database } from '../../db/index.js';
import {
  currentHead,
  type HeadWithKey,
  hashesEqual,
  hashFromHex,
  inclusionPathOf,
  loadVerifier,
  recomputeLeaf,
  verifyInclusion,
  verifyTreeHead,
} from '../ledger/index.js';
import { ledgerLeavesOf } from './story.repository.js';
import type { IntegrityFailure, StoryIntegrity } from './story.types.js';

/** An event as the story holds it: its row id and its stored (decoded) document. */
export interface IntegrityEvent {
  pk: number;
  doc: unknown;
}

/**
 * Checks the shown events (in timeline order) against the signed log. `unavailable` when the log has no head yet
 * or there is nothing to check; `failed` when the head's signature or any event does not verify.
 */
export async function checkIntegrity(
  database: Database,
  events: readonly IntegrityEvent[],
): Promise<StoryIntegrity> {
  if (events.length === 0) return { status: 'unavailable', treeSize: null, checked: 0, failures: [] };
  let signed: HeadWithKey;
  try {
    signed = await currentHead(database);
  } catch (e) {
    // No head yet (a store before its first capture): nothing can be proved, which is not a tampering sign.
    if ((e as { code?: string }).code === 'LEDGER_HEAD_NOT_FOUND')
      return { status: 'unavailable', treeSize: null, checked: 0, failures: [] };
    throw e;
  }
  const { head, publicKey } = signed;
  const failures: IntegrityFailure[] = [];
  const root = hashFromHex(head.rootHash);
  try {
    const verifier = loadVerifier(publicKey.publicKeyPem);
    // A key row whose id is not the hash of its own key vouches for nothing it signs.
    if (verifier.keyId !== publicKey.keyId) throw new Error('key id mismatch');
    verifyTreeHead(head, verifier);
  } catch {
    failures.push({ step: null, reason: 'bad-signature' });
  }
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
    const recomputed = recomputeLeaf(e.doc);
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
    const path = await inclusionPathOf(database, leaf.leafIndex, head.treeSize);
    if (root === null || !verifyInclusion(leaf.leafIndex, head.treeSize, recomputed, path, root))
      failures.push({ step, reason: 'bad-proof' });
  }
  return {
    status: failures.length === 0 ? 'verified' : 'failed',
    treeSize: head.treeSize,
    checked: events.length,
    failures,
  };
}
