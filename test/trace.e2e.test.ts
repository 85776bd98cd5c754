/**
 * End-to-end: the trace graph over a multi-company tea chain captured through the real pipeline — backward and
 * forward walks, holders and quantities, counties, repack, merge of three lots, return and re-shipment, a shipment
 * never received, an error declaration, a cycle, scopes, and the regulator HTTP routes (audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Principal, scopeFor } from '../src/modules/access/index.js';
import { runTrace, type TraceResult, traceCode } from '../src/modules/trace/index.js';
import { buildTeaChain, canonicalOf, TEA, type TeaChain } from '../src/modules/trace/tea-chain.fixtures.js';
import { seedKey, seedOrg, startPlatform, type TestPlatform } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const c = canonicalOf;

function principal(
  kind: Principal['org']['kind'],
  orgId: number,
  extra: Partial<Principal['org']> = {},
): Principal {
  return {
    via: 'key',
    userId: null,
    keyId: null,
    username: null,
    role: 'manager',
    org: { id: orgId, kind, name: kind, uscc: null, divisionCode: null, categories: [], ...extra },
  };
}

const holderOf = (r: TraceResult, name: string) => r.summary.holders.find((h) => h.name?.startsWith(name));
const nodeIds = (r: TraceResult) => new Set(r.nodes.map((n) => n.id));

describe.each(ENGINES)('trace graph on $name', (engine) => {
  let p: TestPlatform;
  let chain: TeaChain;
  const admin = () => scopeFor(principal('admin', 1), () => []);

  beforeAll(async () => {
    p = await startPlatform(engine);
    chain = await buildTeaChain(p.database, p.app.captureHooks);
  }, 60_000);
  afterAll(async () => p?.close());

  it('walks backward from a retail item to the packed lot, the three merged supplier lots and the pesticide sprayed', async () => {
    const r = await traceCode(p.database.db, admin(), TEA.items[1]!, { direction: 'backward' });
    const ids = nodeIds(r);
    for (const code of [TEA.packedLot, TEA.harvest1, TEA.harvest2, TEA.harvest3, TEA.pesticideLot])
      expect(ids.has(c(code)), code).toBe(true);
    expect(r.root.id).toBe(c(TEA.items[1]!));
    expect(r.root.kind).toBe('item');
    expect(r.root.product?.name).toBe('狗牯脑茶');
    // Siblings in the same case are not "where it came from".
    expect(ids.has(c(TEA.items[2]!))).toBe(false);
    const origins = r.summary.origins.map((o) => o.code).sort();
    expect(origins).toEqual([c(TEA.harvest2), c(TEA.harvest3), c(TEA.pesticideLot)].sort());
    expect(r.summary.origins.find((o) => o.code === c(TEA.pesticideLot))?.uscc).toBe(
      chain.orgs.pesticideMaker.uscc,
    );
    // Every custodian in order: the packer handed the pallet to the 吉州区 supermarket.
    const custody = r.edges.filter((e) => e.type === 'custody');
    expect(
      custody.some(
        (e) =>
          e.from === chain.orgs.packer.party &&
          e.to === chain.orgs.supermarket.party &&
          e.status === 'paired',
      ),
    ).toBe(true);
    const times = custody.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    const roles = r.parties.find((x) => x.uscc === chain.orgs.supermarket.uscc)?.roles ?? [];
    expect(roles).toContain('receiver');
  });

  it('walks forward from the pesticide lot to every item made from it, with holders by county', async () => {
    const r = await traceCode(p.database.db, admin(), TEA.pesticideLot, { direction: 'forward' });
    expect(r.summary.items).toBe(6);
    const ids = nodeIds(r);
    for (const item of TEA.items) expect(ids.has(c(item))).toBe(true);
    // Not upstream lots merged in from other farms.
    expect(ids.has(c(TEA.harvest2))).toBe(false);
    const sm = holderOf(r, '吉州超市')!;
    expect(sm.itemsSold).toBe(1); // item 1 sold at the till
    expect(sm.items).toBe(2); // items 2 (re-cased) and 3
    const sm2 = holderOf(r, '吉安县超市')!;
    expect(sm2.items).toBe(3); // case 2 returned to the packer and re-shipped to 吉安县
    const counties = new Map(r.summary.counties.map((x) => [x.division, x]));
    expect(counties.get('360802')?.name).toBe('吉州区');
    expect(counties.get('360821')?.items).toBe(3);
  });

  it('adds up class quantities per holder to what was produced, counting a shipment never received as in transit', async () => {
    const r = await traceCode(p.database.db, admin(), TEA.packedLot, { direction: 'forward' });
    const kg = (name: string) => holderOf(r, name)?.quantities.find((u) => u.uom === 'KGM')?.quantity ?? 0;
    expect(kg('泰和茶叶加工厂')).toBe(500);
    expect(kg('吉州超市')).toBe(300);
    expect(kg('吉安县超市')).toBe(200);
    expect(kg('泰和茶叶加工厂') + kg('吉州超市') + kg('吉安县超市')).toBe(1000);
    const lost = r.edges.find(
      (e) => e.type === 'custody' && e.to === chain.orgs.supermarket2.party && e.status === 'in_transit',
    );
    expect(lost).toBeDefined();
    const pesticide = await traceCode(p.database.db, admin(), TEA.pesticideLot, { direction: 'forward' });
    const litres = pesticide.summary.holders.reduce(
      (a, h) => a + (h.quantities.find((u) => u.uom === 'LTR')?.quantity ?? 0),
      0,
    );
    expect(litres).toBe(99.5); // 100 made, 0.5 sprayed
  });

  it('keeps a child in a case only for its window: unpacked items are not in the case afterwards, the re-packed one is in its new case', async () => {
    const before = await traceCode(p.database.db, admin(), TEA.case1, {
      direction: 'forward',
      at: new Date(chain.times.packed).toISOString(),
    });
    expect(nodeIds(before).has(c(TEA.items[0]!))).toBe(true);
    const case3 = await traceCode(p.database.db, admin(), TEA.case3, { direction: 'forward' });
    expect([...nodeIds(case3)].filter((id) => id.includes('/21/'))).toEqual([c(TEA.items[1]!)]);
    const item2 = await traceCode(p.database.db, admin(), TEA.items[1]!, { direction: 'backward' });
    expect(nodeIds(item2).has(c(TEA.case1))).toBe(false); // containers are followed upward only, not listed as nodes
    expect(
      item2.edges.some(
        (e) => e.type === 'aggregation' && e.from === c(TEA.case3) && e.to === c(TEA.items[1]!),
      ),
    ).toBe(true);
  });

  it('leaves an aggregation declared erroneous out of the walk and shows it as such', async () => {
    const r = await traceCode(p.database.db, admin(), TEA.case1, { direction: 'forward' });
    expect(nodeIds(r).has(c(TEA.items[5]!))).toBe(false);
    const item6 = await traceCode(p.database.db, admin(), TEA.items[5]!, { direction: 'backward' });
    expect(item6.erroneous.map((e) => e.eventID)).toContain(chain.wrongAggregation);
    expect(item6.edges.some((e) => e.from === c(TEA.case1))).toBe(false);
  });

  it('ends on a cycle and honours the depth limit', async () => {
    const r = await traceCode(p.database.db, admin(), TEA.packedLot, { direction: 'forward' });
    expect(nodeIds(r).has(c(TEA.reprocessed))).toBe(true);
    const shallow = await traceCode(p.database.db, admin(), TEA.pesticideLot, {
      direction: 'forward',
      depth: 1,
    });
    expect(shallow.truncated).toBe(true);
    expect(nodeIds(shallow).has(c(TEA.packedLot))).toBe(false);
  });

  it('shows a county regulator only its area, a department only its categories, an enterprise only its segment', async () => {
    const divisions = (code: string) => (code === '360802' ? [] : []);
    const jizhou = scopeFor(principal('county', 2, { divisionCode: '360802' }), divisions);
    const r = await traceCode(p.database.db, jizhou, TEA.items[1]!, { direction: 'backward' });
    expect(
      r.events.every(
        (e) =>
          e.organisation.uscc === chain.orgs.supermarket.uscc ||
          e.organisation.uscc === chain.orgs.packer.uscc,
      ),
    ).toBe(true);
    expect(nodeIds(r).has(c(TEA.pesticideLot))).toBe(false);
    const yongxin = scopeFor(principal('county', 3, { divisionCode: '360830' }), () => []);
    await expect(
      traceCode(p.database.db, yongxin, TEA.items[1]!, { direction: 'backward' }),
    ).rejects.toMatchObject({ status: 404 });
    const food = scopeFor(principal('department', 4, { categories: ['FOOD'] }), () => []);
    await expect(
      traceCode(p.database.db, food, TEA.items[1]!, { direction: 'backward' }),
    ).rejects.toMatchObject({ code: 'TRACE_CODE_NOT_FOUND' });
    const agri = scopeFor(principal('department', 5, { categories: ['AGRI'] }), () => []);
    const a = await traceCode(p.database.db, agri, TEA.items[1]!, { direction: 'backward' });
    expect(nodeIds(a).has(c(TEA.harvest2))).toBe(true);
    expect(nodeIds(a).has(c(TEA.pesticideLot))).toBe(false);
    const shop = scopeFor(principal('enterprise', chain.orgs.supermarket.id), () => []);
    const s = await traceCode(p.database.db, shop, TEA.items[1]!, { direction: 'backward' });
    expect(s.parties.some((x) => x.uscc === chain.orgs.packer.uscc)).toBe(true); // its supplier
    expect(s.parties.some((x) => x.uscc === chain.orgs.farm2.uscc)).toBe(false); // not the supplier's suppliers
    const rival = scopeFor(principal('enterprise', chain.orgs.competitor.id), () => []);
    await expect(
      traceCode(p.database.db, rival, TEA.items[1]!, { direction: 'backward' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('answers bad input cleanly: unknown code, never-captured code, depth 10 000, a future cut-off', async () => {
    await expect(
      traceCode(p.database.db, admin(), 'not-a-code', { direction: 'forward' }),
    ).rejects.toMatchObject({ status: 404, code: 'TRACE_CODE_NOT_FOUND' });
    const never = await runTrace(p.database.db, admin(), 'urn:epc:id:sgtin:6901234.066789.NEVER', {
      direction: 'forward',
    }).catch((e) => e);
    expect(never.status).toBe(404);
    expect(never.extra.understood.canonical).toBe(c('urn:epc:id:sgtin:6901234.066789.NEVER'));
    await expect(
      traceCode(p.database.db, admin(), TEA.pesticideLot, { direction: 'forward', depth: 10_000 }),
    ).rejects.toMatchObject({ code: 'TRACE_BAD_DEPTH' });
    await expect(
      traceCode(p.database.db, admin(), TEA.pesticideLot, {
        direction: 'forward',
        at: '2999-01-01T00:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'TRACE_BAD_AT' });
  });

  it('serves the regulator route, audits the read and exports CSV and XLSX', async () => {
    const dept = await seedOrg(
      p,
      { kind: 'department', name: '吉安市农业农村局', categories: ['AGRI', 'INPUT'] },
      `agri-${engine.name}`,
    );
    const { key } = await seedKey(p, dept.orgId);
    const url = `/api/gov/trace/${encodeURIComponent(TEA.items[1]!)}?direction=backward`;
    const res = await p.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary.origins.length).toBe(3);
    const audit = await p.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'read.trace')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    const csv = await p.app.inject({
      url: `/api/gov/trace/${encodeURIComponent(TEA.packedLot)}/export?direction=forward&format=csv`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n').length).toBeGreaterThan(5);
    const xlsx = await p.app.inject({
      url: `/api/gov/trace/${encodeURIComponent(TEA.packedLot)}/export?direction=forward&format=xlsx`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const unknown = await p.app.inject({
      url: `/api/gov/trace/${encodeURIComponent('(01)06901234000003(21)X')}?direction=forward`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().understood.scheme).toBeDefined();
  });
});
