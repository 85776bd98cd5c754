/**
 * Trace a code: resolve it, walk backward or forward within the caller's scope, and answer with the nodes, edges,
 * events, parties and the summary (origins for backward; holders and counties for forward) — issue 7, API.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../access/index.js';
import { parse } from '../codes/index.js';
import { canonicalIdentifier } from '../events/index.js';
import {
  type GraphData,
  loadCounties,
  loadGraphData,
  loadPlaces,
  loadProducts,
  type OrgInfo,
  type ProductInfo,
} from './graph-data.js';
import { holders, origins } from './summary.js';
import { badAt, badDepth, codeNotFound, MAX_DEPTH } from './trace.errors.js';
import { gtinOf, type NodeKind, nodeKind } from './trace-vocabulary.js';
import { type Direction, type WalkResult, walk } from './walk.js';

/** Options of a trace. */
export interface TraceOptions {
  direction: Direction;
  /** Hops, 1…MAX_DEPTH (default 100). */
  depth?: number;
  /** ISO 8601 time cut-off (not in the future). */
  at?: string;
  now?: number;
}

/** A party in a trace. */
export interface TraceParty {
  uscc: string | null;
  party: string | null;
  name: string | null;
  division: string | null;
  roles: string[];
}

/** A holder in a forward trace. */
export interface TraceHolder {
  uscc: string | null;
  party: string | null;
  name: string | null;
  division: string | null;
  /** Class-level quantity in stock in the main unit (the unit with the most), and all units. */
  quantity: number;
  uom: string | null;
  quantities: Array<{ quantity: number; uom: string | null; sold: number }>;
  /** Instance items in stock here, on their way here, and sold here to consumers. */
  items: number;
  itemsInTransit: number;
  itemsSold: number;
}

/** A county reached by a forward trace. */
export interface TraceCounty {
  division: string;
  name: string | null;
  parties: number;
  quantity: number;
  uom: string | null;
  items: number;
  itemsSold: number;
}

/** The answer of GET …/trace/{code}. */
export interface TraceResult {
  root: { id: string; scheme: string; kind: NodeKind; product: ProductInfo | null };
  direction: Direction;
  at: string | null;
  depth: number;
  truncated: boolean;
  nodes: Array<{ id: string; kind: NodeKind; product: ProductInfo | null }>;
  edges: Array<{
    from: string;
    to: string;
    type: 'aggregation' | 'transformation' | 'custody';
    via?: 'lot';
    eventID: string | null;
    time: string;
    quantity: number | null;
    uom: string | null;
    status?: string;
  }>;
  events: Array<{
    eventID: string;
    type: string;
    action: string | null;
    bizStep: string | null;
    disposition: string | null;
    eventTime: string;
    organisation: { uscc: string | null; name: string | null };
    location: { id: string; name: string | null; division: string | null } | null;
  }>;
  /** Events naming these goods that were declared erroneous (EPCIS 2.0 §7.4.1.2): shown, never walked. */
  erroneous: Array<{ eventID: string; declaredAt: string; reason: string | null }>;
  parties: TraceParty[];
  summary: {
    origins: Array<{
      uscc: string | null;
      name: string | null;
      division: string | null;
      location: string | null;
      code: string;
    }>;
    holders: TraceHolder[];
    counties: TraceCounty[];
    items: number;
    batches: number;
  };
}

/** What a trace found before it is shaped for the reply (impact assessment and recalls reuse it). */
export interface TraceRun {
  rootIds: number[];
  walk: WalkResult;
  data: GraphData;
  result: TraceResult;
}

/**
 * Returns an ISO 8601 formatter that remembers what it wrote: the links and events of one batch share a handful of
 * times, and a forward walk from an input lot formats tens of thousands of them.
 */
function isoCache(): (ms: number) => string {
  const seen = new Map<number, string>();
  return (ms) => {
    let s = seen.get(ms);
    if (s === undefined) {
      s = new Date(ms).toISOString();
      seen.set(ms, s);
    }
    return s;
  };
}

