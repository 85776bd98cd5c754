/**
 * Addressing the complete subtrees of the log's Merkle tree, and computing the hash of any node of the
 * tree from the few complete subtrees a repository keeps.
 *
 * Why this works: in the tree of RFC 9162 §2.1.1 the left child of every node is a complete subtree of
 * 2^L leaves starting at a multiple of 2^L (the split point k is a power of two, and recursion only ever
 * moves right by such k). So every complete subtree has a fixed address (level L, index i) covering
 * leaves [i·2^L, (i+1)·2^L), and its hash never changes once its last leaf is appended — it can be written
 * once and read forever. Every node that is not complete lies on the right edge of some tree size and is
 * made of at most log2(n) complete subtrees.
 *
 * What the repository should persist (the storage policy, `stride`):
 *
 *   - level 0: every leaf hash, in capture order (the log itself; needed anyway).
 *   - every complete subtree at a level that is a multiple of `stride`.
 *
 * Any other complete subtree at level L is rebuilt from the 2^(L mod stride) stored nodes under it, so a
 * node costs at most 2^(stride−1) reads and 2^(stride−1) − 1 hashes. The nodes one proof needs inside one
 * band of levels [s, s+stride) are siblings inside one aligned block of 2^stride nodes at level s, i.e. one
 * `WHERE level = s AND index BETWEEN …` range read per band.
 *
 * Measured by `measureProofRate` (ledger.bench.ts) at 1 000 000 leaves, in memory, on a 2-core machine
 * shared with other jobs (load average 12–15, so unloaded figures are several times higher):
 *
 * | stride | interior rows | stored reads / proof | inclusion proofs/s (with RangeHashCache / without) |
 * |--------|---------------|----------------------|-----------------------------------------------------|
 * | 1      | n − 1         | 19–24                | ≈ 30 000 / 10 000                                   |
 * | 4      | ≈ n/15        | 24–84                | ≈ 1 800 / 1 400                                     |
 * | 8      | ≈ n/255       | 240–650              | ≈ 180 / 70                                          |
 *
 * DEFAULT: stride 1, i.e. every complete subtree root. The repository needs one table
 * `ledger_node(level, idx, hash)` with primary key (level, idx), the leaves being level 0; an append
 * writes the leaf plus on average one interior node (`MerkleAccumulator.append` returns them), and a proof
 * is one `WHERE (level, idx) IN (…)` read of about 20 rows (`planNodeReads`) and a handful of hashes.
 * The nodes cost about 50 bytes a leaf, small beside a stored EPCIS event. Stride 4 is the choice
 * when rows matter more than proof speed.
 *
 * Sharing a `RangeHashCache` across requests removes the right-edge hashing (the same for every proof
 * against one tree size) and, for strides above 1, the rebuilt upper nodes.
 */
import { type Hash, hashChildren, isPowerOfTwo, log2Exact, splitPoint } from './merkle.js';

/** Which complete subtrees a repository keeps: leaves, plus every level that is a multiple of `stride`. */
export interface NodeStoragePolicy {
  /** Integer ≥ 1, or `Infinity` to keep only the leaves (every interior node is then recomputed). */
  readonly stride: number;
}

/** Keep every complete subtree: the fastest proofs, about twice the rows of the leaves alone. */
export const ALL_NODES_POLICY: NodeStoragePolicy = Object.freeze({ stride: 1 });
/** The recommended policy (see the table above): every complete subtree. */
export const DEFAULT_NODE_POLICY: NodeStoragePolicy = ALL_NODES_POLICY;
/** Leaves plus levels 4, 8, 12 …: about 7 % more rows than the leaves, proofs ~10× slower. */
export const COMPACT_NODE_POLICY: NodeStoragePolicy = Object.freeze({ stride: 4 });
/** Keep only the leaves: for in-memory arrays of leaf hashes and for tests. */
export const LEAVES_ONLY_POLICY: NodeStoragePolicy = Object.freeze({ stride: Number.POSITIVE_INFINITY });

/** The address of a complete subtree: `level` L and `index` i cover leaves [i·2^L, (i+1)·2^L). */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

