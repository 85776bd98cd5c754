/**
 * Trace figures (issue 7): backward walk from a retail item (p50/p99), forward walk and impact assessment from an
 * input lot reaching at least 10 000 items (time), each as a ratio to a single indexed identifier lookup measured in
 * the same run, on SQLite and PostgreSQL. Targets: backward p99 < 20 ms, the 10 000-item forward impact < 500 ms.
 *
 * The store: 1 000 000 events (100 000 with BENCH_QUICK=1), bulk-inserted as the capture pipeline and its trace hook
 * would have stored them for the demo's kind of supply chain — building the demo at this scale through capture takes
 * hours, so the rows are written directly. 156 organisations over Ji'an's 13 counties (farms, processors,
 * distributors, retailers) and four categories (AGRI, FOOD, DRUG, INPUT) in turn. Per production unit: a harvest lot
 * (class-level kg), an input lot sprayed on it for the first 100 units (transformation), a processed lot commingled
 * from three harvest lots (transformation), 100 items commissioned into it (lot membership), 10 cases and a pallet
 * (aggregation), the pallet shipped to a distributor and received (paired hand-over), unpacked there (the
 * pallet→case links end), the cases shipped on to two retailers and received, and every item sold.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config/index.js';
import { type Database, migrateUp, openDatabase } from '../../src/db/index.js';
import { createOrganisation, type Principal, scopeFor } from '../../src/modules/access/index.js';
import { assessImpact, runTraceFrom, traceLimits } from '../../src/modules/trace/index.js';
import { fixtureUscc } from '../../src/modules/trace/tea-chain.fixtures.js';
import { type BenchContext, percentile } from '../lib/results.js';

const ADMIN: Principal = {
  via: 'key',
  userId: null,
  keyId: null,
  username: null,
  role: 'admin',
  org: { id: 0, kind: 'admin', name: 'bench', uscc: null, divisionCode: null, categories: [] },
};
const FAN = 100; // items per lot
const IMPACT_LOTS = 100; // lots made with the input lot: 100 × 100 = 10 000 items
const GTIN = '06901234567892';
const T0 = 1_767_225_600_000;

interface Batches {
  identifiers: Array<{ id: number; canonical: string; scheme: string }>;
  events: Array<Record<string, unknown>>;
  names: Array<{
    event_pk: number;
    identifier_id: number;
    role: string;
    quantity: number | null;
    uom: string | null;
  }>;
  links: Array<Record<string, unknown>>;
  handovers: Array<Record<string, unknown>>;
}

/** The organisations of the synthetic chain, by role. */
export interface BenchOrgs {
  farms: number[];
  processors: number[];
  distributors: number[];
  retailers: number[];
}

const CATEGORIES = ['AGRI', 'FOOD', 'DRUG', 'INPUT'] as const;

