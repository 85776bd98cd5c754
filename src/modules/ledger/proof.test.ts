import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CT_LEAF_INPUTS, CT_ROOTS, testLeaves } from './ct-test-vectors.js';
import { MemoryNodeStore } from './memory-tree.js';
import { type Hash, hashLeaf, merkleTreeHash, splitPoint, toHex } from './merkle.js';
import {
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  toConsistencyProof,
  toInclusionProof,
} from './proof.js';
import {
  COMPACT_NODE_POLICY,
  DEFAULT_NODE_POLICY,
  LEAVES_ONLY_POLICY,
  planNodeReads,
  readerFromLeaves,
} from './tree-nodes.js';
import {
  verifyConsistency,
  verifyConsistencyProof,
  verifyInclusion,
  verifyInclusionProof,
} from './verify.js';

// Literal transcriptions of RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF, the oracle for the
// range-based generators the service uses.
function rfcPath(m: number, d: readonly Hash[]): Hash[] {
  const n = d.length;
  if (n === 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...rfcPath(m, d.slice(0, k)), merkleTreeHash(d.slice(k))];
  return [...rfcPath(m - k, d.slice(k)), merkleTreeHash(d.slice(0, k))];
}
function rfcSubproof(m: number, d: readonly Hash[], b: boolean): Hash[] {
  const n = d.length;
  if (m === n) return b ? [] : [merkleTreeHash(d)];
  const k = splitPoint(n);
  if (m <= k) return [...rfcSubproof(m, d.slice(0, k), b), merkleTreeHash(d.slice(k))];
  return [...rfcSubproof(m - k, d.slice(k), false), merkleTreeHash(d.slice(0, k))];
}

const hex = (hs: readonly Hash[]) => hs.map(toHex);
const flip = (h: Hash, byte = 0): Hash => {
  const c = Uint8Array.from(h);
  c[byte] = (c[byte] ?? 0) ^ 0x01;
  return c;
};

const LEAVES = testLeaves(70);
const ROOTS = Array.from({ length: 71 }, (_, n) => merkleTreeHash(LEAVES, 0, n));
const STORE = MemoryNodeStore.fromLeaves(LEAVES, DEFAULT_NODE_POLICY);
const COMPACT = MemoryNodeStore.fromLeaves(LEAVES, COMPACT_NODE_POLICY);

