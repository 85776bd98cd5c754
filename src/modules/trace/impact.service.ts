/**
 * Impact assessment (issue 7): from a batch, a code, an input lot, or what an organisation produced in a time
 * window — every affected downstream item and batch, current holders and quantities, counties reached, public scans
 * of the affected codes by county, and the share already sold to consumers versus still in stock.
 */
import type { Kysely } from 'kysely';
import { inValueList } from '../../db/dialects/value-list.js';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../lib/errors.js';
import type { Scope } from '../access/index.js';
import { lookupCodeKey } from '../story/lookup-key.js';
import { loadCounties, type ProductInfo } from './graph-data.js';
import { badAt } from './trace.errors.js';
import {
  resolveCode,
  runTraceFrom,
  type TraceHolder,
  type TraceResult,
  type TraceRun,
  traceLimits,
} from './trace.service.js';
import { eventVisibleTo, seesAll } from './trace-scope.js';
import { type NodeKind, nodeKind } from './trace-vocabulary.js';

/** What to assess. */
export interface ImpactRequest {
  code?: string;
  /** USCC of the producer, with a production window. */
  organisation?: string;
  from?: string;
  to?: string;
}

/** An impact assessment. */
export interface Impact {
  roots: string[];
  items: number;
  batches: number;
  affected: Array<{ id: string; kind: NodeKind; product: ProductInfo | null }>;
  holders: TraceHolder[];
  counties: TraceResult['summary']['counties'];
  /** Public lookups of affected codes, by county (the story module logs them). */
  scans: Array<{ division: string | null; name: string | null; scans: number }>;
  sold: { items: number; quantity: number };
  inStock: { items: number; quantity: number };
  inTransit: { items: number };
  /** Share sold to consumers, 0…1, over items and class quantities together. */
  soldShare: number;
  assessedAt: string;
}

/** An impact assessment with the walk it was made from (recalls freeze both). */
export interface ImpactRun {
  impact: Impact;
  run: TraceRun;
}

async function rootsOf(db: Kysely<DB>, scope: Scope, request: ImpactRequest): Promise<number[]> {
  if (request.code) return [(await resolveCode(db, request.code)).id];
  if (!request.organisation || !request.from || !request.to) {
    throw badRequest(
      'TRACE_IMPACT_WHAT',
      'Give a code, or an organisation (USCC) with a production window from … to.',
      { path: 'code' },
    );
  }
  const from = Date.parse(request.from);
  const to = Date.parse(request.to);
  if (Number.isNaN(from)) throw badAt(request.from, 'is not an ISO 8601 date-time');
  if (Number.isNaN(to) || to < from) throw badAt(request.to, 'is not an ISO 8601 date-time after from');
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('uscc', '=', request.organisation.toUpperCase())
    .executeTakeFirst();
  if (!org)
    throw badRequest('TRACE_IMPACT_ORG', `No organisation has the USCC ${request.organisation}.`, {
      path: 'organisation',
    });
  // What it produced: goods it created (ADD) or made by transformation in the window.
  let q = db
    .selectFrom('events as e')
    .innerJoin('event_identifiers as ei', 'ei.event_pk', 'e.id')
    .select('ei.identifier_id')
    .distinct()
    .where('e.recorder_org_id', '=', Number(org.id))
    .where('e.event_time', '>=', from)
    .where('e.event_time', '<=', to)
    .where('e.error_declared_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('e.event_type', '=', 'ObjectEvent'),
          eb('e.action', '=', 'ADD'),
          eb('ei.role', 'in', ['epc', 'quantity']),
        ]),
        eb.and([
          eb('e.event_type', '=', 'TransformationEvent'),
          eb('ei.role', 'in', ['output', 'output_quantity']),
        ]),
      ]),
    );
  if (!seesAll(scope)) q = q.where((eb) => eventVisibleTo(eb, scope));
  const rows = await q.execute();
  if (rows.length === 0) {
    throw badRequest(
      'TRACE_IMPACT_NOTHING',
      `The organisation ${request.organisation} produced nothing you may see between ${request.from} and ${request.to}.`,
    );
  }
  return rows.map((r) => Number(r.identifier_id));
}

/** Assesses the impact of a problem with a code or an organisation's production window. */
export async function assessImpact(
  db: Kysely<DB>,
  scope: Scope,
  request: ImpactRequest,
  now = Date.now(),
): Promise<ImpactRun> {
  const roots = await rootsOf(db, scope, request);
  // The assessment reads the nodes and the summary; the reply's lists are made only if a caller reads them.
  const run = await runTraceFrom(db, scope, roots, 'forward', traceLimits({}), { listsOnRead: true });
  const { result, data } = run;
  const affected = result.nodes.filter((n) => n.kind === 'item' || n.kind === 'lot' || n.kind === 'class');
  const holders = result.summary.holders;
  const sum = (f: (h: TraceHolder) => number) => holders.reduce((a, h) => a + f(h), 0);
  const soldQ = sum((h) => h.quantities.reduce((a, u) => a + u.sold, 0));
  const stockQ = sum((h) => h.quantities.reduce((a, u) => a + Math.max(0, u.quantity), 0));
  const sold = { items: sum((h) => h.itemsSold), quantity: soldQ };
  const inStock = { items: sum((h) => h.items), quantity: stockQ };
  const inTransit = { items: sum((h) => h.itemsInTransit) };
  const totalItems = sold.items + inStock.items + inTransit.items;
  const shares: number[] = [];
  if (totalItems > 0) shares.push(sold.items / totalItems);
  if (soldQ + stockQ > 0) shares.push(soldQ / (soldQ + stockQ));
  const soldShare = shares.length === 0 ? 0 : shares.reduce((a, b) => a + b, 0) / shares.length;

  const scans = await scansByCounty(
    db,
    affected.map((n) => n.id),
  );
  return {
    run,
    impact: {
      roots: roots.map((id) => data.canonical.get(id) ?? String(id)),
      items: result.summary.items,
      batches: result.summary.batches,
      affected: affected.map((n) => ({ id: n.id, kind: n.kind, product: n.product })),
      holders,
      counties: result.summary.counties,
      scans,
      sold,
      inStock,
      inTransit,
      soldShare: Math.round(soldShare * 10_000) / 10_000,
      assessedAt: new Date(now).toISOString(),
    },
  };
}

async function scansByCounty(db: Kysely<DB>, codes: string[]): Promise<Impact['scans']> {
  const counts = new Map<string | null, number>();
  const rows = await db
    .selectFrom('public_lookups')
    .select(['division_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where(inValueList(db, 'code_key', [...new Set(codes.map(lookupCodeKey))]))
    .where(inValueList(db, 'code', codes, 'text'))
    .groupBy('division_code')
    .execute();
  for (const r of rows) counts.set(r.division_code, (counts.get(r.division_code) ?? 0) + Number(r.n));
  const names = await loadCounties(
    db,
    [...counts.keys()].filter((k): k is string => k !== null),
  );
  return [...counts.entries()]
    .map(([division, scans]) => ({
      division,
      name: division ? (names.get(division)?.name ?? null) : null,
      scans,
    }))
    .sort((a, b) => b.scans - a.scans);
}

/** Whether a canonical code names goods (items or batches) rather than a container or a place. */
export const isGoods = (canonical: string): boolean => {
  const k = nodeKind(canonical);
  return k === 'item' || k === 'lot' || k === 'class';
};
