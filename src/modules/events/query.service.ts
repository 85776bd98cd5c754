/**
 * The EPCIS query engine (SimpleEventQuery, EPCIS 2.0 §8.2.7.1) over the event store. Every query takes the
 * caller's scope: an enterprise sees the events it recorded and those that name it as a source or destination
 * party; a department the events of its categories; a county the events recorded by organisations in its area.
 */
import { createHash } from 'node:crypto';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { type Scope, visibleTo } from '../access/index.js';
import type { QueryModel } from '../epcis/index.js';
import { badPageToken, tooManyEvents } from './events.errors.js';
import { needsDocumentFilter, passesDocumentFilters } from './field-filter.js';
import { modelConditions, type ResolvedMatch, resolveMatches } from './query-conditions.js';

type Obj = Record<string, unknown>;
type EB = ExpressionBuilder<DB, 'events'>;

/** Default and largest page sizes. */
export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

/** The SQL condition that keeps events the scope may see. */
export function eventVisibleTo(eb: EB, scope: Scope): Expression<SqlBool> {
  const base = visibleTo(eb as ExpressionBuilder<DB, keyof DB>, scope, {
    org: 'events.recorder_org_id',
    category: 'events.category',
  });
  if (scope.kind !== 'enterprise' && scope.kind !== 'platform') return base;
  // What partners shipped to this organisation: events naming it as a source or destination party.
  return eb.or([base, shippedTo(eb, scope.orgId)]);
}

/** Events naming the organisation as a source or destination party, tested per event (event_orgs primary key). */
function shippedTo(eb: EB, orgId: number): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('event_orgs')
      .select('event_orgs.event_pk')
      .whereRef('event_orgs.event_pk', '=', 'events.id')
      .where('event_orgs.org_id', '=', orgId),
  );
}

/**
 * How the scope is applied: one condition per branch, and the branches' results merged. When the query names
 * events through an indexed parameter (identifiers, eventID, attributes, locations, an error declaration), the
 * scope is a per-event test on those few candidates. Otherwise the scope itself picks the events: an enterprise's
 * own events through events_recorder and those shipped to it through event_orgs_org, as two index-ordered
 * branches, instead of one OR that makes the database test every event in the store.
 */
function scopeBranches(scope: Scope, narrowed: boolean): Array<(eb: EB) => Expression<SqlBool>> {
  if (narrowed || (scope.kind !== 'enterprise' && scope.kind !== 'platform'))
    return [(eb) => eventVisibleTo(eb, scope)];
  return [
    (eb) => eb('events.recorder_org_id', '=', scope.orgId),
    (eb) =>
      eb.and([
        eb(
          'events.id',
          'in',
          eb
            .selectFrom('event_orgs')
            .select('event_orgs.event_pk')
            .where('event_orgs.org_id', '=', scope.orgId),
        ),
        // event_orgs never lists the recorder itself; this keeps the branches disjoint regardless.
        eb('events.recorder_org_id', '<>', scope.orgId),
      ]),
  ];
}

/**
 * Whether a selective indexed parameter narrows the query to few candidate events before the scope is applied:
 * identifiers listed by id, eventIDs, typed attributes, an error declaration. Times, locations, business steps
 * and dispositions name large shares of a store, so the scope's index keeps leading there.
 */
function narrowed(m: QueryModel, matches: ResolvedMatch[]): boolean {
  return (
    matches.some((x) => x.ids.length > 0 && x.widePrefixes.length === 0) ||
    Boolean(
      m.eventIDs?.length ||
        m.transformationIDs?.length ||
        m.correctiveEventIDs?.length ||
        m.persistentDispositionSet?.length ||
        m.persistentDispositionUnset?.length ||
        m.errorReasons?.length ||
        m.existsErrorDeclaration ||
        m.errorDeclarationTime.ge ||
        m.errorDeclarationTime.lt ||
        Object.values(m.bizTransactions).some((v) => v.length) ||
        Object.values(m.sources).some((v) => v.length) ||
        Object.values(m.destinations).some((v) => v.length),
    )
  );
}

const ORDER_COLUMNS: Record<string, 'events.event_time' | 'events.record_time'> = {
  eventTime: 'events.event_time',
  recordTime: 'events.record_time',
};

interface PageToken {
  v: number;
  id: number;
  q: string;
}

function fingerprint(m: QueryModel): string {
  const { perPage: _p, nextPageToken: _t, ...rest } = m;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url').slice(0, 16);
}

/** A page of query results. */
export interface EventPage {
  events: Obj[];
  nextPageToken: string | null;
}

/** A row of a branch: the event's key and both order columns. */
interface KeyRow {
  id: number;
  event_time: number;
  record_time: number;
}

/**
 * Runs a query model for a scope and returns one page of events (as captured, with recordTime and eventID).
 * Throws EPCIS_QUERY_TOO_LARGE when maxEventCount is exceeded, and a 400 for a page token of another query.
 */
