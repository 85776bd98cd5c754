/** The stored log on every engine: appends across captures, proofs, heads, one writer across two nodes, audits. */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUscc } from '../../../test/helpers/app.js';
import { ENGINES } from '../../../test/helpers/engines.js';
import type { Config } from '../../config/index.js';
import { type Database, migrateUp, openDatabase } from '../../db/index.js';
import { createOrganisation } from '../access/index.js';
import { captureEvents } from '../events/index.js';
import {
  currentHead,
  eventLeafHash,
  generateLedgerKey,
  hashFromHex,
  headsFrom,
  LEDGER_KEY_FILE,
  ledgerHook,
  ledgerSigner,
  loadVerifier,
  merkleTreeHash,
  proveConsistency,
  proveEvent,
  toHex,
  verifyConsistency,
  verifyInclusion,
  verifyStoredLedger,
  verifyTreeHead,
} from './index.js';

type Obj = Record<string, unknown>;
let serial = 0;

/** An EPCIS document of `n` distinct ObjectEvents (tea cases shipped from 遂川). */
function teaDocument(n: number): Obj {
  const events = Array.from({ length: n }, () => {
    serial += 1;
    return {
      type: 'ObjectEvent',
      eventTime: new Date(1_764_000_000_000 + serial * 1000).toISOString(),
      eventTimeZoneOffset: '+08:00',
      epcList: [`https://id.gs1.org/01/06901234567892/21/LG${process.pid}x${serial}`],
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
    };
  });
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-29T08:00:00.000+08:00',
    epcisBody: { eventList: events },
  };
}

