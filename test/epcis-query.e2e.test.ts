/**
 * End-to-end: how the EPCIS query engine scopes, matches and pages (EPCIS 2.0 §8.2.7.1) once its conditions are
 * served by indexes — an enterprise sees what it recorded and what partners shipped to it, GTIN-only patterns
 * match every serial or lot (also when they name hundreds of identifiers), and pages merge both scope branches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedKey, seedOrg, startPlatform, type TestPlatform, testUscc } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

type Obj = Record<string, unknown>;
const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];

const event = (serial: string, hour: number, extra: Obj = {}): Obj => ({
  type: 'ObjectEvent',
  eventTime: `2026-06-01T${String(hour).padStart(2, '0')}:00:00+08:00`,
  eventTimeZoneOffset: '+08:00',
  epcList: [`urn:epc:id:sgtin:6901234.056789.${serial}`],
  action: 'OBSERVE',
  bizStep: 'shipping',
  ...extra,
});

describe.each(ENGINES)('EPCIS queries on $name', (engine) => {
  let p: TestPlatform;
  const keys: Record<string, string> = {};
  const usccs: Record<string, string> = {};

  async function capture(key: string, eventList: Obj[]): Promise<void> {
    const res = await p.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
      payload: JSON.stringify({
        '@context': CONTEXT,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: '2026-06-01T00:00:00Z',
        epcisBody: { eventList },
      }),
    });
    expect(res.statusCode, res.body).toBe(202);
    for (let i = 0; i < 500; i++) {
      const job = (
        await p.app.inject({
          url: res.headers.location as string,
          headers: { authorization: `Bearer ${key}` },
        })
      ).json() as { running: boolean; success: boolean; errors: unknown[] };
      if (!job.running) {
        expect(job.success, JSON.stringify(job.errors)).toBe(true);
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('capture job did not finish');
  }

  /** Every page of a query, following the Link header; returns the events and how many pages there were. */
  async function all(key: string, query: string): Promise<{ events: Obj[]; pages: number }> {
    const events: Obj[] = [];
    let url: string | null = `/epcis/events?${query}`;
    let pages = 0;
    while (url) {
      const res = await p.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
      expect(res.statusCode, res.body).toBe(200);
      events.push(...(res.json().epcisBody.queryResults.resultsBody.eventList as Obj[]));
      pages += 1;
      const link = res.headers.link as string | undefined;
      url = link ? /<([^>]+)>/.exec(link)![1]! : null;
    }
    return { events, pages };
  }
  const serials = (events: Obj[]) =>
    events.map((e) =>
      String((e.epcList as string[])[0])
        .split(/[/.]/)
        .pop(),
    );

  beforeAll(async () => {
    p = await startPlatform(engine, { captureBodyLimit: 4 * 1024 * 1024 });
    for (const [name, division] of [
      ['a', '360827'],
      ['b', '360827'],
      ['c', '360802'],
    ] as const) {
      usccs[name] = testUscc(division);
      const org = await seedOrg(
        p,
        { kind: 'enterprise', name: `茶企${name}`, uscc: usccs[name], divisionCode: division },
        `q-${name}-${engine.name}`,
      );
      keys[name] = (await seedKey(p, org.orgId)).key;
    }
    const county = await seedOrg(
      p,
      { kind: 'county', name: '遂川县人民政府', divisionCode: '360827' },
      `q-county-${engine.name}`,
    );
    keys.county = (await seedKey(p, county.orgId)).key;
    const party = (kind: 'source' | 'destination', org: string) => ({
      [`${kind}List`]: [{ type: 'owning_party', [kind]: `urn:zhuisu:org:${usccs[org]}` }],
    });
    // A records A1..A3; B ships B1 to A (A as destination) and B2 from A (A as source), and keeps B3 to itself;
    // C records C1 naming nobody.
    await capture(keys.a!, [event('A1', 1), event('A2', 5), event('A3', 3)]);
    await capture(keys.b!, [
      event('B1', 2, party('destination', 'a')),
      event('B2', 6, party('source', 'a')),
      event('B3', 4),
    ]);
    await capture(keys.c!, [event('C1', 7)]);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('an enterprise sees its own events and those naming it as source or destination party, in capture order', async () => {
    const { events } = await all(keys.a!, 'perPage=100');
    expect(serials(events)).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
    const byEpc = await all(keys.a!, `MATCH_epc=${encodeURIComponent('urn:epc:id:sgtin:6901234.056789.B1')}`);
    expect(serials(byEpc.events)).toEqual(['B1']);
    const hidden = await all(
      keys.a!,
      `MATCH_epc=${encodeURIComponent('urn:epc:id:sgtin:6901234.056789.B3')}`,
    );
    expect(hidden.events).toEqual([]);
    expect(serials((await all(keys.b!, 'perPage=100')).events)).toEqual(['B1', 'B2', 'B3']);
    expect(serials((await all(keys.c!, 'perPage=100')).events)).toEqual(['C1']);
  });

  it('pages across own and shipped events without losing or repeating one, in either order', async () => {
    const byId = await all(keys.a!, 'perPage=2');
    expect(byId.pages).toBe(3);
    expect(serials(byId.events)).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
    const desc = await all(keys.a!, 'perPage=2&orderBy=eventTime&orderDirection=DESC');
    expect(serials(desc.events)).toEqual(['B2', 'A2', 'A3', 'B1', 'A1']);
    const asc = await all(keys.a!, 'perPage=1&orderBy=eventTime&orderDirection=ASC&EQ_bizStep=shipping');
    expect(asc.pages).toBe(5);
    expect(serials(asc.events)).toEqual(['A1', 'B1', 'A3', 'A2', 'B2']);
    const limited = await all(keys.a!, 'eventCountLimit=3&orderBy=eventTime&orderDirection=DESC');
    expect(serials(limited.events)).toEqual(['B2', 'A2', 'A3']);
    const tooMany = await p.app.inject({
      url: '/epcis/events?maxEventCount=4',
      headers: { authorization: `Bearer ${keys.a}` },
    });
    expect(tooMany.statusCode).toBe(413);
    const enough = await all(keys.a!, 'maxEventCount=5');
    expect(enough.events).toHaveLength(5);
  });

  it('a county sees the events recorded by organisations in its divisions only', async () => {
    const { events } = await all(keys.county!, 'perPage=100');
    expect(serials(events)).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3']);
    const one = await all(
      keys.county!,
      `MATCH_anyEPC=${encodeURIComponent('urn:epc:id:sgtin:6901234.056789.C1')}`,
    );
    expect(one.events).toEqual([]);
  });

  it('a GTIN-only pattern matches every serial or lot of that GTIN, also when it names hundreds of identifiers', async () => {
    // 520 serials and 3 lots of another GTIN (6901234.056790), so the pattern names more identifiers than are
    // listed literally; one event of a third GTIN must not match.
    const many = Array.from({ length: 520 }, (_, i) => ({
      ...event(`W${i}`, 8),
      epcList: [`urn:epc:id:sgtin:6901234.056790.W${i}`],
      quantityList: [{ epcClass: `urn:epc:class:lgtin:6901234.056790.LOT${i % 3}`, quantity: 1 }],
    }));
    await capture(keys.a!, [...many, { ...event('X1', 9), epcList: ['urn:epc:id:sgtin:6901234.056791.X1'] }]);
    const pattern = encodeURIComponent('urn:epc:idpat:sgtin:6901234.056790.*');
    const wide = await all(keys.a!, `MATCH_epc=${pattern}&perPage=200`);
    expect(wide.pages).toBe(3);
    expect(new Set(serials(wide.events))).toEqual(new Set(many.map((_, i) => `W${i}`)));
    const lots = await all(keys.a!, `MATCH_epcClass=${pattern}&perPage=1000`);
    expect(lots.events).toHaveLength(520);
    const oneLot = await all(
      keys.a!,
      `MATCH_anyEPCClass=${encodeURIComponent('urn:epc:class:lgtin:6901234.056790.LOT1')}&perPage=1000`,
    );
    // i % 3 === 1 for i in 0..519: 173 events.
    expect(oneLot.events).toHaveLength(173);
    // The class pattern does not reach serials, the instance pattern not lots; an unknown serial finds nothing.
    expect(
      (await all(keys.a!, `MATCH_epcClass=${encodeURIComponent('urn:epc:idpat:sgtin:6901234.056789.*')}`))
        .events,
    ).toEqual([]);
    expect(
      (await all(keys.a!, `MATCH_epc=${encodeURIComponent('urn:epc:id:sgtin:6901234.056790.NOPE')}`)).events,
    ).toEqual([]);
    // B sees none of A's pattern matches.
    expect((await all(keys.b!, `MATCH_epc=${pattern}`)).events).toEqual([]);
  });
});
