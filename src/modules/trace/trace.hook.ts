/**
 * The capture hook that derives the trace graph inside the capture transaction (DESIGN.md, Link): aggregation
 * windows (EPCIS 2.0 §7.4.3: ADD opens, DELETE closes), transformations (§7.4.6, with transformationID joining
 * several events), lot membership of items, and custody hand-overs paired shipment ↔ receipt.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CaptureHook, DeclaredEvent, StoredEvent } from '../events/index.js';
import {
  gtinOf,
  ilmdLot,
  isReceiveStep,
  isShipStep,
  lotIdentifier,
  lotWritten,
  nodeKind,
  usccOfParty,
} from './trace-vocabulary.js';

type Trx = Transaction<DB>;
type LinkRow = Omit<DB['trace_links'], 'id'>;

const chunk = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

const INSTANCE_ROLES = new Set(['epc', 'parent', 'child', 'input', 'output']);

/** The trace-graph capture hook (registered in src/pipeline.ts after the ledger). */
export const traceHook: CaptureHook = async ({ trx, database, orgId, stored, declared }) => {
  if (declared.length > 0) await applyDeclarations(trx, declared);
  if (stored.length === 0) return;
  const orgs = await resolveOrgs(trx, stored);
  for (const event of stored) {
    if (event.record.errorDeclaration) continue; // stored already declared erroneous: no links
    const links: LinkRow[] = [];
    switch (event.record.type) {
      case 'AggregationEvent':
        await aggregation(trx, event, links);
        break;
      case 'TransformationEvent':
        await transformation(trx, event, links);
        break;
    }
    await membership(trx, event, links);
    for (const part of chunk(links, 1000)) await trx.insertInto('trace_links').values(part).execute();
    const { bizStep } = event.record;
    if (isShipStep(bizStep) || isReceiveStep(bizStep))
      await handover(trx, event, orgId, orgs, database.dialect.encodeJson);
  }
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

/** Item → lot: from a lot written in the item's own code, the ILMD lot number, or a lot of the same GTIN beside it. */
async function membership(trx: Trx, event: StoredEvent, links: LinkRow[]): Promise<void> {
  const { record, pk, doc } = event;
  const items = record.identifiers.filter(
    (i) => INSTANCE_ROLES.has(i.role) && nodeKind(i.canonical) === 'item',
  );
  if (items.length === 0) return;
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
    if (item.role === 'input') continue; // an input is consumed, its lot was known when it was made
    const g = gtinOf(item.canonical);
    const lot =
      lotWritten(item.raw) ??
      (g && ilmd ? lotIdentifier(g, ilmd) : null) ??
      (g ? (lotsBeside.get(g) ?? null) : null);
    if (lot) wanted.push({ lot, item: idOf(event, item.canonical) });
  }
  if (wanted.length === 0) return;
  const lotIds = await identifierIds(trx, [...new Set(wanted.map((w) => w.lot))]);
  const existing = new Set<string>();
  for (const part of chunk(wanted, 500)) {
    const rows = await trx
      .selectFrom('trace_links')
      .select(['from_id', 'to_id'])
      .where('kind', '=', 'membership')
      .where(
        'to_id',
        'in',
        part.map((w) => w.item),
      )
      .execute();
    for (const r of rows) existing.add(`${r.from_id}:${r.to_id}`);
  }
  for (const w of wanted) {
    const from = lotIds.get(w.lot)!;
    const key = `${from}:${w.item}`;
    if (existing.has(key)) continue;
    existing.add(key);
    links.push({
      kind: 'membership',
      from_id: from,
      to_id: w.item,
      event_pk: pk,
      end_event_pk: null,
      valid_from: record.eventTime,
      valid_to: null,
      quantity: null,
      uom: null,
      erroneous: 0,
    });
  }
}

async function identifierIds(trx: Trx, canonicals: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunk(canonicals, 500)) {
    await trx
      .insertInto('identifiers')
      .values(part.map((canonical) => ({ canonical, scheme: 'gs1-digital-link' })))
      .onConflict((oc) => oc.column('canonical').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('identifiers')
      .select(['id', 'canonical'])
      .where('canonical', 'in', part)
      .execute();
    for (const r of rows) out.set(r.canonical, Number(r.id));
  }
  return out;
}