/** Reads and checks a depth and cut-off. */
export function traceLimits(options: { depth?: number; at?: string; now?: number }): {
  depth: number;
  at: number | null;
} {
  const depth = options.depth ?? 100;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw badDepth(depth);
  let at: number | null = null;
  if (options.at !== undefined) {
    at = Date.parse(options.at);
    if (Number.isNaN(at)) throw badAt(options.at, 'is not an ISO 8601 date-time');
    if (at > (options.now ?? Date.now()) + 60_000) throw badAt(options.at, 'lies in the future');
  }
  return { depth, at };
}

/** Resolves a code as scanned or typed to its identifier row; 404 (with what was understood) when unknown. */
export async function resolveCode(
  db: Kysely<DB>,
  code: string,
): Promise<{ id: number; canonical: string; scheme: string }> {
  const parsed = parse(code);
  const c = canonicalIdentifier(code.trim());
  const row = await db
    .selectFrom('identifiers')
    .select(['id', 'canonical', 'scheme'])
    .where('canonical', '=', c.canonical)
    .executeTakeFirst();
  if (!row) throw codeNotFound(code, parsed, false);
  return { id: Number(row.id), canonical: row.canonical, scheme: row.scheme };
}

/** Traces one code backward or forward within the caller's scope. */
export async function traceCode(
  db: Kysely<DB>,
  scope: Scope,
  code: string,
  options: TraceOptions,
): Promise<TraceResult> {
  return (await runTrace(db, scope, code, options)).result;
}

/** Like traceCode, keeping the walk and the loaded data for callers that go on (impact, recall). */
export async function runTrace(
  db: Kysely<DB>,
  scope: Scope,
  code: string,
  options: TraceOptions,
): Promise<TraceRun> {
  const limits = traceLimits(options);
  const root = await resolveCode(db, code);
  const run = await runTraceFrom(db, scope, [root.id], options.direction, limits);
  if ((run.data.namings.get(root.id) ?? []).length === 0) {
    throw codeNotFound(code, parse(code), true);
  }
  return run;
}

/**
 * Walks from identifier ids and shapes the answer (the first id is the root shown). With `listsOnRead`, the reply's
 * long lists (edges, events, erroneous events) are made when first read rather than now: the impact assessment
 * and recalls read only the nodes and the summary, and a forward walk from an input lot crosses 20 000 links.
 */
export async function runTraceFrom(
  db: Kysely<DB>,
  scope: Scope,
  rootIds: number[],
  direction: Direction,
  limits: { depth: number; at: number | null },
  options: { listsOnRead?: boolean } = {},
): Promise<TraceRun> {
  const result = await walk(db, scope, rootIds, { direction, depth: limits.depth, at: limits.at });
  const data = await loadGraphData(db, scope, result, limits.at);
  const shaped = await shape(db, rootIds[0]!, direction, limits, result, data, options.listsOnRead ?? false);
  return { rootIds, walk: result, data, result: shaped };
}

