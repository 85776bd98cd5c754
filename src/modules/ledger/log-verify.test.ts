import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CT_ROOTS, testLeaves } from './ct-test-vectors.js';
import { LogVerifier, rootHex, verifyLog } from './log-verify.js';
import { type Hash, hashLeaf } from './merkle.js';
import type { TreeHead } from './tree-head.js';

const LEAVES = testLeaves(200);
const headAt = (n: number, leaves: readonly Hash[] = LEAVES): TreeHead => ({
  treeSize: n,
  rootHash: rootHex(leaves.slice(0, n)),
  timestamp: 1_700_000_000_000 + n,
});
const EVERY_50 = [50, 100, 150, 200].map((n) => headAt(n));
const forged = (i: number) => hashLeaf(Buffer.from(`forged-${i}`));
const replace = (leaves: readonly Hash[], i: number, h: Hash) => leaves.map((x, j) => (j === i ? h : x));

describe('verifyLog: the whole log against its signed heads', () => {
  it('accepts an intact log and says how much of it the heads cover', () => {
    const heads = [headAt(0), ...EVERY_50.slice(0, 3)];
    const r = verifyLog(LEAVES, heads, LEAVES);
    expect(r).toMatchObject({
      ok: true,
      leafCount: 200,
      headsVerified: 4,
      verifiedSize: 150,
      uncoveredLeaves: 50,
    });
    expect(r.failure).toBeNull();
    expect(r.firstRecordedMismatch).toBeNull();
  });

  it('names a modified event exactly when the recorded leaf hashes are intact', () => {
    const tampered = replace(LEAVES, 123, forged(123));
    const r = verifyLog(tampered, EVERY_50, LEAVES);
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({
      kind: 'root-mismatch',
      firstBadLeaf: 123,
      range: { from: 100, to: 150 },
    });
    expect(r.failure?.head.treeSize).toBe(150);
    expect(r.failure?.message).toMatch(/leaf 123 is the first that disagrees/);
    expect(r.verifiedSize).toBe(100);
  });

  it('gives the range between two heads when the recorded hashes were rewritten too', () => {
    const tampered = replace(LEAVES, 123, forged(123));
    const r = verifyLog(tampered, EVERY_50, tampered);
    expect(r.failure).toMatchObject({ firstBadLeaf: null, range: { from: 100, to: 150 } });
    expect(r.failure?.message).toMatch(/\[100, 150\)/);
  });

  it('names the leaf exactly, without recorded hashes, when the log signs a head per append', () => {
    const heads = LEAVES.map((_, i) => headAt(i + 1));
    expect(verifyLog(replace(LEAVES, 77, forged(77)), heads).failure?.firstBadLeaf).toBe(77);
    const reordered = replace(replace(LEAVES, 30, LEAVES[90]!), 90, LEAVES[30]!);
    expect(verifyLog(reordered, heads).failure?.firstBadLeaf).toBe(30);
    const deleted = LEAVES.filter((_, i) => i !== 60);
    expect(verifyLog(deleted, heads).failure?.firstBadLeaf).toBe(60);
  });

  it('names a deleted event by its own index when the stream carries a null for it', () => {
    const stream = LEAVES.map((h, i) => (i === 42 ? null : h));
    const r = verifyLog(stream, EVERY_50, LEAVES);
    expect(r.failure).toMatchObject({ kind: 'root-mismatch', firstBadLeaf: 42, range: { from: 0, to: 50 } });
  });

  it('names re-ordered events by the first moved position', () => {
    const swapped = replace(replace(LEAVES, 10, LEAVES[180]!), 180, LEAVES[10]!);
    expect(verifyLog(swapped, EVERY_50, LEAVES).failure?.firstBadLeaf).toBe(10);
  });

  it('reports a log shorter than a signed head as missing leaves', () => {
    const r = verifyLog(LEAVES.slice(0, 150), EVERY_50);
    expect(r.failure).toMatchObject({
      kind: 'missing-leaves',
      firstBadLeaf: 150,
      range: { from: 150, to: 200 },
    });
    const cut = verifyLog(LEAVES.slice(0, 170), EVERY_50);
    expect(cut.failure).toMatchObject({
      kind: 'missing-leaves',
      firstBadLeaf: null,
      range: { from: 150, to: 200 },
    });
    expect(cut.failure?.message).toMatch(/has 170 leaves but a signed tree head covers 200/);
  });

  it('refuses an empty-tree head whose root is not the empty hash, and two heads of one size that differ', () => {
    const badEmpty: TreeHead = { treeSize: 0, rootHash: CT_ROOTS[1]!, timestamp: 1 };
    expect(verifyLog(LEAVES, [badEmpty]).failure).toMatchObject({
      firstBadLeaf: null,
      range: { from: 0, to: 0 },
    });
    const fork: TreeHead = { ...headAt(50), rootHash: rootHex(replace(LEAVES, 3, forged(3)).slice(0, 50)) };
    const r = verifyLog(LEAVES, [headAt(50), fork], LEAVES);
    expect(r.ok).toBe(false);
    expect(r.headsVerified).toBe(1);
  });

  it('notices a recorded leaf that differs even when the events themselves agree with the heads', () => {
    const r = verifyLog(LEAVES, EVERY_50, replace(LEAVES, 5, forged(5)));
    expect(r.ok).toBe(true);
    expect(r.firstRecordedMismatch).toBe(5);
  });

  it('refuses malformed heads and leaves with a clear message', () => {
    expect(() => new LogVerifier([{ treeSize: 1, rootHash: 'xyz', timestamp: 0 }])).toThrow(
      /head 0 is malformed/,
    );
    expect(() => new LogVerifier([]).push(new Uint8Array(3))).toThrow(/leaf 0 must be a 32-byte/);
  });

  it('property: any single modification under a head is found at its exact index', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 199 }),
        fc.constantFrom('modify', 'delete', 'swap'),
        (sizes, t, how) => {
          const heads = sizes.map((n) => headAt(n));
          let stream: (Hash | null)[] = [...LEAVES];
          if (how === 'modify') stream[t] = forged(t);
          if (how === 'delete') stream[t] = null;
          if (how === 'swap' && t < 199)
            stream = replace(replace(LEAVES, t, LEAVES[t + 1]!), t + 1, LEAVES[t]!);
          const r = verifyLog(stream, heads, LEAVES);
          const covered = Math.max(...sizes) > t && !(how === 'swap' && t === 199);
          return covered ? r.failure?.firstBadLeaf === t : r.ok;
        },
      ),
      { numRuns: 150 },
    );
  });
});
