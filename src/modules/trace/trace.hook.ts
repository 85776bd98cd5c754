/**
 * The capture hook that derives the trace graph inside the capture transaction (DESIGN.md, Link): aggregation
 * windows (EPCIS 2.0 §7.4.3: ADD opens, DELETE closes), transformations (§7.4.6, with transformationID joining
 * several events), lot membership of items, and custody hand-overs paired shipment ↔ receipt.
 */
import type { Selectable, Transaction } from 'kysely';
import { insertRows } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { chunk } from '../../lib/values.js';
import {
  type CaptureHook,
  type DeclaredEvent,
  resolveIdentifiers,
  type StoredEvent,
} from '../events/index.js';
import { resolvePartyOrgs } from './parties.js';
import {
  gtinOf,
  ilmdLot,
  isReceiveStep,
  isShipStep,
  lotIdentifier,
  lotWritten,
  nodeKind,
} from './trace-vocabulary.js';

type Trx = Transaction<DB>;
const LINK_COLUMNS = [
  'kind',
  'from_id',
  'to_id',
  'event_pk',
  'end_event_pk',
  'valid_from',
  'valid_to',
  'quantity',
  'uom',
  'erroneous',
] as const;
const HANDOVER_COLUMNS = [
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
  'keys',
  'erroneous',
] as const;
type LinkRow = Omit<DB['trace_links'], 'id'>;

const INSTANCE_ROLES = new Set(['epc', 'parent', 'child', 'input', 'output']);

/** The trace-graph capture hook (registered in src/pipeline.ts after the ledger). */
export const traceHook: CaptureHook = async ({ trx, database, orgId, stored, declared }) => {
  if (declared.length > 0) await applyDeclarations(trx, declared);
  if (stored.length === 0) return;
  const live = stored.filter((e) => !e.record.errorDeclaration); // stored already declared erroneous: no links
  if (live.length === 0) return;
  const orgs = await resolveOrgs(trx, live);
  const lots = await membershipContext(trx, live);
  // Links wait in `pending` and are written in bulk; an aggregation writes them first, since it closes windows
  // that links of earlier events of the same document may have opened.
  const pending: LinkRow[] = [];
  const flush = async () => {
    await insertRows(trx, 'trace_links', LINK_COLUMNS, pending.splice(0));
  };
  for (const event of live) {
    switch (event.record.type) {
      case 'AggregationEvent':
        await flush();
        await aggregation(trx, event, pending);
        break;
      case 'TransformationEvent':
        await transformation(trx, event, pending);
        break;
    }
    membership(event, pending, lots);
  }
  await flush();
  const moves = live.filter((e) => isShipStep(e.record.bizStep) || isReceiveStep(e.record.bizStep));
  if (moves.length > 0) await handovers(trx, moves, orgId, orgs, database.dialect.encodeJson);
};

const idOf = (event: StoredEvent, canonical: string) => event.identifierIds.get(canonical)!;

async function aggregation(trx: Trx, event: StoredEvent, links: LinkRow[]): Promise<void> {
  const { record, pk } = event;
  const parent = record.identifiers.find((i) => i.role === 'parent');
  if (!parent) return;
  const parentId = idOf(event, parent.canonical);
  const children = record.identifiers.filter((i) => i.role === 'child' || i.role === 'child_quantity');
  const t = record.eventTime;
  if (record.action === 'ADD') {
    const instanceIds = children.filter((c) => c.role === 'child').map((c) => idOf(event, c.canonical));
    // A physical item is in one container at a time: packing it into another ends the earlier window (re-pack).
    for (const part of chunk(instanceIds, 500)) {
      await trx
        .updateTable('trace_links')
        .set({ valid_to: t, end_event_pk: pk })
        .where('kind', '=', 'aggregation')
        .where('to_id', 'in', part)
        .where('from_id', '!=', parentId)
        .where('valid_to', 'is', null)
        .where('valid_from', '<=', t)
        .where('erroneous', '=', 0)
        .execute();
    }
    for (const c of children) {
      links.push({
        kind: 'aggregation',
        from_id: parentId,
        to_id: idOf(event, c.canonical),
        event_pk: pk,
        end_event_pk: null,
        valid_from: t,
        valid_to: null,
        quantity: c.quantity,
        uom: c.uom,
        erroneous: 0,
      });
    }
  } else if (record.action === 'DELETE') {
    let q = trx
      .updateTable('trace_links')
      .set({ valid_to: t, end_event_pk: pk })
      .where('kind', '=', 'aggregation')
      .where('from_id', '=', parentId)
      .where('valid_to', 'is', null)
      .where('valid_from', '<=', t)
      .where('erroneous', '=', 0);
    // EPCIS 2.0 §7.4.3: a DELETE without children disaggregates everything from the parent.
    if (children.length > 0)
      q = q.where(
        'to_id',
        'in',
        children.map((c) => idOf(event, c.canonical)),
      );
    await q.execute();
  }
}