async function shape(
  db: Kysely<DB>,
  rootId: number,
  direction: Direction,
  limits: { depth: number; at: number | null },
  result: WalkResult,
  data: GraphData,
  listsOnRead: boolean,
): Promise<TraceResult> {
  const canon = (id: number) => data.canonical.get(id) ?? String(id);
  const iso = isoCache();
  const products = await loadProducts(db, [...result.nodes.keys()].map(canon));
  const productOf = (c: string) => {
    const g = gtinOf(c);
    return g ? (products.get(g) ?? null) : null;
  };
  const valid = [...data.events.values()]
    .filter((e) => e.declaredAt === null)
    .sort((a, b) => a.time - b.time || a.pk - b.pk);
  const places = await loadPlaces(
    db,
    [
      ...valid.map((e) => e.bizLocation),
      ...[...data.handovers.values()].flatMap((h) => [h.fromLocation, h.toLocation]),
    ].filter((x): x is string => x !== null),
  );

  const partyRoles = new Map<string, TraceParty>();
  const orgParty = (org: OrgInfo | undefined, party: string | null, role: string) => {
    const key = org ? `o:${org.id}` : `p:${party ?? ''}`;
    if (!org && !party) return;
    let p = partyRoles.get(key);
    if (!p) {
      p = {
        uscc: org?.uscc ?? null,
        party: party ?? (org?.uscc ? `urn:zhuisu:org:${org.uscc}` : null),
        name: org?.name ?? null,
        division: org?.division ?? null,
        roles: [],
      };
      partyRoles.set(key, p);
    }
    if (!p.roles.includes(role)) p.roles.push(role);
  };
  for (const e of valid) orgParty(data.orgs.get(e.recorderOrgId), null, 'recorder');

  const linkEdges = (): TraceResult['edges'] => {
    const edges: TraceResult['edges'] = [];
    for (const e of result.edges) {
      const event = data.events.get(e.eventPk);
      if (event && event.declaredAt !== null) continue;
      const from = canon(e.fromId);
      const to = canon(e.toId);
      const eventID = event?.eventId ?? null;
      const time = iso(e.time);
      // Same keys in the same order as ever (`via` after `type`): replies are compared and hashed as JSON.
      edges.push(
        e.kind === 'membership'
          ? { from, to, type: 'aggregation', via: 'lot', eventID, time, quantity: e.quantity, uom: e.uom }
          : { from, to, type: e.kind, eventID, time, quantity: e.quantity, uom: e.uom },
      );
    }
    return edges;
  };
  const partyId = (orgId: number | null, party: string | null) => {
    const org = orgId === null ? undefined : data.orgs.get(orgId);
    return party ?? (org?.uscc ? `urn:zhuisu:org:${org.uscc}` : 'unknown');
  };
  const handovers = [...data.handovers.values()].sort(
    (a, b) => (a.shippedAt ?? a.receivedAt ?? 0) - (b.shippedAt ?? b.receivedAt ?? 0),
  );
  const custody: TraceResult['edges'] = [];
  for (const h of handovers) {
    orgParty(h.fromOrgId === null ? undefined : data.orgs.get(h.fromOrgId), h.fromParty, 'shipper');
    orgParty(h.toOrgId === null ? undefined : data.orgs.get(h.toOrgId), h.toParty, 'receiver');
    const pk = h.shipEventPk ?? h.receiveEventPk!;
    custody.push({
      from: partyId(h.fromOrgId, h.fromParty),
      to: partyId(h.toOrgId, h.toParty),
      type: 'custody',
      eventID: data.events.get(pk)?.eventId ?? null,
      time: iso(h.shippedAt ?? h.receivedAt ?? 0),
      quantity: null,
      uom: null,
      status: h.status,
    });
  }

  const orgOf = (id: number | null) => (id === null ? undefined : data.orgs.get(id));
  const summary: TraceResult['summary'] = { origins: [], holders: [], counties: [], items: 0, batches: 0 };
  for (const id of result.nodes.keys()) {
    const k = nodeKind(canon(id));
    if (k === 'item') summary.items += 1;
    else if (k === 'lot') summary.batches += 1;
  }
  if (direction === 'backward') {
    const seen = new Set<string>();
    for (const o of origins(result, data)) {
      const org = orgOf(o.orgId);
      orgParty(org, null, 'origin');
      const key = `${o.orgId}|${o.location}|${o.nodeId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      summary.origins.push({
        uscc: org?.uscc ?? null,
        name: org?.name ?? null,
        division: (o.location ? places.get(o.location)?.division : null) ?? org?.division ?? null,
        location: o.location,
        code: canon(o.nodeId),
      });
    }
  } else {
    const tallies = holders(result, data);
    const divisions = tallies.map((t) => orgOf(t.key.orgId)?.division).filter((d): d is string => !!d);
    const counties = await loadCounties(db, divisions);
    const byCounty = new Map<string, TraceCounty>();
    for (const t of tallies) {
      const org = orgOf(t.key.orgId);
      orgParty(org, t.key.party, 'holder');
      const units = [...new Set([...t.quantity.keys(), ...t.sold.keys()])].map((u) => ({
        quantity: round(t.quantity.get(u) ?? 0),
        uom: u || null,
        sold: round(t.sold.get(u) ?? 0),
      }));
      const main = units.reduce<(typeof units)[number] | undefined>(
        (a, u) => (!a || Math.abs(u.quantity) > Math.abs(a.quantity) ? u : a),
        undefined,
      );
      const holder: TraceHolder = {
        uscc: org?.uscc ?? null,
        party: t.key.party ?? (org?.uscc ? `urn:zhuisu:org:${org.uscc}` : null),
        name: org?.name ?? null,
        division: org?.division ?? null,
        quantity: main?.quantity ?? 0,
        uom: main?.uom ?? null,
        quantities: units,
        items: t.items,
        itemsInTransit: t.itemsInTransit,
        itemsSold: t.itemsSold,
      };
      summary.holders.push(holder);
      const county = org?.division ? counties.get(org.division) : undefined;
      const code = county?.code ?? 'unknown';
      let c = byCounty.get(code);
      if (!c) {
        c = {
          division: code,
          name: county?.name ?? null,
          parties: 0,
          quantity: 0,
          uom: holder.uom,
          items: 0,
          itemsSold: 0,
        };
        byCounty.set(code, c);
      }
      c.parties += 1;
      if (c.uom === holder.uom || c.uom === null) {
        c.uom = holder.uom;
        c.quantity = round(c.quantity + holder.quantity);
      }
      c.items += holder.items + holder.itemsInTransit;
      c.itemsSold += holder.itemsSold;
    }
    summary.counties = [...byCounty.values()].sort((a, b) => a.division.localeCompare(b.division));
  }

  const reply: TraceResult = {
    root: {
      id: canon(rootId),
      scheme: schemeOf(canon(rootId)),
      kind: nodeKind(canon(rootId)),
      product: productOf(canon(rootId)),
    },
    direction,
    at: limits.at === null ? null : iso(limits.at),
    depth: limits.depth,
    truncated: result.truncated,
    nodes: [...result.nodes.keys()].map((id) => ({
      id: canon(id),
      kind: nodeKind(canon(id)),
      product: productOf(canon(id)),
    })),
    edges: [],
    events: [],
    erroneous: [],
    parties: [...partyRoles.values()],
    summary,
  };
  setList(
    reply,
    'edges',
    () => {
      const edges = linkEdges();
      for (const c of custody) edges.push(c);
      return edges;
    },
    listsOnRead,
  );
  setList(
    reply,
    'events',
    () =>
      valid.map((e) => {
        const org = data.orgs.get(e.recorderOrgId);
        const place = e.bizLocation ? places.get(e.bizLocation) : undefined;
        return {
          eventID: e.eventId,
          type: e.type,
          action: e.action,
          bizStep: e.bizStep,
          disposition: e.disposition,
          eventTime: iso(e.time),
          organisation: { uscc: org?.uscc ?? null, name: org?.name ?? null },
          location: e.bizLocation
            ? { id: e.bizLocation, name: place?.name ?? null, division: place?.division ?? null }
            : null,
        };
      }),
    listsOnRead,
  );
  setList(
    reply,
    'erroneous',
    () =>
      [...data.events.values()]
        .filter((e) => e.declaredAt !== null)
        .map((e) => ({ eventID: e.eventId, declaredAt: iso(e.declaredAt!), reason: e.declaredReason })),
    listsOnRead,
  );
  return reply;
}

/**
 * Sets a list of the reply now, or (`onRead`) on its first read, then keeps it: a plain enumerable property either
 * way, in the same place among the keys, so serialising or comparing the reply sees no difference.
 */
function setList<K extends 'edges' | 'events' | 'erroneous'>(
  reply: TraceResult,
  key: K,
  make: () => TraceResult[K],
  onRead: boolean,
): void {
  if (!onRead) {
    reply[key] = make();
    return;
  }
  const keep = (value: TraceResult[K]) =>
    Object.defineProperty(reply, key, { value, enumerable: true, configurable: true, writable: true });
  Object.defineProperty(reply, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = make();
      keep(value);
      return value;
    },
    set: keep,
  });
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

function schemeOf(canonical: string): string {
  const r = parse(canonical);
  return r.valid ? r.scheme : 'uri';
}
