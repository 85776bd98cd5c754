import { describe, expect, it } from 'vitest';
import { testLeaves } from './ct-test-vectors.js';
import {
  consistencyProof,
  DEFAULT_NODE_POLICY,
  generateLedgerKey,
  hashFromHex,
  inclusionProof,
  loadSigner,
  loadVerifier,
  MemoryNodeStore,
  MerkleAccumulator,
  makeTreeHead,
  RangeHashCache,
  signTreeHead,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from './index.js';
import { measureProofRate } from './ledger.bench.js';

describe('the ledger end to end, through its public API', () => {
  const leaves = testLeaves(70);
  const pair = generateLedgerKey('ed25519');
  const signer = loadSigner(pair.privateKeyPem);
  const verifier = loadVerifier(pair.publicKeyPem);
  const store = new MemoryNodeStore(DEFAULT_NODE_POLICY);
  const acc = new MerkleAccumulator();
  // The service's loop: append, then sign a head for the new size.
  const heads = leaves.map((leaf, i) => {
    store.append(leaf);
    acc.append(leaf);
    return signTreeHead(signer, makeTreeHead(i + 1, acc.root(), 1_732_900_000_000 + i));
  });
  const cache = new RangeHashCache();

  it('every leaf of every tree of 1 to 70 leaves has an inclusion proof that verifies against the signed head', () => {
    for (const wire of heads) {
      const head = verifyTreeHead(JSON.parse(JSON.stringify(wire)), verifier);
      const root = hashFromHex(head.rootHash)!;
      for (let m = 0; m < head.treeSize; m++) {
        const path = inclusionProof(m, head.treeSize, store.reader, DEFAULT_NODE_POLICY, cache);
        expect(verifyInclusion(m, head.treeSize, leaves[m]!, path, root), `${m} of ${head.treeSize}`).toBe(
          true,
        );
      }
    }
  });

  it('every pair of signed heads is proven consistent', () => {
    for (const a of heads) {
      for (const b of heads) {
        if (a.treeSize > b.treeSize) continue;
        const path = consistencyProof(a.treeSize, b.treeSize, store.reader, DEFAULT_NODE_POLICY, cache);
        const ok = verifyConsistency(
          a.treeSize,
          b.treeSize,
          hashFromHex(a.rootHash)!,
          hashFromHex(b.rootHash)!,
          path,
        );
        expect(ok, `${a.treeSize}→${b.treeSize}`).toBe(true);
      }
    }
  });

  it('the proof benchmark runs and reports sane figures (small tree, for speed)', () => {
    const r = measureProofRate({ leafCount: 4096, proofs: 50, minMs: 5 });
    expect(r.inclusionProofsPerSecond).toBeGreaterThan(0);
    expect(r.consistencyProofsPerSecond).toBeGreaterThan(0);
    expect(r.storedInteriorNodes).toBe(4095);
    expect(r.readsPerInclusionProof).toBeGreaterThan(0);
  });
});
