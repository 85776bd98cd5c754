/**
 * What a walk means for people: where things came from (origins) and who holds what now (holders, with items and
 * class quantities, in stock, in transit or sold), by county. Pure over the loaded graph data.
 */
import type { EventInfo, GraphData, Handover, Naming } from './graph-data.js';
import { isDestruction, isSale, nodeKind } from './trace-vocabulary.js';
import type { WalkResult } from './walk.js';

/** Who holds something: an organisation when the party resolves to one, else the party as named. */
export interface HolderKey {
  orgId: number | null;
  party: string | null;
}

/** What one holder holds. */
export interface HolderTally {
  key: HolderKey;
  /** Instance items held (in stock). */
  items: number;
  /** Instance items on their way to this holder (shipped, no receipt yet). */
  itemsInTransit: number;
  /** Instance items this holder sold to consumers. */
  itemsSold: number;
  /** Class-level quantity in stock, by unit of measure. */
  quantity: Map<string, number>;
  /** Class-level quantity sold to consumers, by unit of measure. */
  sold: Map<string, number>;
  /** Identifier ids of the items held, in transit or sold here. */
  itemIds: number[];
}

/** Where one origin node was made. */
export interface OriginFact {
  nodeId: number;
  orgId: number;
  location: string | null;
  eventPk: number;
}

const keyOf = (k: HolderKey) => (k.orgId !== null ? `o:${k.orgId}` : `p:${k.party ?? ''}`);
const effective = (h: Handover) => h.receivedAt ?? h.shippedAt ?? 0;

/** Origins of a backward walk: goods with nothing upstream, at the organisation that first recorded them. */
export function origins(result: WalkResult, data: GraphData): OriginFact[] {
  const upstream = new Set<number>();
  const parents = new Set<number>();
  for (const e of result.edges) {
    if (e.kind === 'aggregation') parents.add(e.fromId);
    else upstream.add(e.toId);
  }
  const out: OriginFact[] = [];
  for (const id of result.nodes.keys()) {
    if (upstream.has(id) || parents.has(id)) continue;
    const kind = nodeKind(data.canonical.get(id) ?? '');
    if (kind === 'container' || kind === 'asset' || kind === 'location' || kind === 'party') continue;
    const first = earliest(data.namings.get(id) ?? [], data);
    if (first)
      out.push({ nodeId: id, orgId: first.recorderOrgId, location: first.bizLocation, eventPk: first.pk });
  }
  return out;
}

function earliest(namings: Naming[], data: GraphData): EventInfo | undefined {
  let best: EventInfo | undefined;
  for (const n of namings) {
    const e = data.events.get(n.eventPk);
    if (!e || e.declaredAt !== null) continue;
    if (!best || e.time < best.time || (e.time === best.time && e.pk < best.pk)) best = e;
  }
  return best;
}

/** Holders of everything a forward walk reached: each item at its last custodian, class quantities by balance. */
export function holders(result: WalkResult, data: GraphData): HolderTally[] {
  const tallies = new Map<string, HolderTally>();
  const tally = (k: HolderKey): HolderTally => {
    const key = keyOf(k);
    let t = tallies.get(key);
    if (!t) {
      t = {
        key: k,
        items: 0,
        itemsInTransit: 0,
        itemsSold: 0,
        quantity: new Map(),
        sold: new Map(),
        itemIds: [],
      };
      tallies.set(key, t);
    }
    return t;
  };
  const add = (m: Map<string, number>, uom: string, q: number) => m.set(uom, (m.get(uom) ?? 0) + q);
  const valid = (pk: number) => {
    const e = data.events.get(pk);
    return e && e.declaredAt === null ? e : undefined;
  };

  for (const id of result.nodes.keys()) {
    const kind = nodeKind(data.canonical.get(id) ?? '');
    if (kind === 'item') itemHolder(id, result, data, valid, tally);
    else if (kind === 'lot' || kind === 'class') lotBalance(id, data, valid, tally, add);
  }
  return [...tallies.values()].filter(
    (t) =>
      t.items + t.itemsInTransit + t.itemsSold > 0 ||
      [...t.quantity.values(), ...t.sold.values()].some((q) => Math.abs(q) > 1e-9),
  );
}

