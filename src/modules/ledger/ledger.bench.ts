/**
 * Proof generation speed at scale, for `npm run bench` (bench/ imports `measureProofRate`).
 *
 * It builds an in-memory store that keeps exactly the nodes the chosen storage policy would make the
 * repository keep (tree-nodes.ts), then times inclusion and consistency proofs at random positions. The
 * figures isolate the hashing and planning cost of a policy; a database adds its read latency for the
 * planned nodes (`readsPerInclusionProof` of them, in at most one range query per band of levels).
 */

import { MemoryNodeStore } from './memory-tree.js';
import { hashLeaf } from './merkle.js';
import { consistencyProof, inclusionProof, inclusionProofRanges } from './proof.js';
import {
  DEFAULT_NODE_POLICY,
  isStoredLevel,
  type NodeReader,
  type NodeStoragePolicy,
  planNodeReads,
  RangeHashCache,
} from './tree-nodes.js';
import { verifyInclusion } from './verify.js';

/** What `measureProofRate` reports. */
export interface ProofRate {
  readonly leafCount: number;
  readonly stride: number;
  /** Interior nodes the policy stores (rows beyond the leaves). */
  readonly storedInteriorNodes: number;
  /** Time to hash the leaves and build the store, milliseconds (0 when a store was passed in). */
  readonly buildMs: number;
  readonly inclusionProofsPerSecond: number;
  readonly consistencyProofsPerSecond: number;
  /** Mean stored nodes one inclusion proof reads. */
  readonly readsPerInclusionProof: number;
  /** Whether a RangeHashCache was used. */
  readonly cached: boolean;
}

/** Options for `measureProofRate`. */
export interface ProofRateOptions {
  readonly leafCount?: number;
  readonly policy?: NodeStoragePolicy;
  /** Minimum proofs of each kind to time (more if they finish in under `minMs`). */
  readonly proofs?: number;
  readonly minMs?: number;
  /**
   * Reuse a store built earlier: it must hold `leafCount` leaves and keep every level `policy` reads
   * (a store built with stride 1 serves every policy, so one build can time them all).
   */
  readonly store?: MemoryNodeStore;
  /** Use a RangeHashCache as the service would (default true). */
  readonly cache?: boolean;
}

/** Builds the benchmark store: leaf i is the leaf hash of the 8-byte big-endian number i. */
export function buildBenchStore(
  leafCount: number,
  policy: NodeStoragePolicy = DEFAULT_NODE_POLICY,
): MemoryNodeStore {
  const store = new MemoryNodeStore(policy);
  const data = Buffer.alloc(8);
  for (let i = 0; i < leafCount; i++) {
    data.writeBigUInt64BE(BigInt(i));
    store.append(hashLeaf(data));
  }
  return store;
}

/** Complete subtrees above the leaves that `policy` keeps for a tree of `leafCount` leaves. */
export function interiorNodes(leafCount: number, policy: NodeStoragePolicy): number {
  let n = 0;
  for (let level = 1, width = 2; width <= leafCount; level++, width *= 2) {
    if (isStoredLevel(level, policy)) n += Math.floor(leafCount / width);
  }
  return n;
}

/** A deterministic pseudo-random index stream (so runs are comparable). */
function lcg(seed: number): (bound: number) => number {
  let x = seed >>> 0;
  return (bound) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % bound;
  };
}

function rate(minProofs: number, minMs: number, one: () => void): number {
  const start = performance.now();
  let n = 0;
  while (n < minProofs || performance.now() - start < minMs) {
    one();
    n += 1;
  }
  return n / ((performance.now() - start) / 1000);
}

/** Measures inclusion and consistency proofs per second at `leafCount` leaves (default 1 000 000). */
export function measureProofRate(options: ProofRateOptions = {}): ProofRate {
  const leafCount = options.leafCount ?? 1_000_000;
  const policy = options.policy ?? options.store?.policy ?? DEFAULT_NODE_POLICY;
  const t0 = performance.now();
  const store = options.store ?? buildBenchStore(leafCount, policy);
  const buildMs = performance.now() - t0;
  if (store.size !== leafCount) throw new RangeError(`store holds ${store.size} leaves, not ${leafCount}`);
  if (Number.isFinite(policy.stride) && policy.stride % store.policy.stride !== 0) {
    throw new RangeError(
      `a store of stride ${store.policy.stride} lacks levels that stride ${policy.stride} reads`,
    );
  }
  const proofs = options.proofs ?? 2000;
  const minMs = options.minMs ?? 500;
  const read: NodeReader = store.reader;
  const root = store.root();
  const cache = options.cache === false ? undefined : new RangeHashCache();

  // Sanity: a benchmark of wrong proofs measures nothing.
  const probe = Math.floor(leafCount / 3);
  if (
    !verifyInclusion(
      probe,
      leafCount,
      store.leaf(probe),
      inclusionProof(probe, leafCount, read, policy),
      root,
    )
  ) {
    throw new Error('benchmark inclusion proof does not verify');
  }

  const next = lcg(42);
  const inclusionProofsPerSecond = rate(proofs, minMs, () => {
    inclusionProof(next(leafCount), leafCount, read, policy, cache);
  });
  const consistencyProofsPerSecond = rate(proofs, minMs, () => {
    consistencyProof(1 + next(leafCount - 1), leafCount, read, policy, cache);
  });
  let reads = 0;
  const sample = 200;
  for (let i = 0; i < sample; i++) {
    reads += planNodeReads(inclusionProofRanges(next(leafCount), leafCount), policy, cache).length;
  }
  return {
    leafCount,
    stride: policy.stride,
    storedInteriorNodes: interiorNodes(leafCount, policy),
    buildMs: Math.round(buildMs),
    inclusionProofsPerSecond: Math.round(inclusionProofsPerSecond),
    consistencyProofsPerSecond: Math.round(consistencyProofsPerSecond),
    readsPerInclusionProof: Math.round((reads / sample) * 10) / 10,
    cached: cache !== undefined,
  };
}
