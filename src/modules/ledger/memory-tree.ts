/**
 * An in-memory node store that keeps exactly what a repository would keep under a storage policy (see
 * tree-nodes.ts), packed 32 bytes per node. Used by `verifyLog`, by tests and by the proof benchmark; the
 * SQL repository mirrors it with a `(level, index) → hash` table.
 */
import { HASH_SIZE, type Hash } from './merkle.js';
import { MerkleAccumulator } from './merkle-accumulator.js';
import { assertPolicy, isStoredLevel, type NodeReader, type NodeStoragePolicy } from './tree-nodes.js';

/** A growable array of 32-byte hashes in one buffer (a million nodes = 32 MB, no per-node objects). */
class PackedHashes {
  #bytes = new Uint8Array(HASH_SIZE * 64);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  push(h: Hash): void {
    if ((this.#count + 1) * HASH_SIZE > this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes.set(h, this.#count * HASH_SIZE);
    this.#count += 1;
  }

  get(i: number): Hash {
    return this.#bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

/** Leaves and stored interior nodes of one log, in memory, appended through an accumulator. */
export class MemoryNodeStore {
  readonly policy: NodeStoragePolicy;
  readonly #levels = new Map<number, PackedHashes>();
  readonly #acc = new MerkleAccumulator();

  /** An empty store keeping what `policy` says. */
  constructor(policy: NodeStoragePolicy) {
    assertPolicy(policy);
    this.policy = policy;
  }

  /** Builds a store from leaf hashes (2n hashes for n leaves). */
  static fromLeaves(leafHashes: Iterable<Hash>, policy: NodeStoragePolicy): MemoryNodeStore {
    const store = new MemoryNodeStore(policy);
    for (const h of leafHashes) store.append(h);
    return store;
  }

  /** Number of leaves. */
  get size(): number {
    return this.#acc.size;
  }

  /** Number of stored nodes above the leaves (what the policy costs in rows). */
  get interiorNodeCount(): number {
    let n = 0;
    for (const [level, hashes] of this.#levels) if (level > 0) n += hashes.count;
    return n;
  }

  /** Appends a leaf hash and stores the nodes it completes that the policy keeps. */
  append(leafHash: Hash): void {
    for (const node of this.#acc.append(leafHash)) {
      if (!isStoredLevel(node.level, this.policy)) continue;
      let level = this.#levels.get(node.level);
      if (level === undefined) {
        level = new PackedHashes();
        this.#levels.set(node.level, level);
      }
      level.push(node.hash);
    }
  }

  /** The current root, MTH of all leaves (RFC 9162 §2.1.1). */
  root(): Hash {
    return this.#acc.root();
  }

  /** The leaf hash at `index`. */
  leaf(index: number): Hash {
    return this.reader(0, index);
  }

  /** Reads a stored node; throws with its address when it is not stored. */
  readonly reader: NodeReader = (level, index) => {
    const hashes = this.#levels.get(level);
    if (hashes === undefined || !Number.isSafeInteger(index) || index < 0 || index >= hashes.count) {
      throw new RangeError(`no stored ledger node at level ${level}, index ${index}`);
    }
    return hashes.get(index);
  };
}
