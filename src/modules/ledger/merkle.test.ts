import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CT_LEAF_INPUTS, CT_ROOTS, testLeaves } from './ct-test-vectors.js';
import { MemoryNodeStore } from './memory-tree.js';
import {
  EMPTY_TREE_HASH,
  hashChildren,
  hashFromHex,
  hashLeaf,
  isPowerOfTwo,
  merkleTreeHash,
  splitPoint,
  toHex,
} from './merkle.js';
import { MerkleAccumulator } from './merkle-accumulator.js';
import {
  ALL_NODES_POLICY,
  COMPACT_NODE_POLICY,
  DEFAULT_NODE_POLICY,
  frontierRefs,
  LEAVES_ONLY_POLICY,
  nodeKey,
  planNodeReads,
  rangeHash,
  readerFromLeaves,
  readerFromMap,
} from './tree-nodes.js';

describe('RFC 9162 §2.1.1 hashing', () => {
  it('the empty tree hashes to SHA-256 of the empty string', () => {
    expect(toHex(EMPTY_TREE_HASH)).toBe(CT_ROOTS[0]);
    expect(toHex(merkleTreeHash([]))).toBe(CT_ROOTS[0]);
    expect(toHex(new MerkleAccumulator().root())).toBe(CT_ROOTS[0]);
  });

  it('a leaf is SHA-256(0x00 ‖ data) and a node SHA-256(0x01 ‖ left ‖ right)', () => {
    const sha = (...parts: Uint8Array[]) => {
      const h = createHash('sha256');
      for (const p of parts) h.update(p);
      return h.digest('hex');
    };
    const d = Buffer.from('zhuisu');
    expect(toHex(hashLeaf(d))).toBe(sha(Buffer.from([0]), d));
    const l = hashLeaf(Buffer.from('l'));
    const r = hashLeaf(Buffer.from('r'));
    expect(toHex(hashChildren(l, r))).toBe(sha(Buffer.from([1]), l, r));
    expect(toHex(hashChildren(l, r))).not.toBe(toHex(hashChildren(r, l)));
  });

  it('matches the Certificate Transparency reference root for every prefix of the 8 test leaves', () => {
    const leaves = CT_LEAF_INPUTS.map(hashLeaf);
    for (let n = 0; n <= 8; n++) {
      expect(toHex(merkleTreeHash(leaves.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n]);
    }
  });

  it('splits at the largest power of two strictly smaller than n, not at the midpoint', () => {
    const want: Record<number, number> = { 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 8: 4, 9: 8, 1000: 512 };
    for (const [n, k] of Object.entries(want)) expect(splitPoint(Number(n))).toBe(k);
    expect(splitPoint(2 ** 40)).toBe(2 ** 39);
    expect(splitPoint(2 ** 52 + 1)).toBe(2 ** 52);
    expect(() => splitPoint(1)).toThrow(RangeError);
    expect(isPowerOfTwo(2 ** 52)).toBe(true);
    expect(isPowerOfTwo(2 ** 52 + 2)).toBe(false);
    expect(isPowerOfTwo(0)).toBe(false);
  });

  it('hex round-trips only for 64 lower-case hex characters', () => {
    expect(toHex(hashFromHex(CT_ROOTS[1]!)!)).toBe(CT_ROOTS[1]);
    expect(hashFromHex(CT_ROOTS[1]!.toUpperCase())).toBeNull();
    expect(hashFromHex(CT_ROOTS[1]!.slice(2))).toBeNull();
    expect(hashFromHex(`${CT_ROOTS[1]!.slice(1)}g`)).toBeNull();
  });
});

describe('MerkleAccumulator', () => {
  it('has the root of RFC 9162 MTH after every append, for every size up to 300', () => {
    const leaves = testLeaves(300);
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= leaves.length; n++) {
      acc.append(leaves[n - 1]!);
      expect(toHex(acc.root()), `size ${n}`).toBe(toHex(merkleTreeHash(leaves, 0, n)));
    }
  });

  it('reports each complete subtree it closes, with the hash of those leaves', () => {
    const leaves = testLeaves(64);
    const acc = new MerkleAccumulator();
    const closed = leaves.flatMap((h) => acc.append(h));
    // A tree of 64 leaves has 127 complete subtrees; each must be reported exactly once and be correct.
    expect(closed).toHaveLength(127);
    for (const node of closed) {
      const w = 2 ** node.level;
      expect(toHex(node.hash)).toBe(toHex(merkleTreeHash(leaves, node.index * w, (node.index + 1) * w)));
    }
  });

  it('resumes from a persisted frontier, or from stored nodes, with the same roots', () => {
    const leaves = testLeaves(200);
    const acc = new MerkleAccumulator();
    leaves.slice(0, 77).forEach((h) => {
      acc.append(h);
    });
    const frontier = acc.frontier();
    expect(frontier.hashes).toHaveLength(frontierRefs(77).length);
    const resumed = new MerkleAccumulator(frontier);
    const store = MemoryNodeStore.fromLeaves(leaves.slice(0, 77), DEFAULT_NODE_POLICY);
    const rebuilt = MerkleAccumulator.fromReader(77, store.reader, DEFAULT_NODE_POLICY);
    for (const h of leaves.slice(77)) {
      acc.append(h);
      resumed.append(h);
      rebuilt.append(h);
    }
    expect(toHex(resumed.root())).toBe(toHex(merkleTreeHash(leaves)));
    expect(toHex(rebuilt.root())).toBe(toHex(merkleTreeHash(leaves)));
  });

  it('refuses a frontier with the wrong number of hashes and a leaf that is not 32 bytes', () => {
    const [a, b] = testLeaves(2);
    expect(() => new MerkleAccumulator({ size: 3, hashes: [a!] })).toThrow(/2 hashes/);
    expect(() => new MerkleAccumulator({ size: 2, hashes: [a!, b!] })).toThrow(/1 hashes/);
    expect(() => new MerkleAccumulator().append(new Uint8Array(31))).toThrow(/32-byte/);
  });

  it('property: appending in two runs with a persisted frontier equals one run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), (m, extra) => {
        const leaves = testLeaves(m + extra);
        const first = new MerkleAccumulator();
        leaves.slice(0, m).forEach((h) => {
          first.append(h);
        });
        const second = new MerkleAccumulator(first.frontier());
        leaves.slice(m).forEach((h) => {
          second.append(h);
        });
        return toHex(second.root()) === toHex(merkleTreeHash(leaves));
      }),
      { numRuns: 60 },
    );
  });
});