/** Fills the store through bulk inserts of what capture would have stored (events, namings, links, hand-overs). */
export async function fill(
  database: Database,
  target: number,
  orgs: BenchOrgs,
): Promise<{ items: string[]; inputLot: number }> {
  const { db, dialect } = database;
  let nextId = 1;
  let nextEvent = 1;
  let nextLink = 1;
  const b: Batches = { identifiers: [], events: [], names: [], links: [], handovers: [] };
  const flush = async (force = false) => {
    if (!force && b.events.length < 4000) return;
    const put = async (table: string, rows: Array<Record<string, unknown>>, size: number) => {
      for (let i = 0; i < rows.length; i += size)
        await db
          .insertInto(table as never)
          .values(rows.slice(i, i + size) as never)
          .execute();
    };
    await put('identifiers', b.identifiers, 1000);
    await put('events', b.events, 500);
    await put('event_identifiers', b.names, 1000);
    await put('trace_links', b.links, 1000);
    await put('trace_handovers', b.handovers, 500);
    b.identifiers = [];
    b.events = [];
    b.names = [];
    b.links = [];
    b.handovers = [];
  };
  const identifier = (canonical: string) => {
    const id = nextId++;
    b.identifiers.push({ id, canonical, scheme: 'gs1-digital-link' });
    return id;
  };
  const name = (event_pk: number, identifier_id: number, role: string, quantity: number | null = null) =>
    b.names.push({ event_pk, identifier_id, role, quantity, uom: quantity === null ? null : 'KGM' });
  let category: string = CATEGORIES[0];
  const event = (
    time: number,
    type: string,
    action: string | null,
    bizStep: string,
    org: number,
    disposition: string | null = null,
  ) => {
    const pk = nextEvent++;
    b.events.push({
      id: pk,
      event_hash: `ni:///sha-256;${pk.toString(16).padStart(64, '0')}?ver=CBV2.0`,
      event_id: `urn:uuid:bench-${pk}`,
      event_type: type,
      action,
      event_time: time,
      event_tz: '+08:00',
      record_time: time,
      biz_step: bizStep,
      disposition,
      read_point: null,
      biz_location: null,
      recorder_org_id: org,
      category,
      capture_id: null,
      doc: dialect.encodeJson({ type, action, bizStep }),
      error_declared_at: null,
      error_reason: null,
    });
    return pk;
  };
  const link = (kind: string, from: number, to: number, pk: number, t: number, q: number | null = null) => {
    const id = nextLink++;
    b.links.push({
      id,
      kind,
      from_id: from,
      to_id: to,
      event_pk: pk,
      end_event_pk: null,
      valid_from: t,
      valid_to: null,
      quantity: q,
      uom: q === null ? null : 'KGM',
      erroneous: 0,
    });
    return b.links[b.links.length - 1]!;
  };
  const handover = (ship: number, recv: number, from: number, to: number, t: number) =>
    b.handovers.push({
      ship_event_pk: ship,
      receive_event_pk: recv,
      from_party: null,
      to_party: null,
      from_org_id: from,
      to_org_id: to,
      from_location: null,
      to_location: null,
      shipped_at: t,
      received_at: t + 1,
      status: 'paired',
      keys: dialect.encodeJson([]),
      erroneous: 0,
    });
  const sscc = (n: number) => `https://id.gs1.org/00/069012340${String(n).padStart(8, '0')}0`;

  const pick = (list: number[], n: number) => list[n % list.length]!;
  const inputLot = identifier('https://id.gs1.org/01/06901234000019/10/PESTICIDE-1');
  category = 'INPUT';
  const made = event(T0, 'ObjectEvent', 'ADD', 'commissioning', pick(orgs.farms, 0));
  b.names.push({ event_pk: made, identifier_id: inputLot, role: 'quantity', quantity: 1000, uom: 'LTR' });
  const items: string[] = [];
  const harvests: number[] = [];
  let unit = 0;
  let serial = 0;
  let containers = 0;
  while (nextEvent <= target) {
    const t = T0 + unit * 60_000;
    category = CATEGORIES[unit % CATEGORIES.length]!;
    const farm = pick(orgs.farms, unit);
    const processor = pick(orgs.processors, unit);
    const distributor = pick(orgs.distributors, unit);
    // Harvest (class-level kg); the input lot is sprayed on the first 100 harvests.
    const harvest = identifier(`https://id.gs1.org/01/${GTIN}/10/H${unit}`);
    harvests.push(harvest);
    const picked = event(t, 'ObjectEvent', 'ADD', 'commissioning', farm);
    name(picked, harvest, 'quantity', 500);
    if (unit < IMPACT_LOTS) {
      const spray = event(t, 'TransformationEvent', null, 'growing', farm);
      b.names.push({
        event_pk: spray,
        identifier_id: inputLot,
        role: 'input_quantity',
        quantity: 1,
        uom: 'LTR',
      });
      name(spray, harvest, 'output_quantity', 500);
      link('transformation', inputLot, harvest, spray, t, 500);
    }
    // Processing commingles this harvest with the two before it into one processed lot.
    const lot = identifier(`https://id.gs1.org/01/${GTIN}/10/L${unit}`);
    const tr = event(t + 1, 'TransformationEvent', null, 'commissioning', processor);
    for (const h of harvests.slice(-3)) {
      name(tr, h, 'input_quantity', 500 / Math.min(3, harvests.length));
      link('transformation', h, lot, tr, t + 1, 100);
    }
    name(tr, lot, 'output_quantity', 100);
    const add = event(t + 2, 'ObjectEvent', 'ADD', 'commissioning', processor);
    const itemIds: number[] = [];
    for (let i = 0; i < FAN; i++) {
      const canonical = `https://id.gs1.org/01/${GTIN}/21/S${serial++}`;
      const id = identifier(canonical);
      itemIds.push(id);
      if (i === 0) items.push(canonical);
      name(add, id, 'epc');
      link('membership', lot, id, add, t + 2);
    }
    const pallet = identifier(sscc(containers++));
    const palletAgg = event(t + 4, 'AggregationEvent', 'ADD', 'packing', processor);
    name(palletAgg, pallet, 'parent');
    const cases: number[] = [];
    const palletLinks: Array<Record<string, unknown>> = [];
    for (let c = 0; c < FAN / 10; c++) {
      const box = identifier(sscc(containers++));
      cases.push(box);
      const agg = event(t + 3, 'AggregationEvent', 'ADD', 'packing', processor);
      name(agg, box, 'parent');
      for (const id of itemIds.slice(c * 10, c * 10 + 10)) {
        name(agg, id, 'child');
        link('aggregation', box, id, agg, t + 3);
      }
      name(palletAgg, box, 'child');
      palletLinks.push(link('aggregation', pallet, box, palletAgg, t + 4));
    }
    // Processor → distributor: the pallet, paired by SSCC.
    const ship = event(t + 5, 'ObjectEvent', 'OBSERVE', 'shipping', processor, 'in_transit');
    const recv = event(t + 6, 'ObjectEvent', 'OBSERVE', 'receiving', distributor, 'in_progress');
    name(ship, pallet, 'epc');
    name(recv, pallet, 'epc');
    handover(ship, recv, processor, distributor, t + 5);
    // Unpacked at the distributor: the pallet's links end.
    const unpack = event(t + 7, 'AggregationEvent', 'DELETE', 'unpacking', distributor);
    name(unpack, pallet, 'parent');
    for (const l of palletLinks) {
      l.valid_to = t + 7;
      l.end_event_pk = unpack;
    }
    // Distributor → two retailers, five cases each; every item is sold there.
    for (let r = 0; r < 2; r++) {
      const retailer = pick(orgs.retailers, unit * 2 + r);
      const part = cases.slice(r * 5, r * 5 + 5);
      const s2 = event(t + 8, 'ObjectEvent', 'OBSERVE', 'shipping', distributor, 'in_transit');
      const r2 = event(t + 9, 'ObjectEvent', 'OBSERVE', 'receiving', retailer, 'in_progress');
      for (const box of part) {
        name(s2, box, 'epc');
        name(r2, box, 'epc');
      }
      handover(s2, r2, distributor, retailer, t + 8);
      for (const id of itemIds.slice(r * 50, r * 50 + 50)) {
        const sale = event(t + 10, 'ObjectEvent', 'OBSERVE', 'retail_selling', retailer, 'retail_sold');
        name(sale, id, 'epc');
      }
    }
    unit += 1;
    await flush();
  }
  await flush(true);
  return { items, inputLot };
}

