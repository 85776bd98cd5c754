/**
 * Loads what a walk's nodes need around them, one query per kind of row for the whole walk (each list bound as one
 * parameter): the events naming them, the hand-overs of those events with the organisations behind their parties,
 * identifiers, organisations, locations, products and divisions.
 */
import type { Kysely } from 'kysely';
import { inValueList } from '../../db/dialects/value-list.js';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../access/index.js';
import { glnOf, resolvePartyOrgs, sglnOf } from './parties.js';
import { eventVisibleTo, seesAll } from './trace-scope.js';
import { gtinOf } from './trace-vocabulary.js';
import type { WalkResult } from './walk.js';

/** An event around the walked nodes. */
export interface EventInfo {
  pk: number;
  eventId: string;
  type: string;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  time: number;
  recorderOrgId: number;
  bizLocation: string | null;
  category: string | null;
  declaredAt: number | null;
  declaredReason: string | null;
}

/** One identifier an event names (only walked nodes and their containers are loaded). */
export interface Naming {
  identifierId: number;
  eventPk: number;
  role: string;
  quantity: number | null;
  uom: string | null;
}

/** A custody hand-over as loaded. */
export interface Handover {
  id: number;
  shipEventPk: number | null;
  receiveEventPk: number | null;
  fromParty: string | null;
  toParty: string | null;
  fromOrgId: number | null;
  toOrgId: number | null;
  fromLocation: string | null;
  toLocation: string | null;
  shippedAt: number | null;
  receivedAt: number | null;
  status: string;
}

/** An organisation as traces show it. */
export interface OrgInfo {
  id: number;
  name: string;
  uscc: string | null;
  division: string | null;
}

/** Everything around a walk. */
export interface GraphData {
  events: Map<number, EventInfo>;
  /** Namings by identifier id (valid events only). */
  namings: Map<number, Naming[]>;
  handovers: Map<number, Handover>;
  /** Hand-over ids by the event that made either half. */
  handoverOf: Map<number, number>;
  canonical: Map<number, string>;
  orgs: Map<number, OrgInfo>;
}

const HANDOVER_COLUMNS = [
  'id',
  'ship_event_pk',
  'receive_event_pk',
  'from_party',
  'to_party',
  'from_org_id',
  'to_org_id',
  'from_location',
  'to_location',
  'shipped_at',
  'received_at',
  'status',
] as const;

const num = (v: unknown) => (v == null ? null : Number(v));