/** Organisation ids by USCC for every party and location the stored events name. */
async function resolveOrgs(trx: Trx, stored: StoredEvent[]): Promise<Map<string, number>> {
  const usccs = new Set<string>();
  for (const e of stored) {
    for (const a of e.record.attrs) {
      if (a.kind !== 'source' && a.kind !== 'destination') continue;
      const u = usccOfParty(a.value);
      if (u) usccs.add(u);
    }
  }
  const out = new Map<string, number>();
  for (const part of chunk([...usccs], 500)) {
    const rows = await trx
      .selectFrom('organisations')
      .select(['id', 'uscc'])
      .where('uscc', 'in', part)
      .execute();
    for (const r of rows) if (r.uscc) out.set(r.uscc, Number(r.id));
  }
  return out;
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
  const byParty = party ? usccOfParty(party) : null;
  const byLocation = location ? usccOfParty(location) : null;
  const orgId =
    (byParty ? orgs.get(byParty) : undefined) ?? (byLocation ? orgs.get(byLocation) : undefined) ?? null;
  return { party, location, orgId };
}

async function handover(
  trx: Trx,
  event: StoredEvent,
  recorder: number,
  orgs: Map<string, number>,
  encodeJson: (v: unknown) => unknown,
): Promise<void> {
  const { record, pk } = event;
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
    .map((i) => idOf(event, i.canonical));
  const keys = [...desadv.map((v) => `bt:${v}`), ...ids.map((i) => `id:${i}`)];
  const t = record.eventTime;

  const match = async (by: 'desadv' | 'ids') => {
    if (by === 'desadv' ? desadv.length === 0 : ids.length === 0) return undefined;
    const otherPk = ship ? 'receive_event_pk' : 'ship_event_pk';
    let q = trx
      .selectFrom('trace_handovers')
      .selectAll()
      .where('status', '=', ship ? 'unshipped' : 'in_transit')
      .where('erroneous', '=', 0)
      .where(
        otherPk,
        'in',
        by === 'desadv'
          ? trx
              .selectFrom('event_attrs')
              .select('event_pk')
              .where('kind', '=', 'bizTransaction')
              .where('type', '=', 'desadv')
              .where('value', 'in', desadv)
          : trx
              .selectFrom('event_identifiers')
              .select('event_pk')
              .where('identifier_id', 'in', ids.slice(0, 500)),
      );
    q = ship
      ? q
          .where('received_at', '>=', t)
          .where((eb) => eb.or([eb('from_org_id', 'is', null), eb('from_org_id', '=', from.orgId)]))
      : q
          .where('shipped_at', '<=', t)
          .where((eb) => eb.or([eb('to_org_id', 'is', null), eb('to_org_id', '=', to.orgId)]));
    return q
      .orderBy(ship ? 'received_at' : 'shipped_at', ship ? 'asc' : 'desc')
      .limit(1)
      .executeTakeFirst();
  };
  const found = (await match('desadv')) ?? (await match('ids'));
  if (found) {
    await trx
      .updateTable('trace_handovers')
      .set(
        ship
          ? {
              ship_event_pk: pk,
              shipped_at: t,
              from_party: from.party ?? found.from_party,
              from_org_id: from.orgId,
              from_location: from.location ?? found.from_location,
              to_party: found.to_party ?? to.party,
              to_org_id: found.to_org_id ?? to.orgId,
              status: 'paired',
            }
          : {
              receive_event_pk: pk,
              received_at: t,
              to_party: to.party ?? found.to_party,
              to_org_id: to.orgId,
              to_location: to.location ?? found.to_location,
              from_party: found.from_party ?? from.party,
              from_org_id: found.from_org_id ?? from.orgId,
              status: 'paired',
            },
      )
      .where('id', '=', found.id)
      .execute();
    return;
  }
  await trx
    .insertInto('trace_handovers')
    .values({
      ship_event_pk: ship ? pk : null,
      receive_event_pk: ship ? null : pk,
      from_party: from.party,
      to_party: to.party,
      from_org_id: from.orgId,
      to_org_id: to.orgId,
      from_location: from.location,
      to_location: to.location,
      shipped_at: ship ? t : null,
      received_at: ship ? null : t,
      status: ship ? 'in_transit' : 'unshipped',
      keys: encodeJson(keys) as never,
      erroneous: 0,
    })
    .execute();
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