async function transformation(trx: Trx, event: StoredEvent, links: LinkRow[]): Promise<void> {
  const { record, pk } = event;
  type End = { id: number; quantity: number | null; uom: string | null };
  const own = (roles: string[]): End[] =>
    record.identifiers
      .filter((i) => roles.includes(i.role))
      .map((i) => ({ id: idOf(event, i.canonical), quantity: i.quantity, uom: i.uom }));
  const inputs = own(['input', 'input_quantity']);
  const outputs = own(['output', 'output_quantity']);
  const pairs: Array<[End, End, number]> = [];
  for (const i of inputs) for (const o of outputs) pairs.push([i, o, pk]);
  // EPCIS 2.0 §7.4.6: events sharing a transformationID are one transformation — inputs of any feed outputs of all.
  const tid = record.attrs.find((a) => a.kind === 'transformationID')?.value;
  if (tid) {
    const others = await trx
      .selectFrom('event_attrs as a')
      .innerJoin('event_identifiers as ei', 'ei.event_pk', 'a.event_pk')
      .innerJoin('events as e', 'e.id', 'a.event_pk')
      .select(['ei.identifier_id', 'ei.role', 'ei.quantity', 'ei.uom', 'a.event_pk'])
      .where('a.kind', '=', 'transformationID')
      .where('a.value', '=', tid)
      .where('a.event_pk', '!=', pk)
      .where('e.error_declared_at', 'is', null)
      .execute();
    for (const r of others) {
      const end = { id: Number(r.identifier_id), quantity: r.quantity, uom: r.uom };
      if (r.role === 'input' || r.role === 'input_quantity')
        for (const o of outputs) pairs.push([end, o, pk]);
      if (r.role === 'output' || r.role === 'output_quantity')
        for (const i of inputs) pairs.push([i, end, Number(r.event_pk)]);
    }
  }
  for (const [i, o] of pairs) {
    if (i.id === o.id) continue;
    links.push({
      kind: 'transformation',
      from_id: i.id,
      to_id: o.id,
      event_pk: pk,
      end_event_pk: null,
      valid_from: record.eventTime,
      valid_to: null,
      quantity: o.quantity,
      uom: o.uom,
      erroneous: 0,
    });
  }
}

/** What the membership step needs for a whole document: lot ids and the item → lot links already stored. */
interface MembershipContext {
  lotIds: Map<string, number>;
  existing: Set<string>;
}

/** The lot each item of an event belongs to, if the event says: its own code, the ILMD lot, or a lot beside it. */
function itemLots(event: StoredEvent): Array<{ lot: string; item: number }> {
  const { record, doc } = event;
  const items = record.identifiers.filter(
    (i) => INSTANCE_ROLES.has(i.role) && i.role !== 'input' && nodeKind(i.canonical) === 'item',
  );
  if (items.length === 0) return [];
  const creates =
    (record.type === 'ObjectEvent' && record.action === 'ADD') || record.type === 'TransformationEvent';
  const ilmd = creates ? ilmdLot(doc) : null;
  const lotsBeside = new Map<string, string>();
  if (creates) {
    for (const q of record.identifiers) {
      if ((q.role === 'quantity' || q.role === 'output_quantity') && nodeKind(q.canonical) === 'lot') {
        const g = gtinOf(q.canonical);
        if (g) lotsBeside.set(g, q.canonical);
      }
    }
  }
  const wanted: Array<{ lot: string; item: number }> = [];
  for (const item of items) {
    // An input is consumed: its lot was known when it was made.
    const g = gtinOf(item.canonical);
    const lot =
      lotWritten(item.raw) ??
      (g && ilmd ? lotIdentifier(g, ilmd) : null) ??
      (g ? (lotsBeside.get(g) ?? null) : null);
    if (lot) wanted.push({ lot, item: idOf(event, item.canonical) });
  }
  return wanted;
}