/** Loads the events, hand-overs and identifiers around a walk, seen through the scope, up to the cut-off. */
export async function loadGraphData(
  db: Kysely<DB>,
  scope: Scope,
  result: WalkResult,
  at: number | null,
): Promise<GraphData> {
  const ids = new Set<number>(result.nodes.keys());
  for (const list of result.containersOf.values()) for (const c of list) ids.add(c.id);
  const all = [...ids];
  const idSet = new Set<number>(all);
  for (const e of result.edges) {
    idSet.add(e.fromId);
    idSet.add(e.toId);
  }
  // Needs only the walk: on PostgreSQL it runs beside the namings and events on a second pooled connection.
  const identifierRows = db
    .selectFrom('identifiers')
    .select(['id', 'canonical'])
    .where(inValueList(db, 'id', [...idSet]))
    .execute();
  // Awaited below; a failure before then must not surface as an unhandled rejection.
  identifierRows.catch(() => undefined);
  const events = new Map<number, EventInfo>();
  const namings = new Map<number, Naming[]>();
  // Namings first (an index search per identifier), then each event once: items share their packing events. Rows
  // are read under the names of Naming and EventInfo and kept as they come (integer columns arrive as numbers on
  // both engines): tens of thousands of them for a forward walk from an input lot, where copying cost more than SQL.
  const raw = (await db
    .selectFrom('event_identifiers')
    .select(['identifier_id as identifierId', 'event_pk as eventPk', 'role', 'quantity', 'uom'])
    .where(inValueList(db, 'identifier_id', all))
    .execute()) as Naming[];
  const eventPkSet = new Set<number>();
  for (const n of raw) eventPkSet.add(n.eventPk);
  let eq = db
    .selectFrom('events as e')
    .select([
      'e.id as pk',
      'e.event_id as eventId',
      'e.event_type as type',
      'e.action',
      'e.biz_step as bizStep',
      'e.disposition',
      'e.event_time as time',
      'e.recorder_org_id as recorderOrgId',
      'e.biz_location as bizLocation',
      'e.category',
      'e.error_declared_at as declaredAt',
      'e.error_reason as declaredReason',
    ])
    .where(inValueList(db, 'e.id', [...eventPkSet]));
  if (at !== null) eq = eq.where('e.event_time', '<=', at);
  if (!seesAll(scope)) eq = eq.where((eb) => eventVisibleTo(eb, scope));
  for (const e of (await eq.execute()) as EventInfo[]) events.set(e.pk, e);
  for (const n of raw) {
    if (!events.has(n.eventPk)) continue;
    const list = namings.get(n.identifierId);
    if (list) list.push(n);
    else namings.set(n.identifierId, [n]);
  }
  // Events of the links crossed (a transformation naming a node is already here; an aggregation's parent may not be).
  const handovers = new Map<number, Handover>();
  const handoverOf = new Map<number, number>();
  const pks = [...events.values()].filter((e) => e.declaredAt === null).map((e) => e.pk);
  // Two index searches (ship half, receive half) rather than an OR the planners would answer with a scan.
  const handoverRows =
    pks.length === 0
      ? []
      : await db
          .selectFrom('trace_handovers')
          .select(HANDOVER_COLUMNS)
          .where('erroneous', '=', 0)
          .where(inValueList(db, 'ship_event_pk', pks))
          .unionAll(
            db
              .selectFrom('trace_handovers')
              .select(HANDOVER_COLUMNS)
              .where('erroneous', '=', 0)
              .where(inValueList(db, 'receive_event_pk', pks)),
          )
          .execute();
  for (const r of handoverRows) {
    if (handovers.has(Number(r.id))) continue;
    const h: Handover = {
      id: Number(r.id),
      shipEventPk: num(r.ship_event_pk),
      receiveEventPk: num(r.receive_event_pk),
      fromParty: r.from_party,
      toParty: r.to_party,
      fromOrgId: num(r.from_org_id),
      toOrgId: num(r.to_org_id),
      fromLocation: r.from_location,
      toLocation: r.to_location,
      shippedAt: num(r.shipped_at),
      receivedAt: num(r.received_at),
      status: r.status,
    };
    // A half the caller may not see, or after the cut-off, is left out of this view of the hand-over.
    if (h.shipEventPk !== null && (!events.has(h.shipEventPk) || (at !== null && (h.shippedAt ?? 0) > at))) {
      h.shipEventPk = null;
      h.shippedAt = null;
    }
    if (
      h.receiveEventPk !== null &&
      (!events.has(h.receiveEventPk) || (at !== null && (h.receivedAt ?? 0) > at))
    ) {
      h.receiveEventPk = null;
      h.receivedAt = null;
      if (h.status === 'paired') h.status = 'in_transit';
    }
    if (h.shipEventPk === null && h.receiveEventPk === null) continue;
    handovers.set(h.id, h);
    if (h.shipEventPk !== null) handoverOf.set(h.shipEventPk, h.id);
    if (h.receiveEventPk !== null) handoverOf.set(h.receiveEventPk, h.id);
  }
  // Parties named by GLN (or by a platform URI of an organisation registered after the capture) resolve now.
  const unresolved = new Set<string>();
  for (const h of handovers.values()) {
    if (h.fromOrgId === null) for (const n of [h.fromParty, h.fromLocation]) if (n) unresolved.add(n);
    if (h.toOrgId === null) for (const n of [h.toParty, h.toLocation]) if (n) unresolved.add(n);
  }
  if (unresolved.size > 0) {
    const resolved = await resolvePartyOrgs(db, unresolved);
    const org = (party: string | null, location: string | null) =>
      (party ? resolved.get(party) : undefined) ?? (location ? resolved.get(location) : undefined) ?? null;
    for (const h of handovers.values()) {
      if (h.fromOrgId === null) h.fromOrgId = org(h.fromParty, h.fromLocation);
      if (h.toOrgId === null) h.toOrgId = org(h.toParty, h.toLocation);
    }
  }

  const canonical = new Map<number, string>();
  for (const r of await identifierRows) canonical.set(r.id, r.canonical);

  const orgIds = new Set<number>();
  for (const e of events.values()) orgIds.add(e.recorderOrgId);
  for (const h of handovers.values()) {
    if (h.fromOrgId !== null) orgIds.add(h.fromOrgId);
    if (h.toOrgId !== null) orgIds.add(h.toOrgId);
  }
  const orgs = await loadOrgs(db, [...orgIds]);
  return { events, namings, handovers, handoverOf, canonical, orgs };
}

