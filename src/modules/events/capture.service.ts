/**
 * The capture pipeline: validate → hash → normalise → store (whole document in one transaction, or nothing).
 * The same event captured twice is stored once (by CBV 2.0 hash, or by the client's eventID); an error declaration
 * marks the declared event without deleting it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type Database, insertRows } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { chunk } from '../../lib/values.js';
import { type EpcisInput, eventHash, eventsInScope, validateDocument } from '../epcis/index.js';
import type { CaptureHook, DeclaredEvent, StoredEvent } from './capture-hooks.js';
import { canonicalIdentifier, type EventRecord, recordOf } from './event-record.js';
import { eventIdConflict } from './events.errors.js';

type Obj = Record<string, unknown>;

/** Who captures and how. */
export interface CaptureContext {
  /** The recorder: the caller's organisation. */
  orgId: number;
  captureId?: string | null;
  now?: number;
  /** Steps run in the capture transaction after storage (ledger, trace links, outbox): see src/pipeline.ts. */
  hooks?: readonly CaptureHook[];
  /** The input passed assertValid already (a capture job validates before it answers 202). */
  validated?: boolean;
}

/** What a capture did. */
export interface CaptureOutcome {
  eventCount: number;
  stored: number;
  duplicates: number;
  declared: number;
  /** eventID of each event, in document order. */
  eventIds: string[];
}

const EVENT_COLUMNS = [
  'event_hash',
  'event_id',
  'event_type',
  'action',
  'event_time',
  'event_tz',
  'record_time',
  'biz_step',
  'disposition',
  'read_point',
  'biz_location',
  'recorder_org_id',
  'category',
  'capture_id',
  'doc',
  'error_declared_at',
  'error_reason',
] as const;
const LINK_COLUMNS = ['event_pk', 'identifier_id', 'role', 'quantity', 'uom'] as const;

interface Prepared {
  index: number;
  hash: string;
  eventId: string;
  record: EventRecord;
  doc: Obj;
  category: string | null;
}

// Where the event sits in the captured input, so a hook's problems point into the document.
const eventPointer = (input: EpcisInput, index: number): string =>
  (input as Obj).type === 'EPCISDocument' ? `/epcisBody/eventList/${index}` : '';

// The document header travels to the hooks so master data declared in it is stored in the same transaction.
const headerOf = (input: EpcisInput): Obj | null => {
  const h = (input as Obj).epcisHeader;
  return h !== null && typeof h === 'object' && !Array.isArray(h) ? (h as Obj) : null;
};

/** Validates a document (or bare event) and throws EPCIS_INVALID_DOCUMENT listing every problem with its path. */
export function assertValid(input: EpcisInput): void {
  const problems = validateDocument(input);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new AppError(
      'EPCIS_INVALID_DOCUMENT',
      problems.length === 1
        ? first.message
        : `${problems.length} problems; the first: ${first.path ?? ''} ${first.message}`,
      {
        status: 400,
        errors: problems.slice(0, 100),
        ...(first.path !== undefined ? { path: first.path } : {}),
      },
    );
  }
}

