/**
 * Recalls (issue 7): 责令召回 ordered by a regulator or 主动召回 started by the producer. Creating one freezes the impact
 * assessment, notifies every holder, and marks the covered codes `recalled` for the public query while it is open;
 * holders acknowledge and record returns or destruction as EPCIS events (recall.hook.ts credits them); progress is
 * per holder and in total; closing writes the report.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';
import { type Principal, type Scope, scopeFor } from '../access/index.js';
import {
  assessImpact,
  holders as holderTallies,
  type Impact,
  nodeKind,
  resolveCode,
  runTrace,
} from '../trace/index.js';
import { type Notifier, notifyAll } from './notify.js';

/** Recall levels, most to least severe (I 一级, II 二级, III 三级). */
export const RECALL_LEVELS = ['I', 'II', 'III'] as const;
/** A recall level. */
export type RecallLevel = (typeof RECALL_LEVELS)[number];

/** What it takes to start a recall. */
export interface NewRecall {
  code?: string;
  complaintId?: number;
  level: RecallLevel;
  reason: string;
  /** ISO 8601 deadline for returns. */
  deadline: string;
}

/** One holder's progress. */
export interface HolderProgress {
  id: number;
  orgId: number | null;
  party: string;
  name: string | null;
  uscc: string | null;
  division: string | null;
  affectedItems: number;
  affectedQuantity: number;
  uom: string | null;
  recoveredItems: number;
  recoveredQuantity: number;
  percent: number;
  notifiedAt: string | null;
  acknowledgedAt: string | null;
  completedAt: string | null;
  /** Past the deadline and not complete, or completed after it. */
  late: boolean;
}

/** A recall with its progress. */
export interface Recall {
  id: number;
  number: string;
  kind: 'ordered' | 'voluntary';
  level: string;
  reason: string;
  deadline: string;
  status: 'open' | 'closed';
  root: string;
  complaintId: number | null;
  category: string | null;
  createdByOrgId: number;
  createdAt: string;
  closedAt: string | null;
  holders: HolderProgress[];
  progress: {
    affectedItems: number;
    recoveredItems: number;
    affectedQuantity: number;
    recoveredQuantity: number;
    percent: number;
    holdersComplete: number;
    holdersLate: number;
  };
}

const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());
const SYSTEM: Principal = {
  via: 'key',
  userId: null,
  keyId: null,
  username: null,
  role: 'admin',
  org: { id: 0, kind: 'admin', name: 'system', uscc: null, divisionCode: null, categories: [] },
};
/** The platform's own view: a recall must reach every holder, whoever ordered it (the order's scope is checked first). */
const systemScope = (): Scope => scopeFor(SYSTEM, () => []);

const percentOf = (items: [number, number], quantity: [number, number]): number => {
  const parts: number[] = [];
  if (items[0] > 0) parts.push(Math.min(1, items[1] / items[0]));
  if (quantity[0] > 0) parts.push(Math.min(1, quantity[1] / quantity[0]));
  if (parts.length === 0) return 100;
  return Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 10_000) / 100;
};