async function membershipContext(trx: Trx, events: StoredEvent[]): Promise<MembershipContext> {
  const lots = new Set<string>();
  const items = new Set<number>();
  for (const e of events) {
    for (const w of itemLots(e)) {
      lots.add(w.lot);
      items.add(w.item);
    }
  }
  const existing = new Set<string>();
  if (lots.size === 0) return { lotIds: new Map(), existing };
  const lotIds = await identifierIds(trx, [...lots]);
  for (const part of chunk([...items], 500)) {
    const rows = await trx
      .selectFrom('trace_links')
      .select(['from_id', 'to_id'])
      .where('kind', '=', 'membership')
      .where('to_id', 'in', part)
      .execute();
    for (const r of rows) existing.add(`${r.from_id}:${r.to_id}`);
  }
  return { lotIds, existing };
}

/** Item → lot links of one event, once per pair across the store. */
function membership(event: StoredEvent, links: LinkRow[], ctx: MembershipContext): void {
  for (const w of itemLots(event)) {
    const from = ctx.lotIds.get(w.lot)!;
    const key = `${from}:${w.item}`;
    if (ctx.existing.has(key)) continue;
    ctx.existing.add(key);
    links.push({
      kind: 'membership',
      from_id: from,
      to_id: w.item,
      event_pk: event.pk,
      end_event_pk: null,
      valid_from: event.record.eventTime,
      valid_to: null,
      quantity: null,
      uom: null,
      erroneous: 0,
    });
  }
}

async function identifierIds(trx: Trx, canonicals: string[]): Promise<Map<string, number>> {
  return resolveIdentifiers(trx, new Map(canonicals.map((c) => [c, 'gs1-digital-link'])));
}

/**
 * Organisation ids of every party and location the stored events name as source or destination: platform URIs by
 * USCC, PGLNs and SGLNs by the organisations' and locations' GLNs (parties.ts), keyed by the name as written.
 */
async function resolveOrgs(trx: Trx, stored: StoredEvent[]): Promise<Map<string, number>> {
  const names = new Set<string>();
  for (const e of stored)
    for (const a of e.record.attrs) if (a.kind === 'source' || a.kind === 'destination') names.add(a.value);
  return names.size === 0 ? new Map() : resolvePartyOrgs(trx, names);
}

interface Side {
  party: string | null;
  location: string | null;
  orgId: number | null;
}

function side(event: StoredEvent, kind: 'source' | 'destination', orgs: Map<string, number>): Side {
  const attrs = event.record.attrs.filter((a) => a.kind === kind);
  // CBV 2.0 §7.5: the possessing party holds the goods physically — custody follows it before ownership.
  const party =
    attrs.find((a) => a.type === 'possessing_party')?.value ??
    attrs.find((a) => a.type === 'owning_party')?.value ??
    null;
  const location = attrs.find((a) => a.type === 'location')?.value ?? null;
  const orgId = (party ? orgs.get(party) : undefined) ?? (location ? orgs.get(location) : undefined) ?? null;
  return { party, location, orgId };
}

type StoredHandover = Selectable<DB['trace_handovers']>;
type HandoverRow = Omit<StoredHandover, 'id'>;

/** A hand-over while the document is processed: loaded from the store (with its id) or new (inserted at the end). */
interface OpenHandover {
  id: number | null;
  row: HandoverRow;
  changed: boolean;
}

/** One shipping or receiving event, ready to pair. */
interface Move {
  event: StoredEvent;
  ship: boolean;
  from: Side;
  to: Side;
  desadv: string[];
  /** Pairing keys: `bt:<despatch advice>` and `id:<identifier id>`. */
  matchKeys: { desadv: string[]; ids: string[] };
}

/**
 * Custody hand-overs of a document's shipping and receiving events, in capture order: each pairs with the open
 * counterpart the store or an earlier event of the document holds (by despatch advice first, then by a shared
 * identifier: SSCC, EPC or class), else opens a hand-over flagged `in_transit` or `unshipped`. The open counterparts
 * are loaded in one query per side, paired in memory, and written back in bulk.
 */
