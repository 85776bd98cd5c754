/**
 * `zhuisu ledger verify`: re-checks the stored log from the stored events. Every head's signature is checked
 * against the recorded public keys; every leaf is recomputed from its event's stored document (CBV 2.0 hash, then
 * RFC 9162 leaf hash) and streamed through `LogVerifier` with the recorded leaf, so the first event row that was
 * edited, deleted or swapped is named by its leaf index (log-verify.ts explains why that is exact). Events that
 * have no leaf at all (rows inserted around the capture pipeline) and a frontier that disagrees with the leaves are
 * reported too.
 */
import type { Database } from '../../db/index.js';
import {
  countLeaves,
  eventsOutsideLog,
  type LedgerKeyRow,
  leavesWithEvents,
  listHeads,
  listKeys,
  readState,
} from './ledger.repository.js';
import { recomputeLeaf } from './ledger.service.js';
import { type LogVerification, LogVerifier } from './log-verify.js';
import { hashesEqual, hashFromHex, toHex } from './merkle.js';
import { MerkleAccumulator } from './merkle-accumulator.js';
import { loadVerifier, type TreeHeadVerifier, verifyTreeHead } from './signer.js';
import type { SignedTreeHead } from './tree-head.js';

const PAGE = 2000;
/** How many disagreeing leaves, bad heads and stray events a report lists (the first ones). */
const LIST_LIMIT = 20;

/** One leaf whose stored event no longer matches it. */
export interface BadLeaf {
  readonly leafIndex: number;
  readonly eventPk: number;
  /** The event's eventID when its row still exists. */
  readonly eventId: string | null;
  /** `edited`: the stored document hashes to another leaf; `deleted`: the row is gone; `unreadable`: no hash. */
  readonly reason: 'edited' | 'deleted' | 'unreadable';
}

/** What `verifyStoredLedger` found. */
export interface LedgerAudit {
  readonly ok: boolean;
  readonly leafCount: number;
  readonly headCount: number;
  readonly headsVerified: number;
  readonly verifiedSize: number;
  /** Leaves appended after the largest head (no signature covers them yet). */
  readonly uncoveredLeaves: number;
  /** The first leaf that disagrees with its stored event or with a signed head, when one does. */
  readonly firstBadLeaf: number | null;
  /** The first disagreeing leaves with their events. */
  readonly badLeaves: readonly BadLeaf[];
  /** Heads whose signature does not verify with a recorded key. */
  readonly badHeads: readonly { treeSize: number; message: string }[];
  /** Gaps in the leaf numbering (leaf rows removed from the log itself). */
  readonly missingLeafRows: readonly number[];
  /** Events with no leaf: stored around the capture pipeline. */
  readonly eventsOutsideLog: readonly { pk: number; eventId: string }[];
  /** ledger_state disagrees with the recorded leaves (the next append would fork the tree). */
  readonly frontierMismatch: boolean;
  /** The key ids that signed heads, with their algorithm. */
  readonly keys: readonly { keyId: string; algorithm: string }[];
  /** Sentences for the CLI, most important first; empty when ok. */
  readonly problems: readonly string[];
  readonly verification: LogVerification;
}