describe('Certificate Transparency reference proofs', () => {
  const leaves = CT_LEAF_INPUTS.map(hashLeaf);
  const read = readerFromLeaves(leaves);
  const proof = (m: number, n: number) => hex(inclusionProof(m, n, read, LEAVES_ONLY_POLICY));
  const cons = (m: number, n: number) => hex(consistencyProof(m, n, read, LEAVES_ONLY_POLICY));

  it('gives the published inclusion proofs for leaves 0 and 5 of the 8-leaf tree', () => {
    expect(proof(0, 8)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(proof(5, 8)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(proof(0, 1)).toEqual([]);
  });

  it('gives the published consistency proofs 2→8 and 6→8', () => {
    expect(cons(2, 8)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(cons(6, 8)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    const root = (n: number) => Buffer.from(CT_ROOTS[n]!, 'hex');
    expect(verifyConsistency(6, 8, root(6), root(8), consistencyProof(6, 8, read, LEAVES_ONLY_POLICY))).toBe(
      true,
    );
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('for every leaf of every tree of 1 to 70 leaves: equals the RFC definition and verifies', () => {
    for (let n = 1; n <= 70; n++) {
      for (let m = 0; m < n; m++) {
        const path = inclusionProof(m, n, STORE.reader, DEFAULT_NODE_POLICY);
        expect(hex(path)).toEqual(hex(rfcPath(m, LEAVES.slice(0, n))));
        expect(hex(inclusionProof(m, n, COMPACT.reader, COMPACT_NODE_POLICY))).toEqual(hex(path));
        expect(verifyInclusion(m, n, LEAVES[m]!, path, ROOTS[n]!), `${m} in ${n}`).toBe(true);
      }
    }
  });

  // NOTE: a wrong tree size alone can still verify for some shapes — a root does not commit to its size;
  // the signed tree head does (tree-head.ts), which is why proofs are checked against signed heads.
  // Tampering is checked on every leaf of the sizes where the tree's shape changes (up to 40, and around
  // 64), which keeps the suite fast on a shared machine without losing a shape.
  const TAMPER_SIZES = [...Array.from({ length: 40 }, (_, i) => i + 1), 63, 64, 65, 70];

  it('fails for a wrong leaf, index, root, or a flipped, dropped, added or swapped path element', () => {
    let checked = 0;
    for (const n of TAMPER_SIZES) {
      for (let m = 0; m < n; m++) {
        const path = inclusionProof(m, n, STORE.reader, DEFAULT_NODE_POLICY);
        const ok = (leaf: Hash, i: number, size: number, p: Hash[], root: Hash) =>
          verifyInclusion(i, size, leaf, p, root);
        expect(ok(flip(LEAVES[m]!), m, n, path, ROOTS[n]!)).toBe(false);
        expect(ok(LEAVES[m]!, m, n, path, flip(ROOTS[n]!, 31))).toBe(false);
        expect(ok(LEAVES[m]!, m, n, [...path, LEAVES[0]!], ROOTS[n]!)).toBe(false);
        expect(ok(LEAVES[m]!, n, n, path, ROOTS[n]!)).toBe(false);
        if (n > 1) {
          expect(ok(LEAVES[m]!, m === 0 ? 1 : m - 1, n, path, ROOTS[n]!)).toBe(false);
          expect(ok(LEAVES[m]!, m, n, path.slice(1), ROOTS[n]!)).toBe(false);
          path.forEach((_, i) => {
            const bad = path.map((h, j) => (j === i ? flip(h, 7) : h));
            expect(ok(LEAVES[m]!, m, n, bad, ROOTS[n]!)).toBe(false);
          });
        }
        if (path.length >= 2) {
          expect(ok(LEAVES[m]!, m, n, [path[1]!, path[0]!, ...path.slice(2)], ROOTS[n]!)).toBe(false);
        }
        checked += 1;
      }
    }
    expect(checked).toBe((40 * 41) / 2 + 63 + 64 + 65 + 70);
  });

  it('refuses malformed input without throwing', () => {
    const path = inclusionProof(3, 10, STORE.reader, DEFAULT_NODE_POLICY);
    expect(verifyInclusion(3, 10, LEAVES[3]!, [...path.slice(0, -1), new Uint8Array(31)], ROOTS[10]!)).toBe(
      false,
    );
    expect(verifyInclusion(-1, 10, LEAVES[3]!, path, ROOTS[10]!)).toBe(false);
    expect(verifyInclusion(3.5, 10, LEAVES[3]!, path, ROOTS[10]!)).toBe(false);
    expect(verifyInclusion(3, 10, LEAVES[3]!, 'nope' as unknown as Hash[], ROOTS[10]!)).toBe(false);
    const json = toInclusionProof(3, 10, path);
    expect(verifyInclusionProof(json, LEAVES[3]!, ROOTS[10]!)).toBe(true);
    expect(
      verifyInclusionProof(
        { ...json, inclusionPath: [...json.inclusionPath.slice(1), 'zz'] },
        LEAVES[3]!,
        ROOTS[10]!,
      ),
    ).toBe(false);
  });

  it('refuses to generate a proof for a leaf outside the tree', () => {
    expect(() => inclusionProofRanges(5, 5)).toThrow(/not in a tree of 5/);
    expect(() => inclusionProofRanges(0, 0)).toThrow(RangeError);
    expect(() => inclusionProofRanges(-1, 4)).toThrow(RangeError);
  });

  it('property: proofs at arbitrary sizes and indexes verify, and tampering any byte breaks them', () => {
    const leaves = testLeaves(1000);
    const store = MemoryNodeStore.fromLeaves(leaves, { stride: 3 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(1000))),
        ([n, m, noise]) => {
          const path = inclusionProof(m, n, store.reader, store.policy);
          const root = merkleTreeHash(leaves, 0, n);
          if (!verifyInclusion(m, n, leaves[m]!, path, root)) return false;
          if (path.length === 0) return true;
          const i = noise % path.length;
          const bad = path.map((h, j) => (j === i ? flip(h, noise % 32) : h));
          return !verifyInclusion(m, n, leaves[m]!, bad, root);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it('between every pair of sizes 1..70: equals the RFC definition and verifies', () => {
    for (let n = 1; n <= 70; n++) {
      for (let m = 1; m <= n; m++) {
        const path = consistencyProof(m, n, COMPACT.reader, COMPACT_NODE_POLICY);
        const want = m === n ? [] : rfcSubproof(m, LEAVES.slice(0, n), true);
        expect(hex(path), `${m}→${n}`).toEqual(hex(want));
        expect(verifyConsistency(m, n, ROOTS[m]!, ROOTS[n]!, path), `${m}→${n}`).toBe(true);
      }
    }
  });

  it('fails for swapped roots, swapped sizes, or a flipped, dropped or added path element', () => {
    for (const n of [...Array.from({ length: 39 }, (_, i) => i + 2), 63, 64, 65, 70]) {
      for (let m = 1; m < n; m++) {
        const path = consistencyProof(m, n, STORE.reader, DEFAULT_NODE_POLICY);
        const v = (a: number, b: number, ra: Hash, rb: Hash, p: Hash[]) => verifyConsistency(a, b, ra, rb, p);
        expect(v(m, n, ROOTS[n]!, ROOTS[m]!, path)).toBe(false);
        expect(v(m, n, flip(ROOTS[m]!), ROOTS[n]!, path)).toBe(false);
        expect(v(m, n, ROOTS[m]!, flip(ROOTS[n]!), path)).toBe(false);
        expect(v(n, m, ROOTS[n]!, ROOTS[m]!, path)).toBe(false);
        expect(v(m, n, ROOTS[m]!, ROOTS[n]!, path.slice(0, -1))).toBe(false);
        expect(v(m, n, ROOTS[m]!, ROOTS[n]!, [...path, LEAVES[0]!])).toBe(false);
        path.forEach((_, i) => {
          expect(
            v(
              m,
              n,
              ROOTS[m]!,
              ROOTS[n]!,
              path.map((h, j) => (j === i ? flip(h) : h)),
            ),
          ).toBe(false);
        });
      }
    }
  });

  it('treats the empty and the identical tree as trivially consistent, with an empty proof only', () => {
    expect(consistencyProofRanges(0, 9)).toEqual([]);
    expect(verifyConsistency(0, 9, ROOTS[0]!, ROOTS[9]!, [])).toBe(true);
    expect(verifyConsistency(0, 9, ROOTS[1]!, ROOTS[9]!, [])).toBe(false);
    expect(verifyConsistency(9, 9, ROOTS[9]!, ROOTS[9]!, [])).toBe(true);
    expect(verifyConsistency(9, 9, ROOTS[9]!, ROOTS[10]!, [])).toBe(false);
    expect(verifyConsistency(9, 9, ROOTS[9]!, ROOTS[9]!, [LEAVES[0]!])).toBe(false);
    expect(verifyConsistency(4, 9, ROOTS[4]!, ROOTS[9]!, [])).toBe(false);
    expect(() => consistencyProofRanges(5, 3)).toThrow(/larger/);
    const json = toConsistencyProof(5, 9, consistencyProof(5, 9, STORE.reader, DEFAULT_NODE_POLICY));
    expect(verifyConsistencyProof(json, ROOTS[5]!, ROOTS[9]!)).toBe(true);
    expect(verifyConsistencyProof({ ...json, consistencyPath: ['00'] }, ROOTS[5]!, ROOTS[9]!)).toBe(false);
  });

  it('property: a proof between heads of a log with a changed leaf never verifies', () => {
    const leaves = testLeaves(400);
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 400 })
          .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n))),
        fc.nat(),
        ([m, n], pick) => {
          // The log forks: leaf `t` < m is rewritten after head m was signed; the forger builds head n.
          const t = pick % m;
          const forged = leaves.slice(0, n);
          forged[t] = flip(forged[t]!);
          const proof = consistencyProof(m, n, readerFromLeaves(forged), LEAVES_ONLY_POLICY);
          return !verifyConsistency(m, n, merkleTreeHash(leaves, 0, m), merkleTreeHash(forged), proof);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('plans few reads: a proof at 10^6 leaves needs a few dozen stored nodes', () => {
    const all = planNodeReads(inclusionProofRanges(123_457, 1_000_000), DEFAULT_NODE_POLICY);
    // One sibling per level (20) plus the right edge's complete subtrees (one per set bit of 10^6).
    expect(all.length).toBeLessThanOrEqual(20 + 7);
    const refs = planNodeReads(inclusionProofRanges(123_457, 1_000_000), COMPACT_NODE_POLICY);
    // 5 bands of 4 levels × at most 15 siblings each, plus the right edge's leaves.
    expect(refs.length).toBeLessThanOrEqual(95);
    expect(refs.length).toBeGreaterThan(15);
  });
});
