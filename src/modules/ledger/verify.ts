/**
 * Verifying inclusion proofs (RFC 9162 §2.1.3.2) and consistency proofs (RFC 9162 §2.1.4.2), step by step
 * as the RFC writes them. Verifiers never throw on a bad proof: they answer false (a proof from an
 * untrusted server is data, not a bug). `fn`/`sn` are right-shifted with division so sizes past 2^31 work.
 */
import {
  EMPTY_TREE_HASH,
  HASH_SIZE,
  type Hash,
  hashChildren,
  hashesEqual,
  hashFromHex,
  isPowerOfTwo,
} from './merkle.js';
import type { ConsistencyProof, InclusionProof } from './proof.js';

// A tree of 2^53 leaves has depth 53, and a consistency proof has at most about twice that many nodes;
// anything longer is refused before hashing so a hostile proof cannot make us work.
const MAX_PATH = 128;

const isHash = (h: unknown): h is Hash => h instanceof Uint8Array && h.length === HASH_SIZE;
const isSize = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const half = (x: number): number => Math.floor(x / 2);
const lsb = (x: number): boolean => x % 2 === 1;

/**
 * The root implied by an inclusion proof, or null when the proof cannot be right for this index and size
 * (RFC 9162 §2.1.3.2 steps 1–4 and the `sn` check of step 5).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Hash,
  path: readonly Hash[],
): Hash | null {
  if (!isSize(leafIndex) || !isSize(treeSize) || !isHash(leafHash)) return null;
  if (!Array.isArray(path) || path.length > MAX_PATH || !path.every(isHash)) return null;
  // 1. leaf_index must be smaller than tree_size.
  if (leafIndex >= treeSize) return null;
  // 2. Set fn to leaf_index and sn to tree_size − 1.
  let fn = leafIndex;
  let sn = treeSize - 1;
  // 3. Set r to hash.
  let r: Hash = leafHash;
  // 4. For each value p in the inclusion_path array:
  for (const p of path) {
    // a. If sn is 0, stop and fail.
    if (sn === 0) return null;
    // b. If LSB(fn) is set, or if fn is equal to sn:
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      // If LSB(fn) is not set, right-shift fn and sn equally until LSB(fn) is set or fn is 0.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    // c. Right-shift both fn and sn one time.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0 (the path was exactly long enough).
  return sn === 0 ? r : null;
}

/** True when `path` proves that `leafHash` is leaf `leafIndex` of the tree of `treeSize` with `rootHash`. */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Hash,
  path: readonly Hash[],
  rootHash: Hash,
): boolean {
  if (!isHash(rootHash)) return false;
  const r = rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
  return r !== null && hashesEqual(r, rootHash);
}

/**
 * True when `path` proves the tree of `secondSize` leaves with `secondHash` extends the tree of
 * `firstSize` leaves with `firstHash` (RFC 9162 §2.1.4.2).
 * NOTE: the RFC's algorithm covers 0 < first < second. The two cases it leaves out are decided here with
 * an empty proof only: first = second holds when the roots are equal, and first = 0 holds when
 * `firstHash` is the empty-tree hash (every tree extends the empty one).
 */
export function verifyConsistency(
  firstSize: number,
  secondSize: number,
  firstHash: Hash,
  secondHash: Hash,
  path: readonly Hash[],
): boolean {
  if (!isSize(firstSize) || !isSize(secondSize) || !isHash(firstHash) || !isHash(secondHash)) return false;
  if (!Array.isArray(path) || path.length > MAX_PATH || !path.every(isHash)) return false;
  if (firstSize > secondSize) return false;
  if (firstSize === secondSize) return path.length === 0 && hashesEqual(firstHash, secondHash);
  if (firstSize === 0) return path.length === 0 && hashesEqual(firstHash, EMPTY_TREE_HASH);
  // 1. If consistency_path is an empty array, stop and fail.
  if (path.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
  const nodes = isPowerOfTwo(firstSize) ? [firstHash, ...path] : [...path];
  // 3. Set fn to first − 1 and sn to second − 1.
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  // 4. If LSB(fn) is set, right-shift fn and sn equally until LSB(fn) is not set.
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. Set both fr and sr to the first value in the consistency_path array.
  let fr = nodes[0]!;
  let sr = nodes[0]!;
  // 6. For each subsequent value c in the consistency_path array:
  for (let i = 1; i < nodes.length; i++) {
    const c = nodes[i]!;
    // a. If sn is 0, stop and fail.
    if (sn === 0) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn:
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      // If LSB(fn) is not set, right-shift fn and sn equally until either LSB(fn) is set or fn is 0.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    // c. Right-shift both fn and sn one time.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. fr must equal first_hash, sr must equal second_hash, and sn must be 0.
  return sn === 0 && hashesEqual(fr, firstHash) && hashesEqual(sr, secondHash);
}

/** Decodes a hex path from JSON; null when any element is not 64 lower-case hex characters. */
export function decodePath(path: unknown): Hash[] | null {
  if (!Array.isArray(path) || path.length > MAX_PATH) return null;
  const out: Hash[] = [];
  for (const p of path) {
    const h = typeof p === 'string' ? hashFromHex(p) : null;
    if (h === null) return null;
    out.push(h);
  }
  return out;
}

/** Verifies a JSON inclusion proof against a leaf hash and a root hash (both raw bytes). */
export function verifyInclusionProof(proof: InclusionProof, leafHash: Hash, rootHash: Hash): boolean {
  const path = decodePath(proof?.inclusionPath);
  return path !== null && verifyInclusion(proof.leafIndex, proof.treeSize, leafHash, path, rootHash);
}

/** Verifies a JSON consistency proof between two root hashes (raw bytes). */
export function verifyConsistencyProof(proof: ConsistencyProof, firstHash: Hash, secondHash: Hash): boolean {
  const path = decodePath(proof?.consistencyPath);
  return (
    path !== null && verifyConsistency(proof.firstTreeSize, proof.secondTreeSize, firstHash, secondHash, path)
  );
}