/** The hash's identifier canonicaliser (GS1 URIs only, CBV 2.0 §8.9), sharing the store's memoised parse. */
const GS1_SCHEMES = new Set(['epc-urn', 'gs1-digital-link']);
function canonicalise(value: string): string | null {
  if (!value.startsWith('urn:epc:') && !/^https?:\/\//.test(value)) return null;
  const c = canonicalIdentifier(value);
  return GS1_SCHEMES.has(c.scheme) ? c.canonical : null;
}

function prepare(input: EpcisInput, now: number): Prepared[] {
  const context = (input as Obj)['@context'];
  return eventsInScope(input).map(({ event, namespaces }, index) => {
    // One parse per identifier serves both the hash and the stored links (canonicalIdentifier memoises).
    const hash = eventHash(event, { namespaces, canonicalise });
    const original = event as unknown as Obj;
    const record = recordOf(original);
    const eventId = record.eventID ?? hash;
    const doc: Obj = { ...original, eventID: eventId, recordTime: new Date(now).toISOString() };
    if (context !== undefined && doc['@context'] === undefined) doc['@context'] = context;
    return { index, hash, eventId, record, doc, category: null };
  });
}

/** Row ids of every identifier the events name, inserting the new ones (another capture may insert the same). */
export async function resolveIdentifiers(
  trx: Transaction<DB>,
  schemes: ReadonlyMap<string, string>,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunk([...schemes.keys()], 500)) {
    const rows = await trx
      .selectFrom('identifiers')
      .select(['id', 'canonical'])
      .where('canonical', 'in', part)
      .execute();
    for (const r of rows) ids.set(r.canonical, Number(r.id));
  }
  const missing = [...schemes.keys()].filter((c) => !ids.has(c));
  if (missing.length === 0) return ids;
  const inserted = await insertRows(
    trx,
    'identifiers',
    ['canonical', 'scheme'],
    missing.map((canonical) => ({ canonical, scheme: schemes.get(canonical)! })),
    { returning: ['id', 'canonical'], ignoreConflicts: true },
  );
  for (const r of inserted) ids.set(r.canonical as string, Number(r.id));
  // Inserted meanwhile by a concurrent capture (PostgreSQL): read them back.
  const raced = missing.filter((c) => !ids.has(c));
  for (const part of chunk(raced, 500)) {
    const rows = await trx
      .selectFrom('identifiers')
      .select(['id', 'canonical'])
      .where('canonical', 'in', part)
      .execute();
    for (const r of rows) ids.set(r.canonical, Number(r.id));
  }
  return ids;
}

async function deriveCategories(db: Kysely<DB>, prepared: Prepared[]): Promise<void> {
  const gtins = new Set<string>();
  for (const p of prepared) {
    const own = p.record.identifiers.find((i) => i.category)?.category ?? null;
    p.category = own;
    if (!own) for (const i of p.record.identifiers) if (i.gtin) gtins.add(i.gtin);
  }
  if (gtins.size === 0) return;
  const byGtin = new Map<string, string>();
  for (const part of chunk([...gtins], 500)) {
    const rows = await db
      .selectFrom('products')
      .select(['gtin', 'category'])
      .where('gtin', 'in', part)
      .execute();
    for (const r of rows) if (r.gtin) byGtin.set(r.gtin, r.category);
  }
  for (const p of prepared) {
    if (p.category) continue;
    p.category =
      p.record.identifiers.map((i) => (i.gtin ? byGtin.get(i.gtin) : undefined)).find(Boolean) ?? null;
  }
}

/** The party GLN a PGLN or SGLN names (GS1 Digital Link `/417/<gln>` or `/414/<gln>[/254/<ext>]`, or their URNs). */
const GLN_IN_CANONICAL = /^https:\/\/id\.gs1\.org\/41[47]\/(\d{13})(?:\/|$)/;

/**
 * Organisation ids of the parties the events name as sources and destinations: `urn:zhuisu:org:<USCC>` by USCC,
 * PGLN and SGLN by the organisation's GLN. (A GLN registered only as a location resolves in the trace graph.)
 */
async function partyOrgs(db: Kysely<DB>, prepared: Prepared[]): Promise<Map<string, number>> {
  const usccs = new Map<string, string[]>();
  const glns = new Map<string, string[]>();
  const add = (index: Map<string, string[]>, key: string, party: string) => {
    const list = index.get(key);
    if (list) list.push(party);
    else index.set(key, [party]);
  };
  for (const p of prepared) {
    for (const party of new Set(p.record.parties)) {
      const m = /^urn:zhuisu:org:([0-9A-Z]{18})$/.exec(party);
      if (m) {
        add(usccs, m[1]!, party);
        continue;
      }
      const g = GLN_IN_CANONICAL.exec(canonicalIdentifier(party).canonical);
      if (g) add(glns, g[1]!, party);
    }
  }
  const out = new Map<string, number>();
  for (const [column, index] of [
    ['uscc', usccs],
    ['gln', glns],
  ] as const) {
    for (const part of chunk([...index.keys()], 500)) {
      const rows = await db
        .selectFrom('organisations')
        .select(['id', column])
        .where(column, 'in', part)
        .execute();
      for (const r of rows)
        for (const party of index.get(r[column] ?? '') ?? []) out.set(party, Number(r.id));
    }
  }
  return out;
}

