/**
 * End-to-end on the Ji'an demo (issue 7, "Done when"): a regulator's recall of the demo's live-pig lot reaches every
 * holder the forward walk finds (across the slaughter transformation into the pork lot), the public query and page
 * show the pork as recalled while the recall is open, and the holders' captured returns and destruction bring its
 * progress to 100 %.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, seedDemo } from '../src/modules/demo/index.js';
import { captureEvents } from '../src/modules/events/index.js';
import { captureHooks } from '../src/pipeline.js';
import { login, type Session, startPlatform, type TestPlatform } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

interface Holder {
  uscc: string | null;
  party: string | null;
  name: string | null;
  quantity: number;
  uom: string | null;
  quantities: Array<{ quantity: number; uom: string | null; sold: number }>;
}
interface RecallHolder {
  orgId: number | null;
  uscc: string | null;
  party: string;
  affectedQuantity: number;
  uom: string | null;
  percent: number;
  notifiedAt: string | null;
  completedAt: string | null;
}

const HTML = { accept: 'text/html' };

describe.each(ENGINES)('a recall on the demo data set on $name', (engine) => {
  let p: TestPlatform;
  let demo: DemoSummary;
  let regulator: Session;
  let pigLot: string;
  let porkLot: string;
  let walkHolders: Holder[] = [];
  let recallId: number;

  beforeAll(async () => {
    p = await startPlatform(engine);
    demo = await seedDemo(p.database, p.config, captureHooks(p.database, p.config), {
      scale: 'small',
      seed: 7,
    });
    // The pig chain of the first run: live pigs (lot PG00000) are slaughtered into pork (lot KPG00000).
    const lot = async (suffix: string) =>
      (
        await p.database.db
          .selectFrom('identifiers')
          .select('canonical')
          .where('canonical', 'like', `%/10/${suffix}`)
          .executeTakeFirstOrThrow()
      ).canonical;
    pigLot = await lot('PG00000');
    porkLot = await lot('KPG00000');
    // AGRI (pigs and pork) is the agriculture department's; the demo's regulator login is that department.
    const l = demo.logins.regulator!;
    expect(l.username).toBe('gov-agriculture');
    regulator = await login(p, l.username, l.password!);
  }, 120_000);
  afterAll(async () => p?.close());

  const orgOf = async (uscc: string) =>
    p.database.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('uscc', '=', uscc)
      .executeTakeFirstOrThrow();

  it('the regulator’s forward walk of the pig lot reaches several holders past the slaughter', async () => {
    const res = await regulator.call('GET', `/api/gov/trace/${encodeURIComponent(pigLot)}?direction=forward`);
    expect(res.statusCode, res.body).toBe(200);
    const trace = res.json();
    expect(trace.nodes.map((n: { id: string }) => n.id)).toContain(porkLot);
    walkHolders = trace.summary.holders as Holder[];
    expect(walkHolders.length).toBeGreaterThanOrEqual(2);
    const stocked = walkHolders.filter((h) => h.quantity > 0);
    expect(stocked.length, JSON.stringify(walkHolders)).toBeGreaterThanOrEqual(2);
    expect(stocked.every((h) => h.uom === 'KGM' && h.uscc !== null)).toBe(true);
  });

  it('shows the pork as normal to the public before any recall', async () => {
    const json = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(porkLot)}` });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json().status.recalled).toBe(false);
    const page = await p.app.inject({ url: `/q/${encodeURIComponent(porkLot)}`, headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('该产品已被召回');
  });

  it('orders a recall whose notified holders are exactly the forward walk’s holders', async () => {
    const res = await regulator.call('POST', '/api/gov/recalls', {
      code: pigLot,
      level: 'I',
      reason: '兽药残留超标 veterinary drug residue above limit',
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const recall = res.json();
    recallId = recall.id;
    expect(recall.kind).toBe('ordered');
    expect(recall.category).toBe('AGRI');
    const key = (h: { uscc: string | null; party: string | null }) => h.uscc ?? h.party;
    expect((recall.holders as RecallHolder[]).map(key).sort()).toEqual(walkHolders.map(key).sort());
    for (const h of recall.holders as RecallHolder[]) {
      expect(h.notifiedAt, h.party).not.toBeNull();
      if (h.uscc) expect(h.orgId, h.party).toBe((await orgOf(h.uscc)).id);
    }
    expect(recall.progress.percent).toBe(0);
    expect(recall.progress.affectedQuantity).toBeGreaterThan(0);
  });

  it('shows the recalled pork as recalled on the public query and page while the recall is open', async () => {
    const status = await p.app.inject({
      url: `/api/public/recall-status?code=${encodeURIComponent(porkLot)}`,
    });
    expect(status.json().status).toBe('recalled');
    const json = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(porkLot)}` });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json().status.recalled).toBe(true);
    const page = await p.app.inject({ url: `/q/${encodeURIComponent(porkLot)}`, headers: HTML });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-status="warn"/);
    expect(page.body).toContain('该产品已被召回');
    // A code outside the recall stays normal.
    const other = await p.app.inject({
      url: `/api/public/codes/${encodeURIComponent(demo.samples.AGRI!)}`,
    });
    expect(other.json().status.recalled).toBe(false);
  });

  it('brings progress to 100 % once every holder returns or destroys all it holds', async () => {
    const recall = (await regulator.call('GET', `/api/gov/recalls/${recallId}`)).json();
    const slaughterhouse = await p.database.db
      .selectFrom('organisations')
      .select(['uscc'])
      .where('name', 'like', '%屠宰%')
      .executeTakeFirstOrThrow();
    const partyOf = (uscc: string) => `urn:zhuisu:org:${uscc}`;
    const owed = (recall.holders as RecallHolder[]).filter((h) => h.affectedQuantity > 0);
    expect(owed.length).toBeGreaterThanOrEqual(2);
    for (const h of owed) {
      const org = await orgOf(h.uscc!);
      const held = walkHolders.find((w) => w.uscc === h.uscc)!;
      const inStock = Math.max(0, held.quantity);
      const sold = h.affectedQuantity - inStock;
      const now = new Date().toISOString();
      const eventList: Record<string, unknown>[] = [];
      // What is in stock goes back up the chain (CBV 2.0 §7.2: a return is shipping with disposition returned).
      if (inStock > 0)
        eventList.push({
          type: 'ObjectEvent',
          eventTime: now,
          eventTimeZoneOffset: '+08:00',
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'returned',
          quantityList: [{ epcClass: porkLot, quantity: inStock, uom: 'KGM' }],
          sourceList: [{ type: 'owning_party', source: partyOf(h.uscc!) }],
          destinationList: [{ type: 'owning_party', destination: partyOf(slaughterhouse.uscc!) }],
        });
      // What consumers bring back is destroyed on the spot.
      if (sold > 0)
        eventList.push({
          type: 'ObjectEvent',
          eventTime: now,
          eventTimeZoneOffset: '+08:00',
          action: 'OBSERVE',
          bizStep: 'destroying',
          disposition: 'destroyed',
          quantityList: [{ epcClass: porkLot, quantity: sold, uom: 'KGM' }],
        });
      await captureEvents(p.database, { orgId: Number(org.id), hooks: p.app.captureHooks }, {
        '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: now,
        epcisBody: { eventList },
      } as never);
      const mid = (await regulator.call('GET', `/api/gov/recalls/${recallId}`)).json();
      const row = (mid.holders as RecallHolder[]).find((x) => x.uscc === h.uscc)!;
      expect(row.percent, org.name).toBe(100);
      expect(row.completedAt, org.name).not.toBeNull();
    }
    const done = (await regulator.call('GET', `/api/gov/recalls/${recallId}`)).json();
    expect(done.progress.recoveredQuantity).toBe(done.progress.affectedQuantity);
    expect(done.progress.percent).toBe(100);
    expect(done.holders.every((h: RecallHolder) => h.percent === 100)).toBe(true);
    const closed = await regulator.call('POST', `/api/gov/recalls/${recallId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    const after = await p.app.inject({
      url: `/api/public/recall-status?code=${encodeURIComponent(porkLot)}`,
    });
    expect(after.json().status).toBe('normal');
    // Closing drops the cached public story too: the banner goes with the recall.
    const story = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(porkLot)}` });
    expect(story.json().status.recalled).toBe(false);
  });
});