/** Starts a recall; `by` is the caller (a regulator for `ordered`, the producer for `voluntary`). */
export async function createRecall(
  database: Database,
  by: { scope: Scope; principal: Principal },
  input: NewRecall,
  notifier: Notifier,
  now = Date.now(),
): Promise<Recall> {
  const { db, dialect } = database;
  const kind = by.scope.kind === 'enterprise' || by.scope.kind === 'platform' ? 'voluntary' : 'ordered';
  if (!RECALL_LEVELS.includes(input.level))
    throw badRequest('RECALL_BAD_LEVEL', `level must be I, II or III; got ${JSON.stringify(input.level)}.`, {
      path: 'level',
    });
  const reason = (input.reason ?? '').trim();
  if (reason.length < 2 || reason.length > 2000)
    throw badRequest('RECALL_BAD_REASON', 'reason must be 2 to 2000 characters.', { path: 'reason' });
  const deadline = Date.parse(input.deadline);
  if (Number.isNaN(deadline) || deadline <= now)
    throw badRequest(
      'RECALL_BAD_DEADLINE',
      `deadline ${JSON.stringify(input.deadline)} must be an ISO 8601 time in the future.`,
      { path: 'deadline' },
    );
  let code = input.code;
  if (input.complaintId !== undefined) {
    const complaint = await db
      .selectFrom('complaints')
      .select(['canonical', 'code'])
      .where('id', '=', input.complaintId)
      .executeTakeFirst();
    if (!complaint) throw notFound('RECALL_COMPLAINT_NOT_FOUND', `No complaint ${input.complaintId}.`);
    code ??= complaint.canonical ?? complaint.code;
  }
  if (!code)
    throw badRequest('RECALL_WHAT', 'Give the code (or batch) to recall, or a complaint.', { path: 'code' });

  // The caller must see the code in its own scope before the platform reaches every holder on its behalf.
  const own = await runTrace(db, by.scope, code, { direction: 'forward', depth: 1 });
  const root = await resolveCode(db, code);
  if (kind === 'voluntary') {
    const made = await db
      .selectFrom('event_identifiers as ei')
      .innerJoin('events as e', 'e.id', 'ei.event_pk')
      .select('e.id')
      .where('ei.identifier_id', '=', root.id)
      .where('e.recorder_org_id', '=', by.scope.orgId)
      .limit(1)
      .executeTakeFirst();
    if (!made)
      throw forbidden(
        'RECALL_NOT_PRODUCER',
        `Only an organisation that recorded ${root.canonical} may recall it voluntarily.`,
      );
  }
  const covered = await db
    .selectFrom('recall_codes as rc')
    .innerJoin('recalls as r', 'r.id', 'rc.recall_id')
    .select(['r.number'])
    .where('rc.identifier_id', '=', root.id)
    .where('r.status', '=', 'open')
    .executeTakeFirst();
  if (covered)
    throw conflict(
      'RECALL_ALREADY_OPEN',
      `${root.canonical} is already covered by the open recall ${covered.number}.`,
    );

  const { impact, run } = await assessImpact(db, systemScope(), { code: root.canonical }, now);
  const category =
    own.result.root.product?.category ??
    [...run.data.events.values()].find((e) => e.category)?.category ??
    null;

  const recallId = await db.transaction().execute(async (trx) => {
    const count = await trx
      .selectFrom('recalls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const number = `RC-${new Date(now).getUTCFullYear()}-${String(Number(count.n) + 1).padStart(6, '0')}`;
    const row = await trx
      .insertInto('recalls')
      .values({
        number,
        kind,
        level: input.level,
        reason,
        deadline,
        status: 'open',
        root: root.canonical,
        complaint_id: input.complaintId ?? null,
        category,
        created_by_org_id: by.scope.orgId,
        created_by_user_id: by.principal.userId,
        created_at: now,
        closed_at: null,
        assessment: dialect.encodeJson(impact) as never,
        report: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const holderIds = new Map<string, number>();
    const tallies = run.result.summary.holders;
    const orgByUscc = new Map<string, number>();
    const usccs = tallies.map((h) => h.uscc).filter((u): u is string => !!u);
    if (usccs.length > 0) {
      for (const o of await trx
        .selectFrom('organisations')
        .select(['id', 'uscc'])
        .where('uscc', 'in', usccs)
        .execute())
        orgByUscc.set(o.uscc!, Number(o.id));
    }
    for (const h of tallies) {
      const party = h.party ?? h.uscc ?? 'unknown';
      const inserted = await trx
        .insertInto('recall_holders')
        .values({
          recall_id: id,
          org_id: h.uscc ? (orgByUscc.get(h.uscc) ?? null) : null,
          party,
          name: h.name,
          uscc: h.uscc,
          division: h.division,
          affected_items: h.items + h.itemsInTransit + h.itemsSold,
          affected_quantity:
            Math.max(0, h.quantity) +
            h.quantities.filter((u) => u.uom === h.uom).reduce((a, u) => a + u.sold, 0),
          uom: h.uom,
          recovered_items: 0,
          recovered_quantity: 0,
          notified_at: null,
          acknowledged_at: null,
          completed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      holderIds.set(party, Number(inserted.id));
    }
    // Every affected identifier, weighted: an item 1, a container the affected items inside it.
    const itemHolder = new Map<number, number>();
    const tallyList = holderTallies(run.walk, run.data);
    for (const t of tallyList) {
      const org = t.key.orgId === null ? undefined : run.data.orgs.get(t.key.orgId);
      const party = t.key.party ?? (org?.uscc ? `urn:zhuisu:org:${org.uscc}` : 'unknown');
      const hid = holderIds.get(party);
      if (hid !== undefined) for (const i of t.itemIds) itemHolder.set(i, hid);
    }
    const inside = new Map<number, number>();
    for (const [leaf, list] of run.walk.containersOf) {
      if (!itemHolder.has(leaf)) continue;
      for (const c of new Set(list.map((x) => x.id))) inside.set(c, (inside.get(c) ?? 0) + 1);
    }
    const codes: DB['recall_codes'][] = [];
    for (const nodeId of new Set([...run.walk.nodes.keys(), ...inside.keys()])) {
      const k = nodeKind(run.data.canonical.get(nodeId) ?? '');
      const items = k === 'item' ? 1 : (inside.get(nodeId) ?? 0);
      codes.push({
        recall_id: id,
        identifier_id: nodeId,
        holder_id: itemHolder.get(nodeId) ?? null,
        items,
        quantity: null,
        uom: null,
        recovered_at: null,
      });
    }
    for (let i = 0; i < codes.length; i += 500)
      await trx
        .insertInto('recall_codes')
        .values(codes.slice(i, i + 500))
        .execute();
    return id;
  });

  const recall = await getRecall(db, systemScope(), recallId);
  await notifyAll(database, notifier, recall, impact, now);
  return getRecall(db, systemScope(), recallId);
}

/** One recall with progress, if the scope may see it. */
export async function getRecall(db: Kysely<DB>, scope: Scope, id: number, now = Date.now()): Promise<Recall> {
  const row = await db.selectFrom('recalls').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('RECALL_NOT_FOUND', `No recall ${id}.`);
  const holders = await db
    .selectFrom('recall_holders')
    .selectAll()
    .where('recall_id', '=', id)
    .orderBy('id')
    .execute();
  if (!mayRead(scope, row, holders)) throw notFound('RECALL_NOT_FOUND', `No recall ${id} in your scope.`);
  return toRecall(row, holders, now);
}

function mayRead(
  scope: Scope,
  row: Selectable<DB['recalls']>,
  holders: Array<{ org_id: number | null; division: string | null }>,
): boolean {
  switch (scope.kind) {
    case 'admin':
      return true;
    case 'department':
      return (
        Number(row.created_by_org_id) === scope.orgId ||
        (row.category !== null && (scope.categories ?? []).includes(row.category as never))
      );
    case 'county':
      return (
        Number(row.created_by_org_id) === scope.orgId ||
        holders.some((h) => h.division !== null && (scope.divisions ?? []).includes(h.division))
      );
    default:
      return (
        Number(row.created_by_org_id) === scope.orgId || holders.some((h) => Number(h.org_id) === scope.orgId)
      );
  }
}

function toRecall(
  row: Selectable<DB['recalls']>,
  rows: Array<Selectable<DB['recall_holders']>>,
  now: number,
): Recall {
  const deadline = Number(row.deadline);
  const holders: HolderProgress[] = rows.map((h) => {
    const affectedItems = Number(h.affected_items);
    const affectedQuantity = Number(h.affected_quantity);
    const recoveredItems = Number(h.recovered_items);
    const recoveredQuantity = Number(h.recovered_quantity);
    const completed = h.completed_at == null ? null : Number(h.completed_at);
    return {
      id: Number(h.id),
      orgId: h.org_id == null ? null : Number(h.org_id),
      party: h.party,
      name: h.name,
      uscc: h.uscc,
      division: h.division,
      affectedItems,
      affectedQuantity,
      uom: h.uom,
      recoveredItems,
      recoveredQuantity,
      percent: percentOf([affectedItems, recoveredItems], [affectedQuantity, recoveredQuantity]),
      notifiedAt: iso(h.notified_at),
      acknowledgedAt: iso(h.acknowledged_at),
      completedAt: iso(completed),
      late: completed === null ? now > deadline : completed > deadline,
    };
  });
  const sum = (f: (h: HolderProgress) => number) => holders.reduce((a, h) => a + f(h), 0);
  const affectedItems = sum((h) => h.affectedItems);
  const recoveredItems = sum((h) => Math.min(h.recoveredItems, h.affectedItems));
  const affectedQuantity = sum((h) => h.affectedQuantity);
  const recoveredQuantity = sum((h) => Math.min(h.recoveredQuantity, h.affectedQuantity));
  return {
    id: Number(row.id),
    number: row.number,
    kind: row.kind as Recall['kind'],
    level: row.level,
    reason: row.reason,
    deadline: iso(deadline)!,
    status: row.status as Recall['status'],
    root: row.root,
    complaintId: row.complaint_id == null ? null : Number(row.complaint_id),
    category: row.category,
    createdByOrgId: Number(row.created_by_org_id),
    createdAt: iso(row.created_at)!,
    closedAt: iso(row.closed_at),
    holders,
    progress: {
      affectedItems,
      recoveredItems,
      affectedQuantity,
      recoveredQuantity,
      percent: percentOf([affectedItems, recoveredItems], [affectedQuantity, recoveredQuantity]),
      holdersComplete: holders.filter((h) => h.completedAt !== null).length,
      holdersLate: holders.filter((h) => h.late).length,
    },
  };
}

/** Recalls the scope may see, newest first. */
export async function listRecalls(
  db: Kysely<DB>,
  scope: Scope,
  options: { status?: 'open' | 'closed' } = {},
  now = Date.now(),
): Promise<Recall[]> {
  let q = db.selectFrom('recalls').selectAll().orderBy('id', 'desc').limit(200);
  if (options.status) q = q.where('status', '=', options.status);
  const rows = await q.execute();
  const out: Recall[] = [];
  for (const row of rows) {
    const holders = await db
      .selectFrom('recall_holders')
      .selectAll()
      .where('recall_id', '=', row.id)
      .orderBy('id')
      .execute();
    if (mayRead(scope, row, holders)) out.push(toRecall(row, holders, now));
  }
  return out;
}

/** A holder acknowledges the notice. */
export async function acknowledgeRecall(
  db: Kysely<DB>,
  scope: Scope,
  id: number,
  now = Date.now(),
): Promise<Recall> {
  const result = await db
    .updateTable('recall_holders')
    .set({ acknowledged_at: now })
    .where('recall_id', '=', id)
    .where('org_id', '=', scope.orgId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const held = await db
      .selectFrom('recall_holders')
      .select('id')
      .where('recall_id', '=', id)
      .where('org_id', '=', scope.orgId)
      .executeTakeFirst();
    if (!held) throw notFound('RECALL_NOT_FOUND', `Your organisation holds nothing under recall ${id}.`);
  }
  return getRecall(db, scope, id, now);
}

/** Closes a recall with its report (the progress at closing); only its creator (or the admin) closes it. */
export async function closeRecall(
  database: Database,
  scope: Scope,
  id: number,
  now = Date.now(),
): Promise<Recall> {
  const recall = await getRecall(database.db, scope, id, now);
  if (recall.status === 'closed')
    throw conflict('RECALL_CLOSED', `Recall ${recall.number} is closed already.`);
  if (scope.kind !== 'admin' && recall.createdByOrgId !== scope.orgId)
    throw forbidden('RECALL_NOT_OWNER', `Only the organisation that started ${recall.number} closes it.`);
  const report = {
    closedAt: new Date(now).toISOString(),
    progress: recall.progress,
    holders: recall.holders,
  };
  await database.db
    .updateTable('recalls')
    .set({ status: 'closed', closed_at: now, report: database.dialect.encodeJson(report) as never })
    .where('id', '=', id)
    .execute();
  return getRecall(database.db, scope, id, now);
}

/** The frozen impact assessment of a recall. */
export async function recallAssessment(database: Database, scope: Scope, id: number): Promise<Impact> {
  await getRecall(database.db, scope, id);
  const row = await database.db
    .selectFrom('recalls')
    .select('assessment')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return database.dialect.decodeJson<Impact>(row.assessment);
}

/** Public status of a code: `recalled` while an open recall covers it (issue 7; the public query shows it). */
export async function recallStatus(
  db: Kysely<DB>,
  canonical: string,
): Promise<{
  status: 'recalled' | 'normal';
  recalls: Array<{ number: string; level: string; reason: string; since: string }>;
}> {
  const rows = await db
    .selectFrom('identifiers as i')
    .innerJoin('recall_codes as rc', 'rc.identifier_id', 'i.id')
    .innerJoin('recalls as r', 'r.id', 'rc.recall_id')
    .select(['r.number', 'r.level', 'r.reason', 'r.created_at'])
    .where('i.canonical', '=', canonical)
    .where('r.status', '=', 'open')
    .execute();
  return {
    status: rows.length > 0 ? 'recalled' : 'normal',
    recalls: rows.map((r) => ({
      number: r.number,
      level: r.level,
      reason: r.reason,
      since: iso(r.created_at)!,
    })),
  };
}