/**
 * Captures a document or a single event: the whole input is stored in one transaction or not at all.
 * Throws EPCIS_INVALID_DOCUMENT (400) before anything is written when the input breaks the standard.
 */
export async function captureEvents(
  database: Database,
  ctx: CaptureContext,
  input: EpcisInput,
): Promise<CaptureOutcome> {
  if (!ctx.validated) assertValid(input);
  const now = ctx.now ?? Date.now();
  const prepared = prepare(input, now);
  const { db, dialect } = database;
  await deriveCategories(db, prepared);
  const parties = await partyOrgs(db, prepared);

  let stored = 0;
  let duplicates = 0;
  let declared = 0;
  const committed: Array<() => void> = [];
  await db.transaction().execute(async (trx) => {
    const schemes = new Map<string, string>();
    for (const p of prepared) for (const i of p.record.identifiers) schemes.set(i.canonical, i.scheme);
    const identifierIds = await resolveIdentifiers(trx, schemes);
    const storedEvents: StoredEvent[] = [];
    const declaredEvents: DeclaredEvent[] = [];
    // Which of these events exist already (by hash or by eventID)?
    const existing = new Map<string, { id: number; hash: string; eventId: string; declared: boolean }>();
    for (const part of chunk(prepared, 400)) {
      const rows = await trx
        .selectFrom('events')
        .select(['id', 'event_hash', 'event_id', 'error_declared_at'])
        .where((eb) =>
          eb.or([
            eb(
              'event_hash',
              'in',
              part.map((p) => p.hash),
            ),
            eb(
              'event_id',
              'in',
              part.map((p) => p.eventId),
            ),
          ]),
        )
        .execute();
      for (const r of rows) {
        const v = {
          id: Number(r.id),
          hash: r.event_hash,
          eventId: r.event_id,
          declared: r.error_declared_at != null,
        };
        existing.set(`h:${r.event_hash}`, v);
        existing.set(`e:${r.event_id}`, v);
      }
    }
    const fresh: Prepared[] = [];
    const freshHashes = new Set<string>();
    for (const p of prepared) {
      const found = existing.get(`h:${p.hash}`) ?? existing.get(`e:${p.eventId}`);
      if (!found) {
        if (freshHashes.has(p.hash)) {
          duplicates += 1;
          continue;
        }
        freshHashes.add(p.hash);
        fresh.push(p);
        continue;
      }
      if (p.record.errorDeclaration) {
        if (!found.declared) {
          const row = await trx
            .selectFrom('events')
            .select('doc')
            .where('id', '=', found.id)
            .executeTakeFirstOrThrow();
          const doc = dialect.decodeJson<Obj>(row.doc);
          await trx
            .updateTable('events')
            .set({
              error_declared_at: p.record.errorDeclaration.declarationTime || now,
              error_reason: p.record.errorDeclaration.reason,
              doc: dialect.encodeJson({ ...doc, errorDeclaration: p.doc.errorDeclaration }) as never,
            })
            .where('id', '=', found.id)
            .execute();
          const attrs = p.record.attrs.filter(
            (a) => a.kind === 'errorReason' || a.kind === 'correctiveEventID',
          );
          if (attrs.length > 0)
            await trx
              .insertInto('event_attrs')
              .values(attrs.map((a) => ({ event_pk: found.id, ...a })))
              .execute();
          found.declared = true;
          declared += 1;
          declaredEvents.push({
            pk: found.id,
            eventId: found.eventId,
            reason: p.record.errorDeclaration.reason,
          });
        } else {
          duplicates += 1;
        }
        continue;
      }
      if (found.hash !== p.hash) throw eventIdConflict(p.eventId, p.index);
      duplicates += 1;
    }

    const rows = await insertRows(
      trx,
      'events',
      EVENT_COLUMNS,
      fresh.map((p) => ({
        event_hash: p.hash,
        event_id: p.eventId,
        event_type: p.record.type,
        action: p.record.action,
        event_time: p.record.eventTime,
        event_tz: p.record.eventTimeZoneOffset,
        record_time: now,
        biz_step: p.record.bizStep,
        disposition: p.record.disposition,
        read_point: p.record.readPoint,
        biz_location: p.record.bizLocation,
        recorder_org_id: ctx.orgId,
        category: p.category,
        capture_id: ctx.captureId ?? null,
        doc: dialect.encodeJson(p.doc),
        error_declared_at: p.record.errorDeclaration
          ? p.record.errorDeclaration.declarationTime || now
          : null,
        error_reason: p.record.errorDeclaration?.reason ?? null,
      })),
      { returning: ['id', 'event_hash'] },
    );
    const pkByHash = new Map(rows.map((r) => [r.event_hash as string, Number(r.id)]));
    const links: DB['event_identifiers'][] = [];
    const attrs: DB['event_attrs'][] = [];
    const orgs: DB['event_orgs'][] = [];
    for (const p of fresh) {
      const pk = pkByHash.get(p.hash)!;
      storedEvents.push({
        pk,
        hash: p.hash,
        eventId: p.eventId,
        recordTime: now,
        category: p.category,
        record: p.record,
        doc: p.doc,
        identifierIds,
        pointer: eventPointer(input, p.index),
      });
      for (const i of p.record.identifiers) {
        links.push({
          event_pk: pk,
          identifier_id: identifierIds.get(i.canonical)!,
          role: i.role,
          quantity: i.quantity,
          uom: i.uom,
        });
      }
      for (const a of p.record.attrs) attrs.push({ event_pk: pk, ...a });
      const orgIds = new Set<number>();
      for (const party of p.record.parties) {
        const id = parties.get(party);
        if (id !== undefined && id !== ctx.orgId) orgIds.add(id);
      }
      for (const org_id of orgIds) orgs.push({ event_pk: pk, org_id });
    }
    await insertRows(trx, 'event_identifiers', LINK_COLUMNS, links);
    await insertRows(trx, 'event_attrs', ['event_pk', 'kind', 'type', 'value'], attrs);
    await insertRows(trx, 'event_orgs', ['event_pk', 'org_id'], orgs);
    stored += fresh.length;
    storedEvents.sort((a, b) => a.pk - b.pk);
    for (const hook of ctx.hooks ?? []) {
      await hook({
        trx,
        database,
        orgId: ctx.orgId,
        stored: storedEvents,
        declared: declaredEvents,
        epcisHeader: headerOf(input),
        afterCommit: (fn) => committed.push(fn),
      });
    }
  });
  for (const fn of committed) fn();
  return {
    eventCount: prepared.length,
    stored,
    duplicates,
    declared,
    eventIds: prepared.map((p) => p.eventId),
  };
}

