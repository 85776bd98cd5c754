/**
 * An append-only Merkle accumulator: it keeps only the right-edge frontier of the tree (one complete
 * subtree per set bit of the size, at most 53 hashes), so appending a leaf costs O(1) amortised and
 * O(log n) at worst, and the root of RFC 9162 §2.1.1 is folded from the frontier in O(log n).
 *
 * The service keeps one accumulator per log; after each append it persists the leaf and the completed
 * nodes its storage policy keeps (see tree-nodes.ts), and on start rebuilds the frontier from storage with
 * `MerkleAccumulator.fromReader`, so nothing ever recomputes the whole tree.
 */
import { assertHash, EMPTY_TREE_HASH, type Hash, hashChildren } from './merkle.js';
import {
  frontierRefs,
  type NodeReader,
  type NodeStoragePolicy,
  rangeHash,
  type TreeNode,
} from './tree-nodes.js';

/** A serialisable frontier: the tree size and its complete subtrees, largest (leftmost) first. */
export interface Frontier {
  readonly size: number;
  readonly hashes: readonly Hash[];
}

/** Appends leaf hashes and answers the current root without holding the tree. */
export class MerkleAccumulator {
  #size = 0;
  // Complete subtree hashes on the right edge, leftmost (largest) first; their levels are the set bits
  // of #size from high to low, so they need not be stored.
  #stack: Hash[] = [];

  /** Starts from a persisted frontier, or empty. */
  constructor(frontier?: Frontier) {
    if (frontier === undefined) return;
    const { size, hashes } = frontier;
    const expected = frontierRefs(size).length;
    if (hashes.length !== expected) {
      throw new RangeError(
        `a frontier for tree size ${size} holds ${expected} hashes (one per set bit), got ${hashes.length}`,
      );
    }
    hashes.forEach((h, i) => {
      assertHash(h, `frontier hash ${i}`);
    });
    this.#size = size;
    this.#stack = [...hashes];
  }

  /** Rebuilds the frontier of a stored tree of `size` leaves from its stored nodes. */
  static fromReader(size: number, read: NodeReader, policy: NodeStoragePolicy): MerkleAccumulator {
    const hashes = frontierRefs(size).map(({ level, index }) => {
      const width = 2 ** level;
      return rangeHash(index * width, (index + 1) * width, read, policy);
    });
    return new MerkleAccumulator({ size, hashes });
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash (already `hashLeaf`ed). Returns the complete subtrees this append closed, the
   * leaf itself (level 0) first and then each interior node upwards, so the caller can persist those its
   * storage policy keeps.
   */
  append(leafHash: Hash): TreeNode[] {
    assertHash(leafHash, 'leaf hash');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('the log is full (2^53 − 1 leaves)');
    const index = this.#size;
    const closed: TreeNode[] = [{ level: 0, index, hash: leafHash }];
    let node = leafHash;
    // Each trailing 1 bit of the old size is a complete subtree of the same height as `node`: merge them.
    let bits = index;
    let level = 0;
    while (bits % 2 === 1) {
      const left = this.#stack.pop()!;
      node = hashChildren(left, node);
      level += 1;
      bits = (bits - 1) / 2;
      closed.push({ level, index: bits, hash: node });
    }
    this.#stack.push(node);
    this.#size = index + 1;
    return closed;
  }

  /** MTH of all leaves appended so far (RFC 9162 §2.1.1); SHA-256("") for an empty log. */
  root(): Hash {
    const s = this.#stack;
    if (s.length === 0) return EMPTY_TREE_HASH;
    // RFC 9162 §2.1.1 splits at the largest power of two below n, i.e. the leftmost complete subtree,
    // so the root is the right-to-left fold of the frontier.
    let r = s[s.length - 1]!;
    for (let i = s.length - 2; i >= 0; i--) r = hashChildren(s[i]!, r);
    return r;
  }

  /** The frontier to persist (copies; the accumulator keeps its own). */
  frontier(): Frontier {
    return { size: this.#size, hashes: [...this.#stack] };
  }

  /** An independent copy, e.g. to compute a tentative root inside a transaction. */
  clone(): MerkleAccumulator {
    return new MerkleAccumulator(this.frontier());
  }
}