function itemHolder(
  id: number,
  result: WalkResult,
  data: GraphData,
  valid: (pk: number) => EventInfo | undefined,
  tally: (k: HolderKey) => HolderTally,
): void {
  const own = (data.namings.get(id) ?? []).filter((n) => valid(n.eventPk));
  const candidates: EventInfo[] = own.map((n) => valid(n.eventPk)!);
  for (const c of result.containersOf.get(id) ?? []) {
    for (const n of data.namings.get(c.id) ?? []) {
      const e = valid(n.eventPk);
      if (e && e.time >= c.window.from && e.time <= c.window.to) candidates.push(e);
    }
  }
  let last: Handover | undefined;
  for (const e of candidates) {
    const hid = data.handoverOf.get(e.pk);
    const h = hid === undefined ? undefined : data.handovers.get(hid);
    if (
      h &&
      (!last || effective(h) > effective(last) || (effective(h) === effective(last) && h.id > last.id))
    )
      last = h;
  }
  let key: HolderKey;
  let inTransit = false;
  if (last) {
    key = { orgId: last.toOrgId, party: last.toParty };
    inTransit = last.receiveEventPk === null;
  } else {
    const first = candidates.reduce<EventInfo | undefined>(
      (a, e) => (!a || e.time < a.time ? e : a),
      undefined,
    );
    if (!first) return;
    key = { orgId: first.recorderOrgId, party: null };
  }
  const after = last ? effective(last) : Number.NEGATIVE_INFINITY;
  const sold = candidates.some((e) => e.time >= after && isSale(e.bizStep, e.disposition));
  const destroyed = candidates.some((e) => e.time >= after && isDestruction(e.bizStep, e.disposition));
  if (destroyed) return;
  const t = tally(key);
  t.itemIds.push(id);
  if (sold) t.itemsSold += 1;
  else if (inTransit) t.itemsInTransit += 1;
  else t.items += 1;
}

function lotBalance(
  id: number,
  data: GraphData,
  valid: (pk: number) => EventInfo | undefined,
  tally: (k: HolderKey) => HolderTally,
  add: (m: Map<string, number>, uom: string, q: number) => void,
): void {
  const namings = (data.namings.get(id) ?? []).filter((n) => n.quantity !== null && valid(n.eventPk));
  const byEvent = new Map<number, Naming>();
  for (const n of namings) byEvent.set(n.eventPk, n);
  const counted = new Set<number>();
  for (const n of namings) {
    const e = valid(n.eventPk)!;
    const q = n.quantity!;
    const uom = n.uom ?? '';
    const recorder: HolderKey = { orgId: e.recorderOrgId, party: null };
    const hid = data.handoverOf.get(e.pk);
    if (hid !== undefined) {
      if (counted.has(hid)) continue;
      const h = data.handovers.get(hid)!;
      // A paired hand-over moves what the receipt counted (the receiver's count wins over the shipper's).
      const recv = h.receiveEventPk !== null ? byEvent.get(h.receiveEventPk) : undefined;
      const moved = recv?.quantity ?? q;
      counted.add(hid);
      add(tally({ orgId: h.fromOrgId, party: h.fromParty }).quantity, uom, -moved);
      add(tally({ orgId: h.toOrgId, party: h.toParty }).quantity, uom, moved);
      continue;
    }
    if (isSale(e.bizStep, e.disposition)) {
      const t = tally(recorder);
      add(t.quantity, uom, -q);
      add(t.sold, uom, q);
    } else if (isDestruction(e.bizStep, e.disposition)) {
      add(tally(recorder).quantity, uom, -q);
    } else if (
      n.role === 'output_quantity' ||
      (n.role === 'quantity' && e.type === 'ObjectEvent' && e.action === 'ADD')
    ) {
      add(tally(recorder).quantity, uom, q);
    } else if (n.role === 'input_quantity') {
      add(tally(recorder).quantity, uom, -q);
    }
  }
}