async function handovers(
  trx: Trx,
  events: StoredEvent[],
  recorder: number,
  orgs: Map<string, number>,
  encodeJson: (v: unknown) => unknown,
): Promise<void> {
  const moves: Move[] = events.map((event) => {
    const { record } = event;
    const ship = isShipStep(record.bizStep);
    const from = side(event, 'source', orgs);
    const to = side(event, 'destination', orgs);
    if (ship) from.orgId ??= recorder;
    else to.orgId ??= recorder;
    const desadv = record.attrs
      .filter((a) => a.kind === 'bizTransaction' && a.type === 'desadv')
      .map((a) => a.value);
    const ids = record.identifiers
      .filter((i) => i.role === 'epc' || i.role === 'parent' || i.role === 'quantity')
      .map((i) => idOf(event, i.canonical))
      .slice(0, 500);
    return {
      event,
      ship,
      from,
      to,
      desadv,
      matchKeys: { desadv: desadv.map((v) => `bt:${v}`), ids: ids.map((i) => `id:${i}`) },
    };
  });
  // Open hand-overs indexed by the keys a later event may match: the counterpart event's despatch advices and
  // every identifier it names.
  const open = new Map<string, OpenHandover[]>();
  const index = (h: OpenHandover, key: string) => {
    const list = open.get(key);
    if (list) list.push(h);
    else open.set(key, [h]);
  };
  await loadOpen(trx, moves, index);

  const fresh: OpenHandover[] = [];
  for (const m of moves) {
    const { pk, record } = m.event;
    const t = record.eventTime;
    const pick = (keys: string[]): OpenHandover | undefined => {
      let best: OpenHandover | undefined;
      for (const key of keys) {
        for (const h of open.get(key) ?? []) {
          const r = h.row;
          if (r.status !== (m.ship ? 'unshipped' : 'in_transit') || r.erroneous !== 0) continue;
          if (m.ship) {
            if (r.received_at! < t || (r.from_org_id !== null && r.from_org_id !== m.from.orgId)) continue;
            if (!best || r.received_at! < best.row.received_at!) best = h;
          } else {
            if (r.shipped_at! > t || (r.to_org_id !== null && r.to_org_id !== m.to.orgId)) continue;
            if (!best || r.shipped_at! > best.row.shipped_at!) best = h;
          }
        }
      }
      return best;
    };
    const found = pick(m.matchKeys.desadv) ?? pick(m.matchKeys.ids);
    if (found) {
      const r = found.row;
      Object.assign(
        r,
        m.ship
          ? {
              ship_event_pk: pk,
              shipped_at: t,
              from_party: m.from.party ?? r.from_party,
              from_org_id: m.from.orgId,
              from_location: m.from.location ?? r.from_location,
              to_party: r.to_party ?? m.to.party,
              to_org_id: r.to_org_id ?? m.to.orgId,
              status: 'paired',
            }
          : {
              receive_event_pk: pk,
              received_at: t,
              to_party: m.to.party ?? r.to_party,
              to_org_id: m.to.orgId,
              to_location: m.to.location ?? r.to_location,
              from_party: r.from_party ?? m.from.party,
              from_org_id: r.from_org_id ?? m.from.orgId,
              status: 'paired',
            },
      );
      found.changed = true;
      continue;
    }
    const h: OpenHandover = {
      id: null,
      changed: true,
      row: {
        ship_event_pk: m.ship ? pk : null,
        receive_event_pk: m.ship ? null : pk,
        from_party: m.from.party,
        to_party: m.to.party,
        from_org_id: m.from.orgId,
        to_org_id: m.to.orgId,
        from_location: m.from.location,
        to_location: m.to.location,
        shipped_at: m.ship ? t : null,
        received_at: m.ship ? null : t,
        status: m.ship ? 'in_transit' : 'unshipped',
        keys: encodeJson([...m.desadv.map((v) => `bt:${v}`), ...m.matchKeys.ids]) as never,
        erroneous: 0,
      },
    };
    fresh.push(h);
    for (const key of m.matchKeys.desadv) index(h, key);
    for (const id of new Set(m.event.record.identifiers.map((i) => idOf(m.event, i.canonical))))
      index(h, `id:${id}`);
  }
  const loaded = new Set<OpenHandover>();
  for (const list of open.values()) for (const h of list) if (h.id !== null && h.changed) loaded.add(h);
  for (const h of loaded) {
    const { keys: _keys, ...changes } = h.row;
    await trx.updateTable('trace_handovers').set(changes).where('id', '=', h.id!).execute();
  }
  await insertRows(
    trx,
    'trace_handovers',
    HANDOVER_COLUMNS,
    fresh.map((h) => h.row),
  );
}