describe('stored nodes and range hashing', () => {
  const leaves = testLeaves(300);

  it('hashes any node of the tree the same under every storage policy', () => {
    const policies = [ALL_NODES_POLICY, DEFAULT_NODE_POLICY, { stride: 3 }, { stride: 8 }];
    const stores = policies.map((p) => MemoryNodeStore.fromLeaves(leaves, p));
    for (const [a, b] of [
      [0, 300],
      [0, 1],
      [256, 300],
      [288, 300],
      [64, 128],
      [296, 299],
      [0, 256],
    ] as const) {
      const want = toHex(merkleTreeHash(leaves, a, b));
      expect(toHex(rangeHash(a, b, readerFromLeaves(leaves), LEAVES_ONLY_POLICY))).toBe(want);
      stores.forEach((s, i) => {
        expect(toHex(rangeHash(a, b, s.reader, policies[i]!)), `[${a},${b}) stride ${i}`).toBe(want);
      });
    }
  });

  it('stores about n/15 interior nodes with the compact policy and n − 1 with all nodes', () => {
    expect(MemoryNodeStore.fromLeaves(testLeaves(4096), COMPACT_NODE_POLICY).interiorNodeCount).toBe(
      256 + 16 + 1,
    );
    expect(MemoryNodeStore.fromLeaves(leaves, ALL_NODES_POLICY).interiorNodeCount).toBe(300 - 4);
  });

  it('plans exactly the reads a proof needs, so a repository can fetch them in one query', () => {
    const store = MemoryNodeStore.fromLeaves(leaves, COMPACT_NODE_POLICY);
    const ranges = [
      [0, 256],
      [256, 300],
    ] as const;
    const refs = planNodeReads(ranges, COMPACT_NODE_POLICY);
    const fetched = new Map(refs.map((r) => [nodeKey(r.level, r.index), store.reader(r.level, r.index)]));
    const reader = readerFromMap(fetched);
    expect(toHex(rangeHash(0, 256, reader, COMPACT_NODE_POLICY))).toBe(toHex(merkleTreeHash(leaves, 0, 256)));
    expect(toHex(rangeHash(256, 300, reader, COMPACT_NODE_POLICY))).toBe(
      toHex(merkleTreeHash(leaves, 256, 300)),
    );
    // [0,256) is one stored level-8 node; [256,300) = 32 (level 4 ×2) + 8 (level 0 ×8) + 4 (×4).
    expect(refs).toHaveLength(1 + 2 + 8 + 4);
    expect(() => readerFromMap(new Map())(4, 0)).toThrow(/level 4, index 0/);
  });

  it('refuses ranges that are not nodes of the tree', () => {
    const read = readerFromLeaves(leaves);
    expect(() => rangeHash(1, 3, read, LEAVES_ONLY_POLICY)).toThrow(/not a node/);
    expect(() => rangeHash(5, 5, read, LEAVES_ONLY_POLICY)).toThrow(/not a tree range/);
    expect(() => rangeHash(0, 4, read, { stride: 0 })).toThrow(/stride/);
  });
});