/** The chain's organisations: farms, processors, distributors and retailers in each of Ji'an's 13 counties. */
export async function benchOrgs(database: Database): Promise<BenchOrgs> {
  const org = async (division: string, role: string) =>
    (
      await createOrganisation(database.db, database.dialect, {
        kind: 'enterprise',
        name: `bench-${role}-${division}`,
        uscc: fixtureUscc(division),
        divisionCode: division,
      })
    ).id;
  const counties = [
    '360802',
    '360803',
    '360821',
    '360822',
    '360823',
    '360824',
    '360825',
    '360826',
    '360827',
    '360828',
    '360829',
    '360830',
    '360881',
  ];
  const orgs: BenchOrgs = { farms: [], processors: [], distributors: [], retailers: [] };
  for (const [role, per] of [
    ['farms', 4],
    ['processors', 2],
    ['distributors', 1],
    ['retailers', 5],
  ] as const)
    for (let i = 0; i < per; i++) for (const d of counties) orgs[role].push(await org(d, `${role}-${i}`));
  return orgs;
}

async function timeIt(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await f(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function engine(ctx: BenchContext, name: 'sqlite' | 'postgres', pgUrl?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuisu-bench-trace-'));
  const schema = `zs_bench_trace_${randomBytes(3).toString('hex')}`;
  const config = loadConfig(
    {
      env: 'test',
      dataDir: dir,
      logLevel: 'silent',
      demoSeed: false,
      ...(pgUrl ? { databaseUrl: pgUrl, pgSchema: schema } : {}),
    },
    {},
  );
  const database = await openDatabase(config);
  try {
    await migrateUp(database);
    const orgs = await benchOrgs(database);
    const target = ctx.quick ? 100_000 : 1_000_000;
    const { items, inputLot } = await fill(database, target, orgs);
    // The figures are for a settled store, as a running deployment has one: statistics for the planners (ANALYZE on
    // both engines) and, on PostgreSQL, the visibility map VACUUM keeps — without it the walks' covering indexes
    // give no index-only scans. Autovacuum does both in service; right after a bulk load it has not run yet.
    if (name === 'postgres')
      for (const table of ['trace_links', 'trace_handovers', 'event_identifiers', 'events', 'identifiers'])
        await sql`vacuum analyze ${sql.table(table)}`.execute(database.db);
    await sql`analyze`.execute(database.db);
    ctx.record(`trace.store.events.${name}`, target, 'events');
    const scope = scopeFor(ADMIN, () => []);
    const pick = (i: number) => items[(i * 7919) % items.length]!;
    const lookup = await timeIt(1000, (i) =>
      database.db.selectFrom('identifiers').select('id').where('canonical', '=', pick(i)).executeTakeFirst(),
    );
    const lookupP50 = percentile(lookup, 50);
    ctx.record(`trace.lookup.${name}.p50`, lookupP50, 'ms');
    const ids = new Map<string, number>();
    for (const rows of [
      await database.db
        .selectFrom('identifiers')
        .select(['id', 'canonical'])
        .where('canonical', 'in', items.slice(0, 5000))
        .execute(),
    ]) {
      for (const r of rows) ids.set(r.canonical, Number(r.id));
    }
    const limits = traceLimits({});
    // A running server has compiled its statements and warmed its JIT; the first walks measure neither.
    await timeIt(20, (i) =>
      runTraceFrom(
        database.db,
        scope,
        [ids.get(items[i % Math.min(items.length, 5000)]!)!],
        'backward',
        limits,
      ),
    );
    const back = await timeIt(300, (i) =>
      runTraceFrom(
        database.db,
        scope,
        [ids.get(items[(i * 31) % Math.min(items.length, 5000)]!)!],
        'backward',
        limits,
      ),
    );
    ctx.record(`trace.backward.${name}.p50`, percentile(back, 50), 'ms', `trace.lookup.${name}.p50`);
    ctx.record(`trace.backward.${name}.p99`, percentile(back, 99), 'ms', `trace.lookup.${name}.p50`);
    const fwd = await timeIt(3, () => runTraceFrom(database.db, scope, [inputLot], 'forward', limits));
    const reached = (await runTraceFrom(database.db, scope, [inputLot], 'forward', limits)).result.summary
      .items;
    ctx.record(`trace.forward.items.${name}`, reached, 'items');
    ctx.record(`trace.forward.${name}`, percentile(fwd, 50), 'ms', `trace.lookup.${name}.p50`);
    const canonical = (
      await database.db
        .selectFrom('identifiers')
        .select('canonical')
        .where('id', '=', inputLot)
        .executeTakeFirstOrThrow()
    ).canonical;
    const impact = await timeIt(3, () => assessImpact(database.db, scope, { code: canonical }));
    ctx.record(`trace.impact.${name}`, percentile(impact, 50), 'ms', `trace.lookup.${name}.p50`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (pgUrl) {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

/** Runs the trace figures. */
export async function run(ctx: BenchContext): Promise<void> {
  await engine(ctx, 'sqlite');
  if (ctx.get('raw.postgres.insert'))
    await engine(
      ctx,
      'postgres',
      process.env.ZHUISU_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    );
}
