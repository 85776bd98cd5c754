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
import { cbv, type QueryModel } from '../epcis/index.js';
import { canonicalIdentifier } from './event-record.js';
import { badPageToken, tooManyEvents } from './events.errors.js';
import { needsDocumentFilter, passesDocumentFilters } from './field-filter.js';

type Obj = Record<string, unknown>;
type EB = ExpressionBuilder<DB, 'events'>;

/** Default and largest page sizes. */
export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

const EPC_ROLES: Record<string, string[]> = {
  epc: ['epc', 'child'],
  parentID: ['parent'],
  inputEPC: ['input'],
  outputEPC: ['output'],
  anyEPC: ['epc', 'child', 'parent', 'input', 'output'],
  epcClass: ['quantity', 'child_quantity'],
  inputEPCClass: ['input_quantity'],
  outputEPCClass: ['output_quantity'],
  anyEPCClass: ['quantity', 'child_quantity', 'input_quantity', 'output_quantity'],
};
const INSTANCE_FIELDS = new Set(['epc', 'parentID', 'inputEPC', 'outputEPC', 'anyEPC']);
const GTIN_ONLY = /^https:\/\/id\.gs1\.org\/01\/\d{14}$/;

/** The SQL condition that keeps events the scope may see. */
export function eventVisibleTo(eb: EB, scope: Scope): Expression<SqlBool> {
  const base = visibleTo(eb as ExpressionBuilder<DB, keyof DB>, scope, {
    org: 'events.recorder_org_id',
    category: 'events.category',
  });
  if (scope.kind !== 'enterprise' && scope.kind !== 'platform') return base;
  // What partners shipped to this organisation: events naming it as a source or destination party.
  return eb.or([
    base,
    eb.exists(
      eb
        .selectFrom('event_orgs')
        .select('event_orgs.event_pk')
        .whereRef('event_orgs.event_pk', '=', 'events.id')
        .where('event_orgs.org_id', '=', scope.orgId),
    ),
  ]);
}

const word = (value: string, vocab: cbv.CbvVocabulary) => cbv.bareWordOf(value, vocab) ?? value;
const ms = (iso: string) => Date.parse(iso);

/** Identifier match: exact canonical, or every serial / lot under a GTIN-only pattern (idpat …:*). */
function identifierMatch(eb: EB, roles: string[], values: string[], instance: boolean) {
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const v of values) {
    const c = canonicalIdentifier(v).canonical;
    exact.push(c);
    if (GTIN_ONLY.test(c)) prefixes.push(`${c}/${instance ? '21' : '10'}/`);
  }
  const idQuery = eb
    .selectFrom('identifiers')
    .select('identifiers.id')
    .where((ib) =>
      ib.or([
        ib('identifiers.canonical', 'in', exact),
        ...prefixes.map((p) => ib('identifiers.canonical', 'like', `${p.replace(/[%_]/g, '\\$&')}%`)),
      ]),
    );
  return eb.exists(
    eb
      .selectFrom('event_identifiers')
      .select('event_identifiers.event_pk')
      .whereRef('event_identifiers.event_pk', '=', 'events.id')
      .where('event_identifiers.role', 'in', roles)
      .where('event_identifiers.identifier_id', 'in', idQuery),
  );
}

function attrMatch(eb: EB, kind: string, type: string | null, values: string[]) {
  let q = eb
    .selectFrom('event_attrs')
    .select('event_attrs.event_pk')
    .whereRef('event_attrs.event_pk', '=', 'events.id')
    .where('event_attrs.kind', '=', kind)
    .where('event_attrs.value', 'in', values);
  if (type !== null) q = q.where('event_attrs.type', '=', type);
  return eb.exists(q);
}