describe.each(ENGINES)('the stored log on $name', (engine) => {
  let database: Database;
  let second: Database;
  let config: Config;
  let dispose: () => Promise<void>;
  let orgId: number;
  let hook: ReturnType<typeof ledgerHook>;

  const capture = (n: number, db: Database = database) =>
    captureEvents(db, { orgId, hooks: [hook] }, teaDocument(n) as never);
  const trusted = async () =>
    (await headsFrom(database, 0, 1000)).keys.map((k) => loadVerifier(k.publicKeyPem));
  const leafHexes = async () =>
    (await database.db.selectFrom('ledger_leaves').select('leaf_hash').orderBy('leaf_index').execute()).map(
      (r) => r.leaf_hash.trim(),
    );

  beforeAll(async () => {
    const fresh = await engine.fresh({ pgPoolSize: 6 });
    config = fresh.config;
    dispose = fresh.dispose;
    database = await openDatabase(config);
    await migrateUp(database);
    // A second server node on the same PostgreSQL with its own pool; SQLite is one file in one process.
    second = database.dialect.serialisedWrites ? database : await openDatabase(config);
    const org = await createOrganisation(database.db, database.dialect, {
      kind: 'enterprise',
      name: '遂川狗牯脑茶叶合作社',
      uscc: testUscc('360827'),
      divisionCode: '360827',
    });
    orgId = org.id;
    // Two events stored before the log existed (a capture without the hook): the first append adopts them.
    await captureEvents(database, { orgId, hooks: [] }, teaDocument(2) as never);
    hook = ledgerHook(config);
  });
  afterAll(async () => {
    if (second !== database) await second?.close();
    await database?.close();
    await dispose?.();
  });

  it('creates an Ed25519 key of mode 0600 in the data dir on first start, and loads the same key again', () => {
    const path = join(config.dataDir, LEDGER_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const signer = ledgerSigner(config);
    expect(signer.algorithm).toBe('ed25519');
    expect(ledgerSigner({ ...config }).keyId).toBe(signer.keyId);
  });

  it('appends captures in order, adopting earlier events, and signs one head per capture', async () => {
    await capture(3);
    await capture(1);
    await capture(5);
    const { heads } = await headsFrom(database, 0, 100);
    expect(heads.map((h) => h.treeSize)).toEqual([5, 6, 11]);
    const events = await database.db
      .selectFrom('events')
      .select(['id', 'event_hash'])
      .orderBy('id')
      .execute();
    const leaves = await database.db.selectFrom('ledger_leaves').selectAll().orderBy('leaf_index').execute();
    expect(leaves.map((l) => Number(l.event_pk))).toEqual(events.map((e) => Number(e.id)));
    // Leaf data d is the CBV 2.0 hash string; the head roots are MTH of those leaves (RFC 9162 §2.1.1).
    const expected = events.map((e) => eventLeafHash(e.event_hash));
    expect(leaves.map((l) => l.leaf_hash.trim())).toEqual(expected.map(toHex));
    for (const h of heads) expect(h.rootHash).toBe(toHex(merkleTreeHash(expected.slice(0, h.treeSize))));
    const keys = await trusted();
    for (const h of heads) expect(verifyTreeHead(h, keys)).toEqual(h);
  });

  it('a capture of only duplicates appends nothing and signs no head', async () => {
    const before = await headsFrom(database, 0, 100);
    const doc = teaDocument(2);
    await captureEvents(database, { orgId, hooks: [hook] }, doc as never);
    await captureEvents(database, { orgId, hooks: [hook] }, doc as never);
    const after = await headsFrom(database, 0, 100);
    expect(after.heads.length).toBe(before.heads.length + 1);
  });

  it('proves every event against the current head and against every earlier head that holds it', async () => {
    const { heads } = await headsFrom(database, 0, 100);
    const events = await database.db.selectFrom('events').select(['event_id', 'event_hash']).execute();
    const roots = new Map(heads.map((h) => [h.treeSize, hashFromHex(h.rootHash)!]));
    for (const e of events) {
      const proof = await proveEvent(database, e.event_id);
      expect(proof.eventHash).toBe(e.event_hash);
      const path = proof.inclusionPath.map((p) => hashFromHex(p)!);
      expect(
        verifyInclusion(
          proof.leafIndex,
          proof.treeSize,
          eventLeafHash(e.event_hash),
          path,
          roots.get(proof.treeSize)!,
        ),
      ).toBe(true);
      for (const h of heads.filter((x) => x.treeSize > proof.leafIndex)) {
        const p = await proveEvent(database, e.event_hash, h.treeSize);
        const ok = verifyInclusion(
          p.leafIndex,
          h.treeSize,
          eventLeafHash(e.event_hash),
          p.inclusionPath.map((x) => hashFromHex(x)!),
          roots.get(h.treeSize)!,
        );
        expect(ok, `event ${p.leafIndex} in head ${h.treeSize}`).toBe(true);
      }
    }
  });

  it('proves every head consistent with every later head', async () => {
    const { heads } = await headsFrom(database, 0, 100);
    for (const a of heads) {
      for (const b of heads.filter((h) => h.treeSize >= a.treeSize)) {
        const c = await proveConsistency(database, a.treeSize, b.treeSize);
        const path = c.consistencyPath.map((p) => hashFromHex(p)!);
        expect(
          verifyConsistency(a.treeSize, b.treeSize, hashFromHex(a.rootHash)!, hashFromHex(b.rootHash)!, path),
        ).toBe(true);
      }
    }
  });

  it('answers 404 for an unknown event, a head that does not exist or a head older than the event, 400 for from > to', async () => {
    await expect(proveEvent(database, 'urn:uuid:00000000-0000-4000-8000-000000000000')).rejects.toMatchObject(
      {
        status: 404,
        code: 'LEDGER_EVENT_NOT_IN_LOG',
      },
    );
    const last = (
      await database.db
        .selectFrom('events')
        .select('event_id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).event_id;
    await expect(proveEvent(database, last, 7)).rejects.toMatchObject({
      status: 404,
      code: 'LEDGER_HEAD_NOT_FOUND',
    });
    await expect(proveEvent(database, last, 5)).rejects.toMatchObject({
      status: 404,
      code: 'LEDGER_LEAF_NOT_IN_HEAD',
    });
    await expect(proveConsistency(database, 6, 5)).rejects.toMatchObject({
      status: 400,
      code: 'LEDGER_BAD_RANGE',
    });
    await expect(proveConsistency(database, 5, 7)).rejects.toMatchObject({
      status: 404,
      code: 'LEDGER_HEAD_NOT_FOUND',
    });
  });

  it('ten captures in parallel through two database handles never fork the tree', async () => {
    const before = (await currentHead(database, ledgerSigner(config))).head.treeSize;
    const sizes = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    await Promise.all(sizes.map((n, i) => capture(n, i % 2 === 0 ? database : second)));
    const { heads } = await headsFrom(database, before, 100);
    const total = before + sizes.reduce((a, b) => a + b, 0);
    expect(heads.at(-1)?.treeSize).toBe(total);
    expect(heads.length).toBe(sizes.length + 1);
    const leaves = await database.db
      .selectFrom('ledger_leaves')
      .select(['leaf_index', 'event_pk'])
      .orderBy('leaf_index')
      .execute();
    expect(leaves.map((l) => Number(l.leaf_index))).toEqual([...Array(total).keys()]);
    expect(new Set(leaves.map((l) => Number(l.event_pk))).size).toBe(total);
    // One chain: every head is the root of a prefix of the one leaf sequence, so each extends the one before it.
    const hashes = (await leafHexes()).map((h) => hashFromHex(h)!);
    for (const h of heads) expect(h.rootHash).toBe(toHex(merkleTreeHash(hashes.slice(0, h.treeSize))));
    for (let i = 1; i < heads.length; i++) {
      const c = await proveConsistency(database, heads[i - 1]!.treeSize, heads[i]!.treeSize);
      expect(
        verifyConsistency(
          c.firstTreeSize,
          c.secondTreeSize,
          hashFromHex(heads[i - 1]!.rootHash)!,
          hashFromHex(heads[i]!.rootHash)!,
          c.consistencyPath.map((p) => hashFromHex(p)!),
        ),
      ).toBe(true);
    }
    expect((await verifyStoredLedger(database)).ok).toBe(true);
  });

  it('after a key rotation the heads of the old key still verify, and a head of a foreign key is refused', async () => {
    const rotated = { ...config, ledgerKey: join(config.dataDir, 'rotated.pem') };
    writeFileSync(rotated.ledgerKey, generateLedgerKey('ed25519').privateKeyPem, { mode: 0o600 });
    const newHook = ledgerHook(rotated);
    await captureEvents(database, { orgId, hooks: [newHook] }, teaDocument(2) as never);
    const { heads, keys } = await headsFrom(database, 0, 1000);
    expect(new Set(heads.map((h) => h.keyId)).size).toBe(2);
    expect(keys.length).toBe(2);
    const verifiers = keys.map((k) => loadVerifier(k.publicKeyPem));
    for (const h of heads) verifyTreeHead(h, verifiers);
    // Only the rotated key: heads of the first key are refused.
    const onlyNew = loadVerifier(ledgerSigner(rotated).publicKeyPem);
    expect(() => verifyTreeHead(heads[0]!, onlyNew)).toThrow(/not a trusted ledger key/);
    const audit = await verifyStoredLedger(database);
    expect(audit.ok, audit.problems.join('\n')).toBe(true);
    expect(audit.headsVerified).toBe(heads.length);
  });

  it('signs with SM2 (SM3) when configured for 国密, and refuses a key of the other algorithm', async () => {
    const sm2 = { ...config, ledgerKey: join(config.dataDir, 'sm2.pem'), ledgerAlgorithm: 'sm2' as const };
    writeFileSync(sm2.ledgerKey, generateLedgerKey('sm2-sm3').privateKeyPem, { mode: 0o600 });
    await captureEvents(database, { orgId, hooks: [ledgerHook(sm2)] }, teaDocument(1) as never);
    const { head, publicKey } = await currentHead(database, ledgerSigner(sm2));
    expect(head.algorithm).toBe('sm2-sm3');
    expect(verifyTreeHead(head, loadVerifier(publicKey.publicKeyPem))).toEqual(head);
    expect(() => ledgerSigner({ ...sm2, ledgerAlgorithm: 'ed25519' })).toThrow(
      /is an sm2-sm3 key but ZHUISU_LEDGER_ALGORITHM is ed25519/,
    );
    expect(() => ledgerSigner({ ...config, ledgerKey: join(config.dataDir, 'missing.pem') })).toThrow(
      /cannot be read/,
    );
  });

  it('an audit names the first edited, deleted or swapped event row, and events stored around the log', async () => {
    const rows = await database.db
      .selectFrom('ledger_leaves')
      .select(['leaf_index', 'event_pk'])
      .orderBy('leaf_index')
      .execute();
    const pkAt = (i: number) => Number(rows[i]!.event_pk);
    const docOf = async (pk: number) =>
      (await database.db.selectFrom('events').select('doc').where('id', '=', pk).executeTakeFirstOrThrow())
        .doc;
    const setDoc = (pk: number, doc: unknown) =>
      database.db
        .updateTable('events')
        .set({ doc: doc as never })
        .where('id', '=', pk)
        .execute();
    expect((await verifyStoredLedger(database)).ok).toBe(true);

    // Edited: another EPC in leaf 7's event.
    const original = await docOf(pkAt(7));
    const edited = structuredClone(database.dialect.decodeJson<Obj>(original));
    edited.epcList = ['https://id.gs1.org/01/06901234567892/21/FORGED'];
    await setDoc(pkAt(7), database.dialect.encodeJson(edited));
    let audit = await verifyStoredLedger(database);
    expect(audit.ok).toBe(false);
    expect(audit.firstBadLeaf).toBe(7);
    expect(audit.badLeaves[0]).toMatchObject({ leafIndex: 7, reason: 'edited' });
    await setDoc(pkAt(7), original);

    // Swapped: leaves 3 and 9 trade documents.
    const [d3, d9] = [await docOf(pkAt(3)), await docOf(pkAt(9))];
    await setDoc(pkAt(3), d9);
    await setDoc(pkAt(9), d3);
    audit = await verifyStoredLedger(database);
    expect(audit.firstBadLeaf).toBe(3);
    expect(audit.badLeaves.map((b) => b.leafIndex)).toEqual([3, 9]);
    await setDoc(pkAt(3), d3);
    await setDoc(pkAt(9), d9);
    expect((await verifyStoredLedger(database)).ok).toBe(true);

    // Stored around the log: an event row with no leaf.
    await captureEvents(database, { orgId, hooks: [] }, teaDocument(1) as never);
    audit = await verifyStoredLedger(database);
    expect(audit.eventsOutsideLog.length).toBe(1);
    expect(audit.ok).toBe(false);

    // Deleted: leaf 4's event row is gone.
    for (const t of ['event_identifiers', 'event_attrs', 'event_orgs'] as const) {
      await database.db.deleteFrom(t).where('event_pk', '=', pkAt(4)).execute();
    }
    await database.db.deleteFrom('events').where('id', '=', pkAt(4)).execute();
    audit = await verifyStoredLedger(database);
    expect(audit.firstBadLeaf).toBe(4);
    expect(audit.badLeaves[0]).toMatchObject({ leafIndex: 4, reason: 'deleted' });
    expect(audit.problems[0]).toMatch(/first bad leaf: 4 /);
  });
});
