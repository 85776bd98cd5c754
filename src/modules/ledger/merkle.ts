/**
 * Merkle Tree hashing of RFC 9162 (Certificate Transparency 2.0) §2.1.1, the same tree as RFC 6962 §2.1.
 * Every hash here is SHA-256 (RFC 9162 §2.1: the log's hash algorithm; CT's registry entry 0x00 is SHA-256),
 * 32 bytes, held as a `Uint8Array`. Sizes and indexes are JavaScript numbers, safe integers up to 2^53 − 1:
 * arithmetic uses `*`, `/` and `%`, never the 32-bit bit operators, so trees past 2^31 leaves stay correct.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** Length of every hash in the tree: SHA-256 (RFC 9162 §2.1). */
export const HASH_SIZE = 32;

/** A leaf (or interior node) hash: 32 bytes of SHA-256. */
export type Hash = Uint8Array;

// RFC 9162 §2.1.1: leaves and interior nodes are hashed under different one-byte prefixes so a leaf can
// never be passed off as an interior node (second-preimage resistance of the tree).
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// One-shot `crypto.hash` (Node ≥ 20.12) over one scratch buffer is about twice as fast as a createHash
// object with three updates; proofs and whole-log checks are dominated by this call. The scratch buffers
// are safe to share because hashing is synchronous.
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;
const sha256 = (data: Uint8Array): Hash =>
  oneShot !== undefined ? oneShot('sha256', data, 'buffer') : createHash('sha256').update(data).digest();
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = NODE_PREFIX;
const leafScratch = Buffer.alloc(1 + HASH_SIZE);
leafScratch[0] = LEAF_PREFIX;

/** MTH({}) — the hash of an empty tree is SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_TREE_HASH: Hash = createHash('sha256').digest();

/** MTH({d}) = HASH(0x00 ‖ d): the leaf hash of one entry (RFC 9162 §2.1.1). */
export function hashLeaf(data: Uint8Array): Hash {
  if (data.length === HASH_SIZE) {
    // The common case: the leaf data is an event's 32-byte canonical hash.
    leafScratch.set(data, 1);
    return sha256(leafScratch);
  }
  return createHash('sha256')
    .update(new Uint8Array([LEAF_PREFIX]))
    .update(data)
    .digest();
}

/** HASH(0x01 ‖ left ‖ right): the hash of an interior node (RFC 9162 §2.1.1). */
export function hashChildren(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256')
      .update(new Uint8Array([NODE_PREFIX]))
      .update(left)
      .update(right)
      .digest();
  }
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256(nodeScratch);
}

/** True when `n` is a power of two (1, 2, 4 …); exact for every safe integer. */
export function isPowerOfTwo(n: number): boolean {
  if (n >= 1 && n <= 0x7fffffff && Number.isInteger(n)) return (n & (n - 1)) === 0; // 32-bit fast path
  if (!Number.isSafeInteger(n) || n < 1) return false;
  let m = n;
  while (m % 2 === 0) m /= 2;
  return m === 1;
}

/**
 * The split point of RFC 9162 §2.1.1: "k is the largest power of two smaller than n", for n > 1.
 * NOTE: smaller, not smaller-or-equal — a tree of 8 leaves splits 4 + 4, of 9 leaves 8 + 1.
 */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new RangeError(`splitPoint: n must be an integer of at least 2, got ${String(n)}`);
  }
  if (n <= 0x7fffffff) return 2 ** (31 - Math.clz32(n - 1)); // 32-bit fast path: highest bit of n − 1
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Base-2 logarithm of a power of two (0 for 1, 3 for 8). */
export function log2Exact(n: number): number {
  if (n <= 0x7fffffff) return 31 - Math.clz32(n);
  let level = 0;
  let m = n;
  while (m > 1) {
    m /= 2;
    level += 1;
  }
  return level;
}

/**
 * MTH(D[start:end]) straight from the recursive definition of RFC 9162 §2.1.1, over leaf hashes.
 * This is the reference the faster paths are tested against; it hashes every interior node (O(n)).
 */
export function merkleTreeHash(leafHashes: readonly Hash[], start = 0, end = leafHashes.length): Hash {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`merkleTreeHash: bad range [${String(start)}, ${String(end)})`);
  }
  if (end > leafHashes.length) {
    throw new RangeError(`merkleTreeHash: range end ${end} is past the ${leafHashes.length} leaves given`);
  }
  const n = end - start;
  if (n === 0) return EMPTY_TREE_HASH;
  if (n === 1) return leafHashes[start]!;
  const k = splitPoint(n);
  return hashChildren(
    merkleTreeHash(leafHashes, start, start + k),
    merkleTreeHash(leafHashes, start + k, end),
  );
}

/** Lower-case hex of a hash (the form used in JSON, URLs and the CLI). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Parses a 64-character lower-case hex string into a hash; null when it is anything else. */
export function hashFromHex(hex: string): Hash | null {
  if (typeof hex !== 'string' || !HEX_HASH.test(hex)) return null;
  return Buffer.from(hex, 'hex');
}

/** Byte-wise equality of two hashes (not constant-time: tree hashes are public). */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Throws a RangeError naming `what` when `h` is not a 32-byte hash. */
export function assertHash(h: unknown, what: string): asserts h is Hash {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    const got = h instanceof Uint8Array ? `${h.length} bytes` : typeof h;
    throw new RangeError(`${what} must be a ${HASH_SIZE}-byte SHA-256 hash, got ${got}`);
  }
}
