/**
 * Re-checking a whole log against its signed tree heads — the core of `zhuisu ledger verify`.
 *
 * The CLI recomputes every leaf hash from the stored events, in leaf order, and streams them here with
 * the signed heads it holds (already checked with `verifyTreeHead`). One pass of an accumulator gives the
 * root at every head's size; the first head whose root differs proves that some leaf below its size was
 * modified, deleted or re-ordered after that head was signed, and the last head that still agrees proves
 * the leaves below its size are intact. So the first bad leaf lies between the two heads.
 *
 * Pinning the exact leaf: the repository also records each leaf hash when it appends it (the ledger's
 * own table). Pass those as `recordedLeafHash`. If the recorded leaves reproduce the failing head's root,
 * they are authentic (a forger cannot find other leaves with that root), and the first index where a
 * recomputed leaf differs from its recorded one is the first bad leaf — exactly, even when the heads are
 * far apart. Drive the stream by the recorded rows and pass `null` for a row whose event is gone, so a
 * deleted event is named by its own index rather than shifting its successors. Without recorded leaves
 * (or when they were rewritten too) the answer is the range between the two heads, exact when they are
 * adjacent.
 */
import { assertHash, EMPTY_TREE_HASH, type Hash, hashesEqual, hashFromHex, toHex } from './merkle.js';
import { MerkleAccumulator } from './merkle-accumulator.js';
import type { TreeHead } from './tree-head.js';

/** Why the log failed: a head's root differs, or a head covers leaves the log no longer has. */
export type LogFailureKind = 'root-mismatch' | 'missing-leaves';

/** The first head the stored leaves disagree with, and where the first bad leaf is. */
export interface LogFailure {
  readonly kind: LogFailureKind;
  /** The smallest signed head that the stored leaves disagree with. */
  readonly head: TreeHead;
  /** The first leaf that disagrees, when it can be named exactly; null when only `range` is known. */
  readonly firstBadLeaf: number | null;
  /** The first bad leaf lies in [from, to): `from` is the size of the last head that agrees. */
  readonly range: { readonly from: number; readonly to: number };
  /** A sentence for the CLI. */
  readonly message: string;
}

/** Outcome of a whole-log check. */
export interface LogVerification {
  readonly ok: boolean;
  /** Leaves streamed (rows, including `null` ones). */
  readonly leafCount: number;
  /** Heads found to agree with the leaves. */
  readonly headsVerified: number;
  /** Size of the largest head that agrees (0 when none). */
  readonly verifiedSize: number;
  /** Leaves beyond the largest head: appended since, not yet covered by any signature. */
  readonly uncoveredLeaves: number;
  /** First leaf whose recomputed hash differs from the recorded one (null: none, or none recorded). */
  readonly firstRecordedMismatch: number | null;
  readonly failure: LogFailure | null;
}

/** Streams a log's leaves past its signed heads; see the module comment. */
export class LogVerifier {
  readonly #heads: { head: TreeHead; root: Hash }[];
  #next = 0;
  #count = 0;
  #good = 0;
  #verified = 0;
  readonly #acc = new MerkleAccumulator();
  readonly #recorded = new MerkleAccumulator();
  #recordedComplete = true;
  #broken = false; // a null leaf was seen: no later head can agree
  #firstDiff: number | null = null;
  #failure: LogFailure | null = null;

  /** Takes the heads to check against (any order; duplicates of one size must agree with each other). */
  constructor(heads: readonly TreeHead[]) {
    this.#heads = heads
      .map((head, i) => {
        const root = hashFromHex(head.rootHash);
        if (root === null || !Number.isSafeInteger(head.treeSize) || head.treeSize < 0) {
          throw new RangeError(
            `head ${i} is malformed (treeSize ${head.treeSize}, rootHash ${head.rootHash})`,
          );
        }
        return { head, root };
      })
      .sort((a, b) => a.head.treeSize - b.head.treeSize);
    this.#checkHeadsAt(0, EMPTY_TREE_HASH, EMPTY_TREE_HASH);
  }