/** Organisations by id. */
export async function loadOrgs(db: Kysely<DB>, ids: number[]): Promise<Map<number, OrgInfo>> {
  const out = new Map<number, OrgInfo>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'uscc', 'division_code'])
    .where(inValueList(db, 'id', ids))
    .execute();
  for (const r of rows)
    out.set(Number(r.id), { id: Number(r.id), name: r.name, uscc: r.uscc, division: r.division_code });
  return out;
}

/** A product as a node shows it. */
export interface ProductInfo {
  name: string;
  category: string;
  gtin: string | null;
}

/** Products by GTIN-14 for the GS1 identifiers given. */
export async function loadProducts(
  db: Kysely<DB>,
  canonicals: Iterable<string>,
): Promise<Map<string, ProductInfo>> {
  const gtins = new Set<string>();
  for (const c of canonicals) {
    const g = gtinOf(c);
    if (g) gtins.add(g);
  }
  const out = new Map<string, ProductInfo>();
  if (gtins.size === 0) return out;
  const rows = await db
    .selectFrom('products')
    .select(['gtin', 'name', 'category'])
    .where(inValueList(db, 'gtin', [...gtins], 'text'))
    .execute();
  for (const r of rows) if (r.gtin) out.set(r.gtin, { name: r.name, category: r.category, gtin: r.gtin });
  return out;
}

/** A place as traces show it. */
export interface PlaceInfo {
  id: string;
  name: string | null;
  division: string | null;
}

/**
 * Locations by canonical identifier: registered locations first (an SGLN with an extension falls back to its
 * SGLN without one), else the organisation the identifier names: the USCC in a platform location URI, or an
 * organisation whose GLN the SGLN carries.
 */
export async function loadPlaces(db: Kysely<DB>, ids: Iterable<string>): Promise<Map<string, PlaceInfo>> {
  const list = [...new Set(ids)];
  const out = new Map<string, PlaceInfo>();
  if (list.length === 0) return out;
  const lookup = new Set(list);
  for (const id of list) {
    const g = glnOf(id);
    if (g?.ai === '414' && g.extension !== null) lookup.add(sglnOf(g.gln));
  }
  const registered = new Map<string, { name: string; division: string | null }>();
  const rows = await db
    .selectFrom('locations')
    .select(['identifier', 'name', 'division_code'])
    .where(inValueList(db, 'identifier', [...lookup], 'text'))
    .execute();
  for (const r of rows) registered.set(r.identifier, { name: r.name, division: r.division_code });
  const byOrg: string[] = [];
  for (const id of list) {
    const g = glnOf(id);
    const hit = registered.get(id) ?? (g?.ai === '414' ? registered.get(sglnOf(g.gln)) : undefined);
    if (hit) out.set(id, { id, name: hit.name, division: hit.division });
    else byOrg.push(id);
  }
  if (byOrg.length > 0) {
    const orgOf = await resolvePartyOrgs(db, byOrg);
    const orgs = await loadOrgs(db, [...new Set(orgOf.values())]);
    for (const id of byOrg) {
      const orgId = orgOf.get(id);
      const org = orgId === undefined ? undefined : orgs.get(orgId);
      if (!org) continue;
      const local = id.startsWith('urn:zhuisu:loc:') ? ` ${id.split(':').slice(4).join(':')}` : '';
      out.set(id, { id, name: `${org.name}${local}`, division: org.division });
    }
  }
  for (const id of list) if (!out.has(id)) out.set(id, { id, name: null, division: null });
  return out;
}

/** County-level division of a division code, with its name (GB/T 2260: the first six digits name the county). */
export async function loadCounties(
  db: Kysely<DB>,
  codes: Iterable<string>,
): Promise<Map<string, { code: string; name: string | null }>> {
  const rows = await db.selectFrom('divisions').select(['code', 'name_zh', 'parent_code', 'level']).execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out = new Map<string, { code: string; name: string | null }>();
  for (const code of new Set(codes)) {
    let c = byCode.get(code) ?? byCode.get(code.slice(0, 6));
    // Below county level (towns are not seeded) the six-digit prefix is the county.
    while (c && c.level !== 'county' && c.level !== 'zone' && c.level !== 'city' && c.parent_code)
      c = byCode.get(c.parent_code);
    out.set(code, c ? { code: c.code, name: c.name_zh } : { code: code.slice(0, 6), name: null });
  }
  return out;
}