describe('RangeHashCache', () => {
  it('gives the same proofs with and without a cache, and then needs fewer reads', async () => {
    const { inclusionProof, inclusionProofRanges } = await import('./proof.js');
    const { RangeHashCache } = await import('./tree-nodes.js');
    const leaves = testLeaves(1000);
    const store = MemoryNodeStore.fromLeaves(leaves, COMPACT_NODE_POLICY);
    const cache = new RangeHashCache();
    for (let i = 0; i < 1000; i += 37) {
      const plain = inclusionProof(i, 1000, store.reader, COMPACT_NODE_POLICY).map(toHex);
      expect(inclusionProof(i, 1000, store.reader, COMPACT_NODE_POLICY, cache).map(toHex)).toEqual(plain);
      expect(inclusionProof(i, 1000, store.reader, COMPACT_NODE_POLICY, cache).map(toHex)).toEqual(plain);
    }
    expect(cache.size).toBeGreaterThan(0);
    const ranges = inclusionProofRanges(5, 1000);
    expect(planNodeReads(ranges, COMPACT_NODE_POLICY, cache).length).toBeLessThan(
      planNodeReads(ranges, COMPACT_NODE_POLICY).length,
    );
    // Entries stay valid as the log grows: a proof at a larger size agrees with the uncached one.
    const grown = MemoryNodeStore.fromLeaves(testLeaves(1500), COMPACT_NODE_POLICY);
    expect(inclusionProof(5, 1500, grown.reader, COMPACT_NODE_POLICY, cache).map(toHex)).toEqual(
      inclusionProof(5, 1500, grown.reader, COMPACT_NODE_POLICY).map(toHex),
    );
  });

  it('empties itself instead of growing past its bound', async () => {
    const { RangeHashCache } = await import('./tree-nodes.js');
    const cache = new RangeHashCache(2);
    const [h] = testLeaves(1);
    cache.set(0, 3, h!);
    cache.set(4, 7, h!);
    cache.set(8, 11, h!);
    expect(cache.size).toBe(1);
    expect(cache.get(8, 11)).toBe(h);
    expect(cache.get(0, 3)).toBeUndefined();
  });
});