function verifiersOf(keys: readonly LedgerKeyRow[], problems: string[]): TreeHeadVerifier[] {
  const out: TreeHeadVerifier[] = [];
  for (const k of keys) {
    try {
      const v = loadVerifier(k.publicKeyPem);
      // A key row whose id is not the hash of its own key was written by someone else: trust nothing it signs.
      if (v.keyId !== k.keyId) problems.push(`ledger_keys row ${k.keyId} holds another key (${v.keyId})`);
      else out.push(v);
    } catch (e) {
      problems.push(`ledger_keys row ${k.keyId} cannot be read: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Re-checks the whole stored log; see the module comment. Reads in pages, so memory stays flat. */
export async function verifyStoredLedger(database: Database): Promise<LedgerAudit> {
  const { db, dialect } = database;
  const problems: string[] = [];
  const keys = await listKeys(db);
  const verifiers = verifiersOf(keys, problems);

  const heads: SignedTreeHead[] = [];
  for (let from = 0; ; ) {
    const page = await listHeads(db, from, PAGE);
    heads.push(...page);
    if (page.length < PAGE) break;
    from = page[page.length - 1]!.treeSize + 1;
  }
  const badHeads: { treeSize: number; message: string }[] = [];
  const goodHeads: SignedTreeHead[] = [];
  for (const h of heads) {
    try {
      goodHeads.push(verifyTreeHead(h, verifiers));
    } catch (e) {
      badHeads.push({ treeSize: h.treeSize, message: (e as Error).message });
    }
  }

  const verifier = new LogVerifier(goodHeads);
  const recorded = new MerkleAccumulator();
  const badLeaves: BadLeaf[] = [];
  const missingLeafRows: number[] = [];
  let expected = 0;
  for (let from = 0; ; ) {
    const page = await leavesWithEvents(db, from, PAGE);
    for (const row of page) {
      // A gap means leaf rows were removed; stream them as missing so later indices keep their place.
      while (expected < row.leafIndex) {
        if (missingLeafRows.length < LIST_LIMIT) missingLeafRows.push(expected);
        verifier.push(null);
        expected += 1;
      }
      const doc = row.doc === null ? null : dialect.decodeJson<unknown>(row.doc);
      const leaf = doc === null ? null : recomputeLeaf(doc);
      const recordedHash = hashFromHex(row.leafHash);
      if (recordedHash === null) {
        problems.push(`leaf ${row.leafIndex} holds a malformed hash ${JSON.stringify(row.leafHash)}`);
        verifier.push(null);
      } else {
        verifier.push(leaf, recordedHash);
        recorded.append(recordedHash);
      }
      if (leaf === null || recordedHash === null || !hashesEqual(leaf, recordedHash)) {
        if (badLeaves.length < LIST_LIMIT) {
          const eventId =
            doc !== null && typeof (doc as { eventID?: unknown }).eventID === 'string'
              ? (doc as { eventID: string }).eventID
              : null;
          const reason = doc === null ? 'deleted' : leaf === null ? 'unreadable' : 'edited';
          badLeaves.push({ leafIndex: row.leafIndex, eventPk: row.eventPk, eventId, reason });
        }
      }
      expected = row.leafIndex + 1;
    }
    if (page.length < PAGE) break;
    from = page[page.length - 1]!.leafIndex + 1;
  }
  const verification = verifier.finish();

  const state = await readState(db);
  const frontierMismatch =
    state.treeSize !== recorded.size ||
    state.frontier.length !== recorded.frontier().hashes.length ||
    state.frontier.some((h, i) => !hashesEqual(h, recorded.frontier().hashes[i]!));
  const outside = await eventsOutsideLog(db, LIST_LIMIT);

  const firstBadLeaf =
    verification.failure?.firstBadLeaf ??
    verification.firstRecordedMismatch ??
    badLeaves[0]?.leafIndex ??
    null;
  if (verification.failure !== null) problems.unshift(verification.failure.message);
  const first = badLeaves.find((b) => b.leafIndex === firstBadLeaf) ?? badLeaves[0];
  if (first !== undefined) {
    const what =
      first.reason === 'deleted'
        ? 'its event row is gone'
        : first.reason === 'unreadable'
          ? 'its stored event can no longer be hashed'
          : 'its stored event no longer hashes to the leaf (edited, or swapped with another row)';
    problems.unshift(
      `first bad leaf: ${first.leafIndex} (event pk ${first.eventPk}${first.eventId ? `, eventID ${first.eventId}` : ''}): ${what}`,
    );
  }
  for (const b of badHeads) problems.push(`head of size ${b.treeSize}: ${b.message}`);
  if (missingLeafRows.length > 0)
    problems.push(`leaf rows missing from the log: ${missingLeafRows.join(', ')}`);
  for (const e of outside)
    problems.push(`event pk ${e.pk} (eventID ${e.eventId}) is stored but not in the log`);
  if (frontierMismatch) {
    problems.push(
      `ledger_state (size ${state.treeSize}) disagrees with the ${recorded.size} recorded leaves (root ${toHex(recorded.root())})`,
    );
  }
  return {
    ok: problems.length === 0,
    leafCount: await countLeaves(db),
    headCount: heads.length,
    headsVerified: verification.headsVerified,
    verifiedSize: verification.verifiedSize,
    uncoveredLeaves: verification.uncoveredLeaves,
    firstBadLeaf,
    badLeaves,
    badHeads,
    missingLeafRows,
    eventsOutsideLog: outside,
    frontierMismatch,
    keys: keys.map((k) => ({ keyId: k.keyId, algorithm: k.algorithm })),
    problems,
    verification,
  };
}