/** A capture job as the API reports it. */
export interface CaptureJob {
  captureID: string;
  running: boolean;
  success: boolean;
  createdAt: string;
  finishedAt: string | null;
  eventCount: number;
  storedCount: number;
  duplicateCount: number;
  errors: unknown[];
}

function toJob(database: Database, row: DB['capture_jobs']): CaptureJob {
  const errors = database.dialect.decodeJson<unknown[] | null>(row.errors) ?? [];
  return {
    captureID: row.id,
    running: row.status === 'running',
    success: row.status === 'success',
    createdAt: new Date(Number(row.created_at)).toISOString(),
    finishedAt: row.finished_at == null ? null : new Date(Number(row.finished_at)).toISOString(),
    eventCount: Number(row.event_count),
    storedCount: Number(row.stored_count),
    duplicateCount: Number(row.duplicate_count),
    errors,
  };
}

/**
 * Starts a capture job for a validated document and returns its id at once; the events are stored in the
 * background. `done` resolves when the job has finished (tests and the CLI wait on it).
 */
export async function startCaptureJob(
  database: Database,
  orgId: number,
  input: EpcisInput,
  hooks: readonly CaptureHook[] = [],
): Promise<{ id: string; done: Promise<CaptureJob> }> {
  assertValid(input);
  const id = randomUUID();
  await database.db
    .insertInto('capture_jobs')
    .values({
      id,
      org_id: orgId,
      status: 'running',
      created_at: Date.now(),
      finished_at: null,
      event_count: 0,
      stored_count: 0,
      duplicate_count: 0,
      errors: null,
    })
    .execute();
  const done = new Promise<CaptureJob>((resolve) => {
    setImmediate(async () => {
      let status = 'success';
      let errors: unknown[] = [];
      let outcome: CaptureOutcome | undefined;
      try {
        outcome = await captureEvents(database, { orgId, captureId: id, hooks, validated: true }, input);
      } catch (e) {
        status = 'failed';
        const err =
          e instanceof AppError
            ? e
            : new AppError('INTERNAL', 'Storing the document failed.', { status: 500, cause: e });
        errors =
          err.errors.length > 0
            ? err.errors
            : [{ code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) }];
      }
      try {
        await database.db
          .updateTable('capture_jobs')
          .set({
            status,
            finished_at: Date.now(),
            event_count: outcome?.eventCount ?? 0,
            stored_count: outcome?.stored ?? 0,
            duplicate_count: outcome?.duplicates ?? 0,
            errors: database.dialect.encodeJson(errors) as never,
          })
          .where('id', '=', id)
          .execute();
        resolve(await getCaptureJob(database, orgId, id));
      } catch {
        // The database closed under the job (shutdown); the job stays `running` and is failed on next start.
        resolve({
          captureID: id,
          running: false,
          success: false,
          createdAt: '',
          finishedAt: null,
          eventCount: 0,
          storedCount: 0,
          duplicateCount: 0,
          errors: [{ code: 'INTERNAL', message: 'interrupted' }],
        });
      }
    });
  });
  return { id, done };
}

