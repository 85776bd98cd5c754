/**
 * End-to-end: a regulator orders a recall of the packed tea lot — it reaches every holder the forward walk finds,
 * the public query shows `recalled`, holders acknowledge and record returns and destruction as EPCIS events, progress
 * reaches 100 %, the report closes it. Complaints from the public are validated, limited, routed and followed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Principal, scopeFor } from '../src/modules/access/index.js';
import { captureEvents } from '../src/modules/events/index.js';
import { traceCode } from '../src/modules/trace/index.js';
import {
  buildTeaChain,
  canonicalOf,
  type OrgRef,
  TEA,
  type TeaChain,
} from '../src/modules/trace/tea-chain.fixtures.js';
import { seedKey, seedOrg, startPlatform, type TestPlatform } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const ADMIN: Principal = {
  via: 'key',
  userId: null,
  keyId: null,
  username: null,
  role: 'admin',
  org: { id: 1, kind: 'admin', name: 'admin', uscc: null, divisionCode: null, categories: [] },
};

describe.each(ENGINES)('recalls and complaints on $name', (engine) => {
  let p: TestPlatform;
  let chain: TeaChain;
  let gov: string;
  let keys: Map<number, string>;
  let recallId: number;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    p = await startPlatform(engine);
    chain = await buildTeaChain(p.database, p.app.captureHooks);
    const dept = await seedOrg(
      p,
      { kind: 'department', name: '吉安市农业农村局', categories: ['AGRI', 'INPUT'] },
      `agri-r-${engine.name}`,
    );
    await seedOrg(
      p,
      { kind: 'county', name: '吉州区人民政府', divisionCode: '360802' },
      `jz-r-${engine.name}`,
    );
    gov = (await seedKey(p, dept.orgId)).key;
    keys = new Map();
    for (const o of Object.values(chain.orgs) as OrgRef[]) keys.set(o.id, (await seedKey(p, o.id)).key);
  }, 60_000);
  afterAll(async () => p?.close());

  const capture = (by: OrgRef, event: Record<string, unknown>) =>
    captureEvents(p.database, { orgId: by.id, hooks: p.app.captureHooks }, {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: new Date().toISOString(),
      epcisBody: {
        eventList: [{ eventTime: new Date().toISOString(), eventTimeZoneOffset: '+08:00', ...event }],
      },
    } as never);

  it('orders a recall that reaches every holder the forward walk finds and notifies each', async () => {
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/gov/recalls',
      headers: auth(gov),
      payload: {
        code: TEA.packedLot,
        level: 'I',
        reason: '农药残留超标 pesticide residue above limit',
        deadline,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const recall = res.json();
    recallId = recall.id;
    expect(recall.kind).toBe('ordered');
    expect(recall.status).toBe('open');
    const walk = await traceCode(
      p.database.db,
      scopeFor(ADMIN, () => []),
      TEA.packedLot,
      { direction: 'forward' },
    );
    expect(recall.holders.map((h: { uscc: string }) => h.uscc).sort()).toEqual(
      walk.summary.holders.map((h) => h.uscc).sort(),
    );
    expect(recall.holders.length).toBe(3);
    expect(recall.holders.every((h: { notifiedAt: string | null }) => h.notifiedAt !== null)).toBe(true);
    expect(recall.progress.percent).toBe(0);
    const inbox = await p.app.inject({
      url: '/api/enterprise/inbox',
      headers: auth(keys.get(chain.orgs.supermarket.id)!),
    });
    expect(
      inbox
        .json()
        .some((n: { kind: string; recallId: number }) => n.kind === 'recall' && n.recallId === recallId),
    ).toBe(true);
    const rival = await p.app.inject({
      url: '/api/enterprise/inbox',
      headers: auth(keys.get(chain.orgs.competitor.id)!),
    });
    expect(rival.json()).toEqual([]);
  });

  it('shows the recalled codes as recalled to the public while open, and refuses a second recall of them', async () => {
    const status = await p.app.inject({
      url: `/api/public/recall-status?code=${encodeURIComponent(TEA.items[1]!)}`,
    });
    expect(status.json().status).toBe('recalled');
    const other = await p.app.inject({
      url: `/api/public/recall-status?code=${encodeURIComponent(TEA.harvest2)}`,
    });
    expect(other.json().status).toBe('normal');
    const again = await p.app.inject({
      method: 'POST',
      url: '/api/gov/recalls',
      headers: auth(gov),
      payload: {
        code: TEA.items[0],
        level: 'II',
        reason: 'again',
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('RECALL_ALREADY_OPEN');
    const rival = await p.app.inject({
      method: 'POST',
      url: '/api/enterprise/recalls',
      headers: auth(keys.get(chain.orgs.competitor.id)!),
      payload: {
        code: TEA.harvest2,
        level: 'III',
        reason: 'not mine',
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(rival.statusCode).toBe(404);
  });

  it('tracks acknowledgements, returns and destruction to 100 % and closes with XLSX and PDF reports', async () => {
    const { packer, supermarket: sm, supermarket2: sm2 } = chain.orgs;
    const ack = await p.app.inject({
      method: 'POST',
      url: `/api/enterprise/recalls/${recallId}/acknowledge`,
      headers: auth(keys.get(sm.id)!),
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(
      ack.json().holders.find((h: { uscc: string }) => h.uscc === sm.uscc).acknowledgedAt,
    ).not.toBeNull();
    const move = (from: OrgRef, to: OrgRef) => ({
      sourceList: [{ type: 'owning_party', source: from.party }],
      destinationList: [{ type: 'owning_party', destination: to.party }],
    });
    const kg = (n: number) => [{ epcClass: TEA.packedLot, quantity: n, uom: 'KGM' }];
    await capture(sm, {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'recalled',
      epcList: TEA.items.slice(0, 3),
      quantityList: kg(300),
      ...move(sm, packer),
    });
    let mid = (await p.app.inject({ url: `/api/gov/recalls/${recallId}`, headers: auth(gov) })).json();
    expect(mid.holders.find((h: { uscc: string }) => h.uscc === sm.uscc).percent).toBe(100);
    expect(mid.progress.percent).toBeGreaterThan(0);
    expect(mid.progress.percent).toBeLessThan(100);
    await capture(sm2, {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'returned',
      epcList: [TEA.case2],
      quantityList: kg(200),
      ...move(sm2, packer),
    });
    await capture(packer, {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'destroying',
      disposition: 'destroyed',
      quantityList: kg(500),
    });
    mid = (await p.app.inject({ url: `/api/gov/recalls/${recallId}`, headers: auth(gov) })).json();
    expect(mid.progress.percent).toBe(100);
    expect(mid.progress.holdersComplete).toBe(3);
    expect(mid.progress.holdersLate).toBe(0);
    const xlsx = await p.app.inject({
      url: `/api/gov/recalls/${recallId}/report?format=xlsx`,
      headers: auth(gov),
    });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await p.app.inject({
      url: `/api/gov/recalls/${recallId}/report?format=pdf`,
      headers: auth(gov),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const closed = await p.app.inject({
      method: 'POST',
      url: `/api/gov/recalls/${recallId}/close`,
      headers: auth(gov),
    });
    expect(closed.json().status).toBe('closed');
    const status = await p.app.inject({
      url: `/api/public/recall-status?code=${encodeURIComponent(TEA.items[1]!)}`,
    });
    expect(status.json().status).toBe('normal');
  });

  it('files a complaint, routes it to the department of the category and the county where it was bought, and lets the complainant follow it', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/public/complaints',
      payload: { code: TEA.items[0], text: '茶叶有异味，包装破损。', contact: '13800000000' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    expect(filed.status).toBe('assigned');
    const list = (await p.app.inject({ url: '/api/gov/complaints', headers: auth(gov) })).json();
    const mine = list.find((c: { receipt: string }) => c.receipt === filed.receipt);
    expect(mine.category).toBe('AGRI');
    expect(mine.division).toBe('360802');
    expect(mine.responsibleOrgId).toBe(chain.orgs.packer.id);
    const moved = await p.app.inject({
      method: 'PATCH',
      url: `/api/gov/complaints/${mine.id}`,
      headers: auth(gov),
      payload: { status: 'investigating', note: '已派员抽检' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const followed = (await p.app.inject({ url: `/api/public/complaints/${filed.receipt}` })).json();
    expect(followed.history.map((h: { status: string }) => h.status)).toEqual([
      'received',
      'assigned',
      'investigating',
    ]);
    expect(JSON.stringify(followed)).not.toContain('13800000000');
  });

  it('answers bad complaints cleanly: script in the text, a 50 MB photo, a fake photo, too many from one client', async () => {
    const script = await p.app.inject({
      method: 'POST',
      url: '/api/public/complaints',
      payload: { code: TEA.items[1], text: 'bad <script>alert(1)</script> tea' },
    });
    expect(script.statusCode).toBe(400);
    expect(script.json().code).toBe('COMPLAINT_MARKUP');
    const huge = await p.app.inject({
      method: 'POST',
      url: '/api/public/complaints',
      payload: { code: TEA.items[1], text: 'a huge photo', photo: 'A'.repeat(50 * 1024 * 1024) },
    });
    expect(huge.statusCode).toBe(413);
    const fake = await p.app.inject({
      method: 'POST',
      url: '/api/public/complaints',
      payload: {
        code: TEA.items[1],
        text: 'not an image',
        photo: Buffer.from('hello world').toString('base64'),
      },
    });
    expect(fake.json().code).toBe('COMPLAINT_BAD_PHOTO');
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await p.app.inject({
        method: 'POST',
        url: '/api/public/complaints',
        remoteAddress: '10.9.9.9',
        payload: { code: 'UNKNOWN-CODE-1', text: `complaint number ${i}` },
      });
      codes.push(r.statusCode);
    }
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
    expect(canonicalOf(TEA.items[0]!)).toContain('/21/');
  });
});