  /**
   * Feeds leaf number `leafCount`: its hash recomputed from the stored event (null when the event is
   * gone), and optionally the hash the ledger recorded for it at append time.
   */
  push(leafHash: Hash | null, recordedLeafHash?: Hash): void {
    if (this.#failure !== null) {
      this.#count += 1;
      return;
    }
    const index = this.#count;
    if (leafHash === null) {
      this.#broken = true;
      this.#firstDiff ??= index;
    } else {
      assertHash(leafHash, `leaf ${index}`);
      if (!this.#broken) this.#acc.append(leafHash);
    }
    if (recordedLeafHash === undefined) {
      this.#recordedComplete = false;
    } else {
      assertHash(recordedLeafHash, `recorded leaf ${index}`);
      if (this.#recordedComplete) this.#recorded.append(recordedLeafHash);
      if (leafHash !== null && !hashesEqual(leafHash, recordedLeafHash)) this.#firstDiff ??= index;
    }
    this.#count = index + 1;
    const next = this.#heads[this.#next];
    if (next !== undefined && next.head.treeSize === this.#count) {
      this.#checkHeadsAt(this.#count, this.#broken ? null : this.#acc.root(), this.#recorded.root());
    }
  }

  #checkHeadsAt(size: number, root: Hash | null, recordedRoot: Hash): void {
    for (
      let h = this.#heads[this.#next];
      h !== undefined && h.head.treeSize === size;
      h = this.#heads[this.#next]
    ) {
      if (root !== null && hashesEqual(root, h.root)) {
        this.#good = size;
        this.#verified += 1;
        this.#next += 1;
        continue;
      }
      // Recorded leaves reproduce this head: they are authentic, so the first difference is exact.
      const authentic = this.#recordedComplete && hashesEqual(recordedRoot, h.root);
      // Or the first difference sits right at the last agreeing head, so nothing before it can be bad.
      const diff = this.#firstDiff;
      const exact =
        diff !== null && diff < size && (authentic || diff === this.#good)
          ? diff
          : size - this.#good === 1
            ? this.#good
            : null;
      this.#fail('root-mismatch', h.head, exact);
      return;
    }
  }

  #fail(kind: LogFailureKind, head: TreeHead, exact: number | null): void {
    const range = { from: this.#good, to: head.treeSize };
    if (head.treeSize === 0) {
      const message =
        'a signed tree head of size 0 must carry the empty-tree root (SHA-256 of ""); this one does not';
      this.#failure = { kind, head, firstBadLeaf: null, range: { from: 0, to: 0 }, message };
      return;
    }
    const where =
      exact !== null
        ? `leaf ${exact} is the first that disagrees`
        : `the first bad leaf is in [${range.from}, ${range.to})`;
    const what =
      kind === 'missing-leaves'
        ? `the log has ${this.#count} leaves but a signed tree head covers ${head.treeSize}`
        : `the leaves do not reproduce the signed tree head of size ${head.treeSize} (root ${head.rootHash})`;
    this.#failure = { kind, head, firstBadLeaf: exact, range, message: `${what}; ${where}` };
  }

  /** Ends the stream and reports. */
  finish(): LogVerification {
    const pending = this.#heads[this.#next];
    if (this.#failure === null && pending !== undefined) {
      // A head larger than the log: leaves were removed from its end (or from anywhere above #good).
      const exact = this.#firstDiff === this.#good || this.#good === this.#count ? this.#good : null;
      this.#fail('missing-leaves', pending.head, exact);
    }
    const largest = this.#heads.at(-1)?.head.treeSize ?? 0;
    return {
      ok: this.#failure === null,
      leafCount: this.#count,
      headsVerified: this.#verified,
      verifiedSize: this.#good,
      uncoveredLeaves: Math.max(0, this.#count - largest),
      firstRecordedMismatch: this.#firstDiff,
      failure: this.#failure,
    };
  }
}

/**
 * Checks a whole log held in memory: `leafHashes` recomputed from the events (null for a missing one),
 * `heads` already signature-checked, `recordedLeafHashes` as the ledger recorded them (optional).
 */
export function verifyLog(
  leafHashes: Iterable<Hash | null>,
  heads: readonly TreeHead[],
  recordedLeafHashes?: readonly Hash[],
): LogVerification {
  const verifier = new LogVerifier(heads);
  let i = 0;
  for (const h of leafHashes) {
    verifier.push(h, recordedLeafHashes?.[i]);
    i += 1;
  }
  return verifier.finish();
}

/** The hex root of a leaf list, for building heads in tests and tools. */
export function rootHex(leafHashes: Iterable<Hash>): string {
  const acc = new MerkleAccumulator();
  for (const h of leafHashes) acc.append(h);
  return toHex(acc.root());
}
