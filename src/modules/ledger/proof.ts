/**
 * Generating Merkle inclusion proofs (RFC 9162 §2.1.3.1) and consistency proofs (RFC 9162 §2.1.4.1).
 *
 * A proof is computed in two steps so that storage stays out of it: first the list of tree ranges whose
 * hashes form the proof (pure arithmetic on sizes), then the hash of each range from stored nodes
 * (tree-nodes.ts). A repository calls `planNodeReads(inclusionProofRanges(…), policy)`, fetches those
 * nodes in one query, and hands a `readerFromMap` to `inclusionProof`.
 */
import { type Hash, splitPoint, toHex } from './merkle.js';
import { type NodeReader, type NodeStoragePolicy, type RangeHashCache, rangeHash } from './tree-nodes.js';

/** A half-open leaf range [start, end) whose MTH is one element of a proof. */
export type TreeRange = readonly [start: number, end: number];

/** An inclusion proof as sent to clients (the fields of RFC 9162 §4.12 InclusionProofDataV2). */
export interface InclusionProof {
  /** 0-based position of the leaf in capture order. */
  readonly leafIndex: number;
  /** Size of the tree the proof is against (a signed tree head's `treeSize`). */
  readonly treeSize: number;
  /** Sibling hashes from the leaf upwards, lower-case hex. */
  readonly inclusionPath: readonly string[];
}

/** A consistency proof as sent to clients (the fields of RFC 9162 §4.13 ConsistencyProofDataV2). */
export interface ConsistencyProof {
  readonly firstTreeSize: number;
  readonly secondTreeSize: number;
  /** Node hashes, lower-case hex, in the order of RFC 9162 §2.1.4.1. */
  readonly consistencyPath: readonly string[];
}

function assertSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

/**
 * The ranges of PATH(m, D[n]) of RFC 9162 §2.1.3.1, in proof order (the leaf's sibling first):
 * PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, and PATH(m − k, D[k:n]) : MTH(D[0:k]) for m ≥ k.
 */
export function inclusionProofRanges(leafIndex: number, treeSize: number): TreeRange[] {
  assertSize(treeSize, 'tree size');
  assertSize(leafIndex, 'leaf index');
  if (leafIndex >= treeSize) {
    throw new RangeError(`leaf index ${leafIndex} is not in a tree of ${treeSize} leaves`);
  }
  const topDown: TreeRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      topDown.push([start + k, end]);
      end = start + k;
    } else {
      topDown.push([start, start + k]);
      start += k;
    }
  }
  return topDown.reverse();
}

/**
 * The ranges of PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, in proof order.
 * NOTE: the RFC defines the proof for 0 < m < n only; for m = 0 and m = n the proof is empty (there is
 * nothing to prove), which `verifyConsistency` handles the same way.
 */
export function consistencyProofRanges(firstSize: number, secondSize: number): TreeRange[] {
  assertSize(firstSize, 'first tree size');
  assertSize(secondSize, 'second tree size');
  if (firstSize > secondSize) {
    throw new RangeError(`first tree size ${firstSize} is larger than second tree size ${secondSize}`);
  }
  if (firstSize === 0 || firstSize === secondSize) return [];
  const topDown: TreeRange[] = [];
  let start = 0;
  let n = secondSize; // size of the subtree D[start : start+n] being walked
  let m = firstSize; // how many of its leaves belonged to the first tree
  let b = true; // SUBPROOF's flag: still on the first tree's left edge, whose root the verifier knows
  for (;;) {
    if (m === n) {
      // SUBPROOF(m, D[m], true) = {} ; SUBPROOF(m, D[m], false) = {MTH(D[m])}
      if (!b) topDown.push([start, start + n]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      topDown.push([start + k, start + n]);
      n = k;
    } else {
      // SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k])
      topDown.push([start, start + k]);
      start += k;
      n -= k;
      m -= k;
      b = false;
    }
  }
  return topDown.reverse();
}

/**
 * Inclusion proof hashes for leaf `leafIndex` in the tree of `treeSize` leaves (RFC 9162 §2.1.3.1).
 * Pass one long-lived `cache` per log: the right-edge hashes are then computed once per tree size.
 */
export function inclusionProof(
  leafIndex: number,
  treeSize: number,
  read: NodeReader,
  policy: NodeStoragePolicy,
  cache?: RangeHashCache,
): Hash[] {
  return inclusionProofRanges(leafIndex, treeSize).map(([a, b]) => rangeHash(a, b, read, policy, cache));
}

/** Consistency proof hashes between tree sizes `firstSize` ≤ `secondSize` (RFC 9162 §2.1.4.1). */
export function consistencyProof(
  firstSize: number,
  secondSize: number,
  read: NodeReader,
  policy: NodeStoragePolicy,
  cache?: RangeHashCache,
): Hash[] {
  return consistencyProofRanges(firstSize, secondSize).map(([a, b]) => rangeHash(a, b, read, policy, cache));
}

/** The JSON form of an inclusion proof. */
export function toInclusionProof(leafIndex: number, treeSize: number, path: readonly Hash[]): InclusionProof {
  return { leafIndex, treeSize, inclusionPath: path.map(toHex) };
}

/** The JSON form of a consistency proof. */
export function toConsistencyProof(
  firstTreeSize: number,
  secondTreeSize: number,
  path: readonly Hash[],
): ConsistencyProof {
  return { firstTreeSize, secondTreeSize, consistencyPath: path.map(toHex) };
}