/** Loads the stored open hand-overs any of the moves may pair with, indexed under the keys they match on. */
async function loadOpen(
  trx: Trx,
  moves: Move[],
  index: (h: OpenHandover, key: string) => void,
): Promise<void> {
  const byId = new Map<number, OpenHandover>();
  const held = (row: StoredHandover): OpenHandover => {
    const id = Number(row.id);
    let h = byId.get(id);
    if (!h) {
      const { id: _id, ...rest } = row;
      h = { id, row: rest, changed: false };
      byId.set(id, h);
    }
    return h;
  };
  for (const ship of [true, false]) {
    const mine = moves.filter((m) => m.ship === ship);
    if (mine.length === 0) continue;
    // A shipment looks for a receipt that came first (`unshipped`), a receipt for a shipment under way.
    const status = ship ? 'unshipped' : 'in_transit';
    const counterpart = ship ? 'h.receive_event_pk' : 'h.ship_event_pk';
    const desadv = [...new Set(mine.flatMap((m) => m.desadv))];
    for (const part of chunk(desadv, 500)) {
      const rows = await trx
        .selectFrom('event_attrs as a')
        .innerJoin('trace_handovers as h', counterpart, 'a.event_pk')
        .selectAll('h')
        .select('a.value as match_key')
        .where('a.kind', '=', 'bizTransaction')
        .where('a.type', '=', 'desadv')
        .where('a.value', 'in', part)
        .where('h.status', '=', status)
        .where('h.erroneous', '=', 0)
        .execute();
      for (const { match_key, ...row } of rows) index(held(row as StoredHandover), `bt:${match_key}`);
    }
    const ids = [...new Set(mine.flatMap((m) => m.matchKeys.ids.map((k) => Number(k.slice(3)))))];
    for (const part of chunk(ids, 500)) {
      const rows = await trx
        .selectFrom('event_identifiers as ei')
        .innerJoin('trace_handovers as h', counterpart, 'ei.event_pk')
        .selectAll('h')
        .select('ei.identifier_id as match_id')
        .where('ei.identifier_id', 'in', part)
        .where('h.status', '=', status)
        .where('h.erroneous', '=', 0)
        .execute();
      for (const { match_id, ...row } of rows) index(held(row as StoredHandover), `id:${match_id}`);
    }
  }
}

/** Error declarations (EPCIS 2.0 §7.4.1.2): links of a declared event leave the walks; windows it closed reopen. */
async function applyDeclarations(trx: Trx, declared: DeclaredEvent[]): Promise<void> {
  const pks = declared.map((d) => d.pk);
  await trx.updateTable('trace_links').set({ erroneous: 1 }).where('event_pk', 'in', pks).execute();
  await trx
    .updateTable('trace_links')
    .set({ valid_to: null, end_event_pk: null })
    .where('end_event_pk', 'in', pks)
    .execute();
  // A hand-over keeps its other half when only one half was wrong.
  await trx
    .updateTable('trace_handovers')
    .set({ ship_event_pk: null, shipped_at: null, status: 'unshipped' })
    .where('ship_event_pk', 'in', pks)
    .where('receive_event_pk', 'is not', null)
    .execute();
  await trx
    .updateTable('trace_handovers')
    .set({ receive_event_pk: null, received_at: null, status: 'in_transit' })
    .where('receive_event_pk', 'in', pks)
    .where('ship_event_pk', 'is not', null)
    .execute();
  await trx
    .updateTable('trace_handovers')
    .set({ erroneous: 1 })
    .where((eb) => eb.or([eb('ship_event_pk', 'in', pks), eb('receive_event_pk', 'in', pks)]))
    .execute();
}
