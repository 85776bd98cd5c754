/**
 * Trace figures (issue 7): on a large synthetic store (1 000 000 events; 100 000 with BENCH_QUICK=1) of tea lots
 * commissioned into items, cased, palleted, shipped, received and sold — backward walk from a retail item (p50/p99),
 * forward walk and impact assessment from an input lot reaching 10 000 items (time), each as a ratio to a single
 * indexed identifier lookup measured in the same run, on SQLite and PostgreSQL. Targets: backward p99 < 20 ms,
 * the 10 000-item forward impact < 500 ms.
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

/** Fills the store through bulk inserts of what capture would have stored (events, namings, links, hand-overs). */
export async function fill(
  database: Database,
  target: number,
  producer: number,
  retailers: number[],
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
  const event = (time: number, type: string, action: string | null, bizStep: string, org: number) => {
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
      disposition: null,
      read_point: null,
      biz_location: null,
      recorder_org_id: org,
      category: 'AGRI',
      capture_id: null,
      doc: dialect.encodeJson({ type, bizStep }),
      error_declared_at: null,
      error_reason: null,
    });
    return pk;
  };
  const link = (kind: string, from: number, to: number, pk: number, t: number, q: number | null = null) =>
    b.links.push({
      id: nextLink++,
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

  const inputLot = identifier('https://id.gs1.org/01/06901234000019/10/PESTICIDE-1');
  const made = event(T0, 'ObjectEvent', 'ADD', 'commissioning', producer);
  b.names.push({ event_pk: made, identifier_id: inputLot, role: 'quantity', quantity: 1000, uom: 'LTR' });
  const items: string[] = [];
  let unit = 0;
  let serial = 0;
  let sscc = 0;
  while (nextEvent <= target) {
    const t = T0 + unit * 60_000;
    const lot = identifier(`https://id.gs1.org/01/${GTIN}/10/L${unit}`);
    if (unit < IMPACT_LOTS) {
      const tr = event(t, 'TransformationEvent', null, 'commissioning', producer);
      b.names.push(
        { event_pk: tr, identifier_id: inputLot, role: 'input_quantity', quantity: 1, uom: 'LTR' },
        { event_pk: tr, identifier_id: lot, role: 'output_quantity', quantity: 500, uom: 'KGM' },
      );
      link('transformation', inputLot, lot, tr, t, 500);
    }
    const add = event(t + 1, 'ObjectEvent', 'ADD', 'commissioning', producer);
    const itemIds: number[] = [];
    for (let i = 0; i < FAN; i++) {
      const canonical = `https://id.gs1.org/01/${GTIN}/21/S${serial++}`;
      const id = identifier(canonical);
      itemIds.push(id);
      if (i === 0) items.push(canonical);
      b.names.push({ event_pk: add, identifier_id: id, role: 'epc', quantity: null, uom: null });
      link('membership', lot, id, add, t + 1);
    }
    const pallet = identifier(`https://id.gs1.org/00/0690123400${String(sscc++).padStart(7, '0')}0`);
    const palletAgg = event(t + 3, 'AggregationEvent', 'ADD', 'packing', producer);
    b.names.push({ event_pk: palletAgg, identifier_id: pallet, role: 'parent', quantity: null, uom: null });
    for (let c = 0; c < FAN / 10; c++) {
      const box = identifier(`https://id.gs1.org/00/0690123401${String(sscc++).padStart(7, '0')}0`);
      const agg = event(t + 2, 'AggregationEvent', 'ADD', 'packing', producer);
      b.names.push({ event_pk: agg, identifier_id: box, role: 'parent', quantity: null, uom: null });
      for (const id of itemIds.slice(c * 10, c * 10 + 10)) {
        b.names.push({ event_pk: agg, identifier_id: id, role: 'child', quantity: null, uom: null });
        link('aggregation', box, id, agg, t + 2);
      }
      b.names.push({ event_pk: palletAgg, identifier_id: box, role: 'child', quantity: null, uom: null });
      link('aggregation', pallet, box, palletAgg, t + 3);
    }
    const retailer = retailers[unit % retailers.length]!;
    const ship = event(t + 4, 'ObjectEvent', 'OBSERVE', 'shipping', producer);
    const recv = event(t + 5, 'ObjectEvent', 'OBSERVE', 'receiving', retailer);
    b.names.push(
      { event_pk: ship, identifier_id: pallet, role: 'epc', quantity: null, uom: null },
      { event_pk: recv, identifier_id: pallet, role: 'epc', quantity: null, uom: null },
    );
    b.handovers.push({
      ship_event_pk: ship,
      receive_event_pk: recv,
      from_party: null,
      to_party: null,
      from_org_id: producer,
      to_org_id: retailer,
      from_location: null,
      to_location: null,
      shipped_at: t + 4,
      received_at: t + 5,
      status: 'paired',
      keys: dialect.encodeJson([]),
      erroneous: 0,
    });
    for (const id of itemIds) {
      const sale = event(t + 6, 'ObjectEvent', 'OBSERVE', 'retail_selling', retailer);
      b.names.push({ event_pk: sale, identifier_id: id, role: 'epc', quantity: null, uom: null });
    }
    unit += 1;
    await flush();
  }
  await flush(true);
  return { items, inputLot };
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
    const org = async (division: string) =>
      (
        await createOrganisation(database.db, database.dialect, {
          kind: 'enterprise',
          name: `bench-${division}`,
          uscc: fixtureUscc(division),
          divisionCode: division,
        })
      ).id;
    const producer = await org('360827');
    const retailers: number[] = [];
    for (const d of [
      '360802',
      '360803',
      '360821',
      '360822',
      '360823',
      '360824',
      '360825',
      '360826',
      '360828',
      '360829',
      '360830',
      '360881',
    ])
      retailers.push(await org(d));
    const target = ctx.quick ? 100_000 : 1_000_000;
    const { items, inputLot } = await fill(database, target, producer, retailers);
    // Fresh bulk-loaded tables need statistics before the planner picks the indexes (PostgreSQL; harmless on SQLite).
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