/** A complete subtree with its hash, as produced by appends. */
export interface TreeNode extends NodeRef {
  readonly hash: Hash;
}

/**
 * Reads a stored node. Called only for levels the policy stores, and only for complete subtrees of the
 * tree being proven. It must return the stored hash or throw; it is synchronous so callers fetch first
 * (see `planNodeReads`) and then read from memory.
 */
export type NodeReader = (level: number, index: number) => Hash;

/** Throws when a policy's stride is neither a positive integer nor Infinity. */
export function assertPolicy(policy: NodeStoragePolicy): void {
  const s = policy.stride;
  if (!(s === Number.POSITIVE_INFINITY || (Number.isSafeInteger(s) && s >= 1 && s <= 64))) {
    throw new RangeError(`node storage stride must be an integer 1..64 or Infinity, got ${String(s)}`);
  }
}

/** True when the policy keeps complete subtrees of this level (level 0, the leaves, always). */
export function isStoredLevel(level: number, policy: NodeStoragePolicy): boolean {
  if (level === 0) return true;
  return Number.isFinite(policy.stride) && level % policy.stride === 0;
}

/** A stable string key for a node address, for maps of fetched nodes. */
export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

/**
 * A reader over nodes already fetched into a map keyed by `nodeKey`. A missing node is a storage bug
 * (the repository lost a node it should have written), reported with its address.
 */
export function readerFromMap(nodes: ReadonlyMap<string, Hash>): NodeReader {
  return (level, index) => {
    const h = nodes.get(nodeKey(level, index));
    if (h === undefined) {
      throw new Error(`ledger node (level ${level}, index ${index}) was not fetched or is not stored`);
    }
    return h;
  };
}

/** A reader over an in-memory array of leaf hashes (use with LEAVES_ONLY_POLICY). */
export function readerFromLeaves(leafHashes: readonly Hash[]): NodeReader {
  return (level, index) => {
    if (level !== 0) throw new Error(`leaf array reader asked for interior node (level ${level})`);
    const h = leafHashes[index];
    if (h === undefined) throw new RangeError(`leaf ${index} is past the ${leafHashes.length} leaves given`);
    return h;
  };
}

/**
 * Checks that [start, end) is a node of the tree of RFC 9162 §2.1.1: non-empty, and `start` is a multiple
 * of the smallest power of two ≥ end − start. Every inclusion and consistency proof element is one.
 */
export function assertTreeRange(start: number, end: number): void {
  const n = end - start;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || n < 1) {
    throw new RangeError(`not a tree range: [${String(start)}, ${String(end)})`);
  }
  let p = 1;
  while (p < n) p *= 2;
  if (start % p !== 0) {
    throw new RangeError(`range [${start}, ${end}) is not a node of the Merkle tree (start not aligned)`);
  }
}

/**
 * A memo of MTH(D[a:b]) for the ranges a proof has to compute rather than read: right-edge ranges (the
 * same for every proof against one tree size) and complete subtrees at levels the policy does not store.
 * NOTE: entries never go stale — the log is append-only and a range's hash is fixed once its last leaf
 * exists — so one cache per log serves every tree size. Drop it only if the storage is replaced.
 */
export class RangeHashCache {
  readonly #map = new Map<string, Hash>();
  readonly #maxEntries: number;

  /** A cache of at most `maxEntries` hashes (about 100 bytes each); it is emptied when full. */
  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  /** Number of cached ranges. */
  get size(): number {
    return this.#map.size;
  }

  /** The cached hash of [start, end), if any. */
  get(start: number, end: number): Hash | undefined {
    return this.#map.get(`${start}-${end}`);
  }

