/**
 * End-to-end: the tamper-evident log through HTTP and the CLI on both engines — capture, prove every event against
 * the signed head, prove heads consistent, refuse a head of another key, and `zhuisu ledger verify` naming the first
 * edited, swapped or deleted event row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, knownInvalid, readConformance } from '../src/modules/epcis/conformance.fixtures.js';
import {
  eventLeafHash,
  generateLedgerKey,
  hashFromHex,
  loadSigner,
  loadVerifier,
  type SignedTreeHead,
  signTreeHead,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '../src/modules/ledger/index.js';
import { seedKey, seedOrg, startPlatform, type TestPlatform, testUscc } from './helpers/app.js';
import { zhuisu } from './helpers/cli.js';
import { ENGINES } from './helpers/engines.js';

type Obj = Record<string, unknown>;

// Conformance documents that capture cleanly together: valid, and not reusing another file's eventIDs.
const knownBad = [...knownInvalid('JSON-Schema').keys()];
const examples = filesUnder('epcis-examples/gs1-EPCIS', /\.(json|jsonld)$/)
  .map((f) => `epcis-examples/gs1-EPCIS/${f}`)
  .filter((f) => !/QueryDocument/.test(f) && !knownBad.some((k) => f.endsWith(k)));

function ownDocument(tag: string, n: number): string {
  return JSON.stringify({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-29T08:00:00.000+08:00',
    epcisBody: {
      eventList: Array.from({ length: n }, (_, i) => ({
        type: 'ObjectEvent',
        eventTime: new Date(1_764_000_000_000 + i * 60_000).toISOString(),
        eventTimeZoneOffset: '+08:00',
        epcList: [`https://id.gs1.org/01/06901234567892/21/${tag}${i}`],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
      })),
    },
  });
}

describe.each(ENGINES)('the tamper-evident log on $name', (engine) => {
  let p: TestPlatform;
  let keyA: string;
  let keyB: string;
  let orgA: number;
  let stored = 0;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = async (url: string, key?: string) => {
    const res = await p.app.inject({ url, ...(key ? { headers: auth(key) } : {}) });
    return { status: res.statusCode, body: res.json() as Obj };
  };
  const cliEnv = () => ({
    ZHUISU_DATA_DIR: p.config.dataDir,
    DATABASE_URL: p.config.databaseUrl ?? '',
    ZHUISU_PG_SCHEMA: p.config.pgSchema ?? '',
  });

  /** Captures a document and waits for its job; answers whether it was stored. */
  async function capture(key: string, body: string, mustSucceed = true): Promise<boolean> {
    const res = await p.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { ...auth(key), 'content-type': 'application/ld+json' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(202);
    for (let i = 0; i < 500; i++) {
      const job = (await get(res.headers.location as string, key)).body as {
        running: boolean;
        success: boolean;
      };
      if (!job.running) {
        if (mustSucceed) expect(job.success, JSON.stringify(job)).toBe(true);
        return job.success;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('capture job did not finish');
  }

  beforeAll(async () => {
    p = await startPlatform(engine);
    const a = await seedOrg(
      p,
      { kind: 'enterprise', name: '遂川狗牯脑茶叶合作社', uscc: testUscc('360827'), divisionCode: '360827' },
      `tea-${engine.name}`,
    );
    const b = await seedOrg(
      p,
      { kind: 'enterprise', name: '吉州超市', uscc: testUscc('360802'), divisionCode: '360802' },
      `shop-${engine.name}`,
    );
    orgA = a.orgId;
    keyA = (await seedKey(p, a.orgId)).key;
    keyB = (await seedKey(p, b.orgId)).key;
    // Some examples reuse another's eventID with other content (409): those are refused whole and sign no head.
    for (const path of examples) if (await capture(keyA, readConformance(path), false)) stored += 1;
    expect(stored).toBeGreaterThan(5);
    await capture(keyA, ownDocument('TEA', 5));
    await capture(keyB, ownDocument('SHOP', 3));
  }, 120_000);
  afterAll(async () => p?.close());

  async function trustedHead(): Promise<{ head: SignedTreeHead; verifier: ReturnType<typeof loadVerifier> }> {
    const { status, body } = await get('/epcis/ledger/head', keyA);
    expect(status).toBe(200);
    const verifier = loadVerifier((body.publicKey as { publicKeyPem: string }).publicKeyPem);
    return { head: verifyTreeHead(body.head, verifier), verifier };
  }

  it('every captured event has an inclusion proof that verifies against the signed head', async () => {
    const { head } = await trustedHead();
    const root = hashFromHex(head.rootHash)!;
    const rows = await p.database.db
      .selectFrom('events')
      .select(['event_id', 'event_hash', 'recorder_org_id'])
      .execute();
    expect(head.treeSize).toBe(rows.length);
    for (const row of rows) {
      const key = Number(row.recorder_org_id) === orgA ? keyA : keyB;
      const { status, body } = await get(`/epcis/ledger/proof/${encodeURIComponent(row.event_id)}`, key);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.head).toEqual(head);
      expect(body.eventHash).toBe(row.event_hash);
      const path = (body.inclusionPath as string[]).map((h) => hashFromHex(h)!);
      const leaf = eventLeafHash(row.event_hash);
      expect(verifyInclusion(body.leafIndex as number, head.treeSize, leaf, path, root), row.event_id).toBe(
        true,
      );
      expect(
        verifyInclusion(
          body.leafIndex as number,
          head.treeSize,
          eventLeafHash(`${row.event_hash}x`),
          path,
          root,
        ),
      ).toBe(false);
    }
  });

  it('the public proof carries no event body and verifies against the public head', async () => {
    const head = (await get('/api/public/ledger/head')).body.head as SignedTreeHead;
    const row = await p.database.db
      .selectFrom('events')
      .select(['event_id', 'event_hash'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { status, body } = await get(`/api/public/ledger/proof/${encodeURIComponent(row.event_id)}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['head', 'inclusionPath', 'leafHash', 'leafIndex', 'treeSize']);
    expect(body.leafHash).toBe(Buffer.from(eventLeafHash(row.event_hash)).toString('hex'));
    const path = (body.inclusionPath as string[]).map((h) => hashFromHex(h)!);
    expect(
      verifyInclusion(
        body.leafIndex as number,
        head.treeSize,
        hashFromHex(body.leafHash as string)!,
        path,
        hashFromHex(head.rootHash)!,
      ),
    ).toBe(true);
    expect((await get('/api/public/ledger/proof/urn:uuid:nothing-here')).status).toBe(404);
  });

  it('a proof of an event the caller may not see, of an unknown event or against a missing head is a 404', async () => {
    const theirs = await p.database.db
      .selectFrom('events')
      .select('event_id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const hidden = await get(`/epcis/ledger/proof/${encodeURIComponent(theirs.event_id)}`, keyA);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('EVENTS_NOT_FOUND');
    expect(
      (await get('/epcis/ledger/proof/urn:uuid:00000000-0000-4000-8000-000000000000', keyA)).status,
    ).toBe(404);
    const mine = await p.database.db
      .selectFrom('events')
      .select('event_id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const noHead = await get(
      `/epcis/ledger/proof/${encodeURIComponent(mine.event_id)}?treeSize=999999`,
      keyA,
    );
    expect(noHead.status).toBe(404);
    expect(noHead.body.code).toBe('LEDGER_HEAD_NOT_FOUND');
    expect((await get('/epcis/ledger/head')).status).toBe(401);
  });

  it('consistency proofs between the signed heads verify; from > to is a 400 and a missing head a 404', async () => {
    const { verifier } = await trustedHead();
    const { body } = await get('/epcis/ledger/heads?limit=1000', keyA);
    const heads = (body.heads as unknown[]).map((h) => verifyTreeHead(h, verifier));
    // One head per capture that stored something (a document of only duplicates signs none).
    expect(heads.length).toBeGreaterThan(2);
    expect(heads.length).toBeLessThanOrEqual(stored + 2);
    for (let i = 0; i < heads.length; i++) {
      for (const j of [i, i + 1, heads.length - 1]) {
        const [a, b] = [heads[i]!, heads[Math.min(j, heads.length - 1)]!];
        const c = await get(`/epcis/ledger/consistency?from=${a.treeSize}&to=${b.treeSize}`, keyA);
        expect(c.status, JSON.stringify(c.body)).toBe(200);
        const path = (c.body.consistencyPath as string[]).map((h) => hashFromHex(h)!);
        expect(
          verifyConsistency(a.treeSize, b.treeSize, hashFromHex(a.rootHash)!, hashFromHex(b.rootHash)!, path),
        ).toBe(true);
      }
    }
    const [first, last] = [heads[0]!, heads.at(-1)!];
    expect(
      (await get(`/epcis/ledger/consistency?from=${last.treeSize}&to=${first.treeSize}`, keyA)).status,
    ).toBe(400);
    expect(
      (await get(`/epcis/ledger/consistency?from=${first.treeSize}&to=${last.treeSize + 1}`, keyA)).status,
    ).toBe(404);
  });

  it('a head signed with another key, or with its root changed, is refused', async () => {
    const { head, verifier } = await trustedHead();
    const forger = loadSigner(generateLedgerKey('ed25519').privateKeyPem);
    const forged = signTreeHead(forger, {
      treeSize: head.treeSize + 1,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
    });
    expect(() => verifyTreeHead(forged, verifier)).toThrow(/not a trusted ledger key/);
    expect(() => verifyTreeHead({ ...forged, keyId: head.keyId }, verifier)).toThrow(/does not verify/);
    expect(() => verifyTreeHead({ ...head, rootHash: '0'.repeat(64) }, verifier)).toThrow(/does not verify/);
  });

  it('zhuisu ledger verify passes, then names the first edited, swapped or deleted event row with exit 1', async () => {
    const ok = await zhuisu(['ledger', 'verify', '--json'], { env: cliEnv() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, firstBadLeaf: null });

    const { db, dialect } = p.database;
    const leaves = await db.selectFrom('ledger_leaves').select('event_pk').orderBy('leaf_index').execute();
    const pkAt = (i: number) => Number(leaves[i]!.event_pk);
    const docOf = async (pk: number) =>
      (await db.selectFrom('events').select('doc').where('id', '=', pk).executeTakeFirstOrThrow()).doc;
    const setDoc = (pk: number, doc: unknown) =>
      db
        .updateTable('events')
        .set({ doc: doc as never })
        .where('id', '=', pk)
        .execute();
    const verify = async (...flags: string[]) => {
      const r = await zhuisu(['ledger', 'verify', ...flags], { env: cliEnv() });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      return r;
    };

    // Edited: leaf 4's event gets another eventTime; and leaf 9's event row is deleted.
    const original = await docOf(pkAt(4));
    const edited = structuredClone(dialect.decodeJson<Obj>(original));
    edited.eventTime = '2020-01-01T00:00:00.000Z';
    await setDoc(pkAt(4), dialect.encodeJson(edited));
    await db.deleteFrom('events').where('id', '=', pkAt(9)).execute();
    const both = await verify('--json');
    expect(JSON.parse(both.stdout)).toMatchObject({
      ok: false,
      firstBadLeaf: 4,
      badLeaves: [
        { leafIndex: 4, eventPk: pkAt(4), reason: 'edited' },
        { leafIndex: 9, eventPk: pkAt(9), eventId: null, reason: 'deleted' },
      ],
    });
    expect(both.stderr).toMatch(/the first bad leaf is 4 \[LEDGER_TAMPERED\]/);
    await setDoc(pkAt(4), original);

    // Re-ordered: leaves 2 and 6 swap their documents (leaf 9 is still gone).
    const [d2, d6] = [await docOf(pkAt(2)), await docOf(pkAt(6))];
    await setDoc(pkAt(2), d6);
    await setDoc(pkAt(6), d2);
    const swapped = await verify();
    expect(swapped.stdout, swapped.stderr).toMatch(
      /first bad leaf: 2 \(event pk \d+, eventID [^)]+\): its stored event no longer hashes/,
    );
    expect(swapped.stderr).toMatch(/the first bad leaf is 2 \[LEDGER_TAMPERED\]/);
  }, 90_000);
});