/** One capture job of an organisation. */
export async function getCaptureJob(database: Database, orgId: number, id: string): Promise<CaptureJob> {
  const row = await database.db
    .selectFrom('capture_jobs')
    .selectAll()
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      'EVENTS_CAPTURE_JOB_NOT_FOUND',
      `No capture job ${JSON.stringify(id)} of your organisation.`,
      { status: 404 },
    );
  return toJob(database, row as DB['capture_jobs']);
}

/** The capture jobs of an organisation, newest first. */
export async function listCaptureJobs(database: Database, orgId: number, limit = 100): Promise<CaptureJob[]> {
  const rows = await database.db
    .selectFrom('capture_jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toJob(database, r as DB['capture_jobs']));
}

/** Marks jobs left `running` by a stopped node as failed (called at start). */
export async function failInterruptedJobs(database: Database, olderThanMs = 10 * 60_000): Promise<number> {
  const result = await database.db
    .updateTable('capture_jobs')
    .set({
      status: 'failed',
      finished_at: Date.now(),
      errors: database.dialect.encodeJson([
        {
          code: 'EVENTS_CAPTURE_INTERRUPTED',
          message:
            'The server stopped while storing this document; nothing of it was stored. Capture it again.',
        },
      ]) as never,
    })
    .where('status', '=', 'running')
    .where('created_at', '<', Date.now() - olderThanMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}