export async function queryEvents(database: Database, scope: Scope, m: QueryModel): Promise<EventPage> {
  const { db, dialect } = database;
  const perPage = Math.min(m.perPage ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const orderColumn = ORDER_COLUMNS[m.orderBy ?? ''] ?? null;
  const desc = orderColumn !== null && m.orderDirection === 'DESC';
  const fp = fingerprint(m);
  let token: PageToken | null = null;
  if (m.nextPageToken) {
    try {
      token = JSON.parse(Buffer.from(m.nextPageToken, 'base64url').toString('utf8')) as PageToken;
    } catch {
      throw badPageToken();
    }
    if (!token || token.q !== fp || typeof token.id !== 'number' || typeof token.v !== 'number')
      throw badPageToken();
  }

  const matches = await resolveMatches(db, m);
  // A MATCH_ parameter naming no identifier the store has met: no event can match.
  if (matches === null) return { events: [], nextPageToken: null };
  const branches = scopeBranches(scope, narrowed(m, matches));
  const filtered = needsDocumentFilter(m);
  const where = (branch: (eb: EB) => Expression<SqlBool>) => (eb: EB) =>
    eb.and([branch(eb), ...modelConditions(eb, m, matches)]);

  if (m.maxEventCount !== undefined && !filtered) {
    let total = 0;
    for (const branch of branches) {
      const counted = await db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(where(branch))
        .executeTakeFirst();
      total += Number(counted?.n ?? 0);
    }
    if (total > m.maxEventCount) throw tooManyEvents(m.maxEventCount);
  }

  const key = (r: KeyRow) => (orderColumn === 'events.record_time' ? r.record_time : r.event_time);
  // Order of two rows as the query sorts them: by the order column (if any), then by capture order.
  const compare = (a: KeyRow, b: KeyRow) => {
    const c = orderColumn ? key(a) - key(b) || a.id - b.id : a.id - b.id;
    return desc ? -c : c;
  };
  const limit = m.eventCountLimit !== undefined ? Math.min(perPage, m.eventCountLimit) : perPage;
  const out: Array<{ row: KeyRow; doc: Obj }> = [];
  let last: { v: number; id: number } | null = token ? { v: token.v, id: token.id } : null;
  let exhausted = false;
  const batch = filtered ? Math.max(limit * 4, 200) : limit + 1;
  while (out.length <= limit && !exhausted) {
    // Each branch reads its next `batch` keys in order through an index; the first `batch` of their merge are
    // the next `batch` of the whole query.
    const keys: KeyRow[] = [];
    for (const branch of branches) {
      let query = db
        .selectFrom('events')
        .select(['events.id', 'events.event_time', 'events.record_time'])
        .where(where(branch));
      if (last) {
        const cursor = last;
        if (orderColumn) {
          query = query.where((eb) =>
            desc
              ? eb.or([
                  eb(orderColumn, '<', cursor.v),
                  eb.and([eb(orderColumn, '=', cursor.v), eb('events.id', '<', cursor.id)]),
                ])
              : eb.or([
                  eb(orderColumn, '>', cursor.v),
                  eb.and([eb(orderColumn, '=', cursor.v), eb('events.id', '>', cursor.id)]),
                ]),
          );
        } else {
          query = query.where('events.id', '>', cursor.id);
        }
      }
      if (orderColumn)
        query = query.orderBy(orderColumn, desc ? 'desc' : 'asc').orderBy('events.id', desc ? 'desc' : 'asc');
      else query = query.orderBy('events.id', 'asc');
      for (const r of await query.limit(batch).execute())
        keys.push({ id: Number(r.id), event_time: Number(r.event_time), record_time: Number(r.record_time) });
    }
    if (branches.length > 1) keys.sort(compare);
    if (keys.length > batch) keys.length = batch;
    if (keys.length < batch) exhausted = true;
    if (keys.length === 0) break;
    const docs = new Map<number, unknown>();
    const rows = await db
      .selectFrom('events')
      .select(['events.id', 'events.doc'])
      .where(
        'events.id',
        'in',
        keys.map((k) => k.id),
      )
      .execute();
    for (const r of rows) docs.set(Number(r.id), r.doc);
    for (const row of keys) {
      last = { v: key(row), id: row.id };
      const doc = dialect.decodeJson<Obj>(docs.get(row.id));
      if (!filtered || passesDocumentFilters(doc, m)) {
        out.push({ row, doc });
        if (out.length > limit) break;
      }
    }
  }
  if (m.eventCountLimit !== undefined && out.length > m.eventCountLimit) out.length = m.eventCountLimit;
  if (m.maxEventCount !== undefined && out.length > m.maxEventCount) throw tooManyEvents(m.maxEventCount);
  let nextPageToken: string | null = null;
  if (out.length > limit) {
    out.length = limit;
    if (m.eventCountLimit === undefined || limit < m.eventCountLimit) {
      // The cursor is the last event returned, not the extra one read to know there is more.
      const lastRow = out[out.length - 1]!.row;
      nextPageToken = Buffer.from(
        JSON.stringify({ v: key(lastRow), id: lastRow.id, q: fp } satisfies PageToken),
      ).toString('base64url');
    }
  }
  return { events: out.map((e) => e.doc), nextPageToken };
}

/** One event by its eventID or hash, if the scope may see it. */
export async function getEvent(database: Database, scope: Scope, eventId: string): Promise<Obj | null> {
  const row = await database.db
    .selectFrom('events')
    .select('doc')
    .where((eb) =>
      eb.and([
        eb.or([eb('events.event_id', '=', eventId), eb('events.event_hash', '=', eventId)]),
        eventVisibleTo(eb, scope),
      ]),
    )
    .executeTakeFirst();
  return row ? database.dialect.decodeJson<Obj>(row.doc) : null;
}

/** Counts events (for dashboards and benchmarks), within the scope. */
export async function countEvents(database: Database, scope: Scope): Promise<number> {
  let total = 0;
  for (const branch of scopeBranches(scope, false)) {
    const r = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => branch(eb))
      .executeTakeFirst();
    total += Number(r?.n ?? 0);
  }
  return total;
}