  /** Remembers the hash of [start, end). */
  set(start: number, end: number, hash: Hash): void {
    if (this.#map.size >= this.#maxEntries) this.#map.clear();
    this.#map.set(`${start}-${end}`, hash);
  }
}

/** What a range fold needs; one object per call, so the recursion creates no closures (hot path). */
interface Fold<T> {
  readonly policy: NodeStoragePolicy;
  readonly read: (level: number, index: number) => T;
  readonly combine: (left: T, right: T) => T;
  readonly cached?: ((a: number, b: number) => T | undefined) | undefined;
  readonly remember?: ((a: number, b: number, value: T) => void) | undefined;
}

/**
 * The complete subtree (level, index): read when the policy stores its level, else folded from its two
 * halves (and memoised when a cache is given).
 */
function foldComplete<T>(f: Fold<T>, level: number, index: number): T {
  if (isStoredLevel(level, f.policy)) return f.read(level, index);
  const width = 2 ** level;
  const hit = f.cached?.(index * width, (index + 1) * width);
  if (hit !== undefined) return hit;
  const value = f.combine(foldComplete(f, level - 1, index * 2), foldComplete(f, level - 1, index * 2 + 1));
  f.remember?.(index * width, (index + 1) * width, value);
  return value;
}

/**
 * Walks MTH(D[a:b]) down to the nodes the policy stores: `read` is called for each stored node in
 * left-to-right order and `combine` for each interior node. Shared by hashing and by read planning.
 */
function foldRange<T>(f: Fold<T>, a: number, b: number): T {
  const n = b - a;
  if (isPowerOfTwo(n)) return foldComplete(f, log2Exact(n), a / n);
  const hit = f.cached?.(a, b);
  if (hit !== undefined) return hit;
  const k = splitPoint(n); // RFC 9162 §2.1.1: left child is D[a : a+k], a complete subtree
  const value = f.combine(foldComplete(f, log2Exact(k), a / k), foldRange(f, a + k, b));
  f.remember?.(a, b, value);
  return value;
}

const cacheGet = (cache: RangeHashCache | undefined) =>
  cache === undefined ? undefined : cache.get.bind(cache);
const cacheSet = (cache: RangeHashCache | undefined) =>
  cache === undefined ? undefined : cache.set.bind(cache);

/** MTH(D[start:end]) for a node of the tree, from stored nodes only (RFC 9162 §2.1.1). */
export function rangeHash(
  start: number,
  end: number,
  read: NodeReader,
  policy: NodeStoragePolicy,
  cache?: RangeHashCache,
): Hash {
  assertPolicy(policy);
  assertTreeRange(start, end);
  const f: Fold<Hash> = {
    policy,
    read,
    combine: hashChildren,
    cached: cacheGet(cache),
    remember: cacheSet(cache),
  };
  return foldRange(f, start, end);
}

/**
 * The stored nodes needed to hash the given tree ranges, deduplicated and sorted by level then index, so
 * the repository can fetch them in one query (or one range query per level band) before proving. Ranges
 * already in `cache` need no reads.
 */
export function planNodeReads(
  ranges: readonly (readonly [number, number])[],
  policy: NodeStoragePolicy,
  cache?: RangeHashCache,
): NodeRef[] {
  assertPolicy(policy);
  const seen = new Set<string>();
  const refs: NodeRef[] = [];
  const f: Fold<null> = {
    policy,
    read: (level, index) => {
      const key = nodeKey(level, index);
      if (!seen.has(key)) {
        seen.add(key);
        refs.push({ level, index });
      }
      return null;
    },
    combine: () => null,
    // A cached range needs no reads: answer null (a hit) instead of undefined (a miss).
    cached: cache === undefined ? undefined : (a, b) => (cache.get(a, b) === undefined ? undefined : null),
  };
  for (const [a, b] of ranges) {
    assertTreeRange(a, b);
    foldRange(f, a, b);
  }
  return refs.sort((x, y) => x.level - y.level || x.index - y.index);
}

/**
 * The complete subtrees whose hashes, folded right to left, give MTH(D[0:size]): one per set bit of
 * `size`, largest (leftmost) first. This is the right-edge "frontier" an appender keeps.
 */
export function frontierRefs(size: number): NodeRef[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad tree size ${String(size)}`);
  const refs: NodeRef[] = [];
  let start = 0;
  let rest = size;
  while (rest > 0) {
    let p = 1;
    while (p * 2 <= rest) p *= 2;
    refs.push({ level: log2Exact(p), index: start / p });
    start += p;
    rest -= p;
  }
  return refs;
}