/** Builds the SQL conditions of a query model. */
function conditions(eb: EB, scope: Scope, m: QueryModel): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [eventVisibleTo(eb, scope)];
  if (m.eventTypes?.length) out.push(eb('events.event_type', 'in', m.eventTypes));
  if (m.eventTime.ge) out.push(eb('events.event_time', '>=', ms(m.eventTime.ge)));
  if (m.eventTime.lt) out.push(eb('events.event_time', '<', ms(m.eventTime.lt)));
  if (m.recordTime.ge) out.push(eb('events.record_time', '>=', ms(m.recordTime.ge)));
  if (m.recordTime.lt) out.push(eb('events.record_time', '<', ms(m.recordTime.lt)));
  if (m.errorDeclarationTime.ge)
    out.push(eb('events.error_declared_at', '>=', ms(m.errorDeclarationTime.ge)));
  if (m.errorDeclarationTime.lt) out.push(eb('events.error_declared_at', '<', ms(m.errorDeclarationTime.lt)));
  if (m.actions?.length) out.push(eb('events.action', 'in', m.actions));
  if (m.bizSteps?.length)
    out.push(
      eb(
        'events.biz_step',
        'in',
        m.bizSteps.map((v) => word(v, cbv.VOCABULARIES.bizStep)),
      ),
    );
  if (m.dispositions?.length)
    out.push(
      eb(
        'events.disposition',
        'in',
        m.dispositions.map((v) => word(v, cbv.VOCABULARIES.disposition)),
      ),
    );
  if (m.persistentDispositionSet?.length)
    out.push(
      attrMatch(
        eb,
        'persistentDispositionSet',
        null,
        m.persistentDispositionSet.map((v) => word(v, cbv.VOCABULARIES.disposition)),
      ),
    );
  if (m.persistentDispositionUnset?.length)
    out.push(
      attrMatch(
        eb,
        'persistentDispositionUnset',
        null,
        m.persistentDispositionUnset.map((v) => word(v, cbv.VOCABULARIES.disposition)),
      ),
    );
  const loc = (values: string[]) => values.map((v) => canonicalIdentifier(v).canonical);
  if (m.readPoints?.length) out.push(eb('events.read_point', 'in', loc(m.readPoints)));
  if (m.bizLocations?.length) out.push(eb('events.biz_location', 'in', loc(m.bizLocations)));
  // NOTE: WD_ (with descendants) needs a location hierarchy from master data; until it exists a location is its own
  // only descendant, so WD_ matches the location itself.
  if (m.readPointsWithDescendants?.length)
    out.push(eb('events.read_point', 'in', loc(m.readPointsWithDescendants)));
  if (m.bizLocationsWithDescendants?.length)
    out.push(eb('events.biz_location', 'in', loc(m.bizLocationsWithDescendants)));
  if (m.transformationIDs?.length) out.push(attrMatch(eb, 'transformationID', null, m.transformationIDs));
  for (const [field, values] of Object.entries(m.match)) {
    if (values?.length)
      out.push(identifierMatch(eb, EPC_ROLES[field] ?? [], values, INSTANCE_FIELDS.has(field)));
  }
  const q = m.quantity;
  if (q.eq?.length || q.gt !== undefined || q.ge !== undefined || q.lt !== undefined || q.le !== undefined) {
    let sub = eb
      .selectFrom('event_identifiers')
      .select('event_identifiers.event_pk')
      .whereRef('event_identifiers.event_pk', '=', 'events.id')
      .where('event_identifiers.role', 'in', EPC_ROLES.anyEPCClass!);
    if (q.eq?.length) sub = sub.where('event_identifiers.quantity', 'in', q.eq);
    if (q.gt !== undefined) sub = sub.where('event_identifiers.quantity', '>', q.gt);
    if (q.ge !== undefined) sub = sub.where('event_identifiers.quantity', '>=', q.ge);
    if (q.lt !== undefined) sub = sub.where('event_identifiers.quantity', '<', q.lt);
    if (q.le !== undefined) sub = sub.where('event_identifiers.quantity', '<=', q.le);
    out.push(eb.exists(sub));
  }
  if (m.eventIDs?.length)
    out.push(eb.or([eb('events.event_id', 'in', m.eventIDs), eb('events.event_hash', 'in', m.eventIDs)]));
  if (m.correctiveEventIDs?.length) out.push(attrMatch(eb, 'correctiveEventID', null, m.correctiveEventIDs));
  if (m.errorReasons?.length)
    out.push(
      eb(
        'events.error_reason',
        'in',
        m.errorReasons.map((v) => word(v, cbv.VOCABULARIES.errorReason)),
      ),
    );
  if (m.existsErrorDeclaration) out.push(eb('events.error_declared_at', 'is not', null));
  const typed = (kind: string, map: Record<string, string[]>, vocab: cbv.CbvVocabulary) => {
    for (const [type, values] of Object.entries(map)) {
      if (values.length)
        out.push(
          attrMatch(
            eb,
            kind,
            word(type, vocab),
            values.map((v) => canonicalIdentifier(v).canonical),
          ),
        );
    }
  };
  typed('bizTransaction', m.bizTransactions, cbv.VOCABULARIES.bizTransactionType);
  typed('source', m.sources, cbv.VOCABULARIES.sourceDestType);
  typed('destination', m.destinations, cbv.VOCABULARIES.sourceDestType);
  return out;
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
    if (!token || token.q !== fp || typeof token.id !== 'number') throw badPageToken();
  }

  if (m.maxEventCount !== undefined) {
    const counted = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.and(conditions(eb, scope, m)))
      .executeTakeFirst();
    if (Number(counted?.n ?? 0) > m.maxEventCount && !needsDocumentFilter(m))
      throw tooManyEvents(m.maxEventCount);
  }

  const limit = m.eventCountLimit !== undefined ? Math.min(perPage, m.eventCountLimit) : perPage;
  const out: Obj[] = [];
  let last: { v: number; id: number } | null = token ? { v: token.v, id: token.id } : null;
  let exhausted = false;
  const batch = needsDocumentFilter(m) ? Math.max(limit * 4, 200) : limit + 1;
  while (out.length <= limit && !exhausted) {
    let query = db
      .selectFrom('events')
      .select(['events.id', 'events.doc', 'events.event_time', 'events.record_time'])
      .where((eb) => eb.and(conditions(eb, scope, m)));
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
    const rows = await query.limit(batch).execute();
    if (rows.length < batch) exhausted = true;
    for (const r of rows) {
      const doc = dialect.decodeJson<Obj>(r.doc);
      last = {
        v: orderColumn === 'events.record_time' ? Number(r.record_time) : Number(r.event_time),
        id: Number(r.id),
      };
      if (!needsDocumentFilter(m) || passesDocumentFilters(doc, m)) {
        out.push(doc);
        if (out.length > limit) break;
      }
    }
    if (rows.length === 0) break;
  }
  if (m.eventCountLimit !== undefined && out.length > m.eventCountLimit) out.length = m.eventCountLimit;
  if (m.maxEventCount !== undefined && out.length > m.maxEventCount) throw tooManyEvents(m.maxEventCount);
  let nextPageToken: string | null = null;
  if (out.length > limit) {
    out.length = limit;
    if (m.eventCountLimit === undefined || limit < m.eventCountLimit) {
      // The cursor is the last event returned, not the extra one read to know there is more.
      const lastDoc = out[out.length - 1]!;
      const id = await db
        .selectFrom('events')
        .select(['id', 'event_time', 'record_time'])
        .where('event_id', '=', String(lastDoc.eventID))
        .executeTakeFirstOrThrow();
      const v = orderColumn === 'events.record_time' ? Number(id.record_time) : Number(id.event_time);
      nextPageToken = Buffer.from(
        JSON.stringify({ v, id: Number(id.id), q: fp } satisfies PageToken),
      ).toString('base64url');
    }
  }
  return { events: out, nextPageToken };
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
  const r = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eventVisibleTo(eb, scope))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
