/**
 * The SQL conditions of a SimpleEventQuery (EPCIS 2.0 §8.2.7.1), each shaped so an index serves it: identifiers
 * are resolved to ids first (exact canonical strings through the unique canonical index, GTIN-only patterns as a
 * range scan on it), and every condition on a linked table is `events.id IN (…)` over that table's lookup index,
 * so the database can start from the few events a parameter names instead of testing every event.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { inValueList } from '../../db/dialects/value-list.js';
import { engineOf } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { cbv, type QueryModel } from '../epcis/index.js';
import { canonicalIdentifier } from './event-record.js';

/** An expression builder over the events table. */
export type EventsEB = ExpressionBuilder<DB, 'events'>;

/** event_identifiers roles each MATCH_ field looks at (EPCIS 2.0 §8.2.7.1, MATCH_ parameters). */
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
const QUANTITY_ROLES = EPC_ROLES.anyEPCClass!;
const INSTANCE_FIELDS = new Set(['epc', 'parentID', 'inputEPC', 'outputEPC', 'anyEPC']);
const GTIN_ONLY = /^https:\/\/id\.gs1\.org\/01\/\d{14}$/;

/**
 * The range of time values (ECMA-262 §21.4.1.1: ±8.64e15 ms): every stored declaration time lies in it, so
 * `error_declared_at` within it means "declared". NOTE: written as a range, not IS NOT NULL, because
 * SQLite without statistics gives IS NOT NULL no selectivity and would scan the table instead of the partial
 * index events_error_declared.
 */
const EARLIEST_TIME = -8.64e15;
const LATEST_TIME = 8.64e15;
const declared = (eb: EventsEB) => [
  eb('events.error_declared_at', '>=', EARLIEST_TIME),
  eb('events.error_declared_at', '<=', LATEST_TIME),
];

/** Above this many identifiers a GTIN-only pattern stays a subquery instead of a literal id list. */
const MAX_LITERAL_IDS = 500;
/** Events a MATCH_ parameter may name before its candidates are no longer listed up front. */
const MAX_LITERAL_EVENTS = 5_000;

/** The identifiers one MATCH_ parameter names: ids found up front, plus patterns too wide to list. */
export interface ResolvedMatch {
  roles: string[];
  ids: number[];
  /** GTIN-only patterns (`…/01/<gtin>/21/` or `…/10/`) matching more than MAX_LITERAL_IDS identifiers. */
  widePrefixes: string[];
  /**
   * The events naming those identifiers in those roles, when there are few enough to list: the query then reads
   * them by primary key. (A semi-join would let PostgreSQL walk the events in id order looking for them, which
   * is slow when they sit deep in the store.)
   */
  eventPks?: number[];
  /** The store (the event list is bound as one parameter, its form depends on the engine). */
  db: Kysely<DB>;
}

/**
 * The end of the key range of every string that starts with `prefix` (the prefix with its last character
 * incremented). Prefixes here end in '/', so the bound is the prefix with a final '0'.
 */
function rangeEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * Identifiers whose canonical string starts with `prefix`, as a range scan on an index of the canonical string in
 * byte order: SQLite compares text byte by byte (BINARY) on its unique index; PostgreSQL compares under the
 * database's collation, so the range is taken `COLLATE "C"` on the expression index made for it (migration
 * 20261129083000), whatever locale the database was created with. The `substr` test keeps the match exact.
 */
function prefixCondition(
  eb: ExpressionBuilder<DB, 'identifiers'>,
  prefix: string,
  engine: 'postgres' | 'sqlite',
): Expression<SqlBool> {
  const key =
    engine === 'postgres'
      ? sql<string>`${sql.ref('identifiers.canonical')} collate "C"`
      : sql<string>`${sql.ref('identifiers.canonical')}`;
  return eb.and([
    eb(key, '>=', prefix),
    eb(key, '<', rangeEnd(prefix)),
    eb(eb.fn('substr', ['identifiers.canonical', eb.val(1), eb.val(prefix.length)]), '=', prefix),
  ]);
}

/**
 * Resolves the MATCH_ parameters of a query to identifier ids. A value matches its canonical identifier exactly;
 * a GTIN-only value (a class-level pattern such as `urn:epc:idpat:sgtin:0614141.112345.*`, EPCIS 2.0 §8.2.7.1 and
 * TDS 2.1 §8) also matches every serial (instance fields) or lot (class fields) of that GTIN. Returns null when a
 * parameter names no known identifier: then no event can match.
 */
export async function resolveMatches(db: Kysely<DB>, m: QueryModel): Promise<ResolvedMatch[] | null> {
  const out: ResolvedMatch[] = [];
  for (const [field, values] of Object.entries(m.match)) {
    if (!values?.length) continue;
    const instance = INSTANCE_FIELDS.has(field);
    const exact = new Set<string>();
    const prefixes = new Set<string>();
    for (const v of values) {
      const c = canonicalIdentifier(v).canonical;
      exact.add(c);
      if (GTIN_ONLY.test(c)) prefixes.add(`${c}/${instance ? '21' : '10'}/`);
    }
    const ids = new Set<number>();
    const rows = await db
      .selectFrom('identifiers')
      .select('id')
      .where('canonical', 'in', [...exact])
      .execute();
    for (const r of rows) ids.add(Number(r.id));
    const widePrefixes: string[] = [];
    for (const p of prefixes) {
      const found = await db
        .selectFrom('identifiers')
        .select('id')
        .where((eb) => prefixCondition(eb, p, engineOf(db)))
        .limit(MAX_LITERAL_IDS + 1)
        .execute();
      if (found.length > MAX_LITERAL_IDS) widePrefixes.push(p);
      else for (const r of found) ids.add(Number(r.id));
    }
    if (ids.size === 0 && widePrefixes.length === 0) return null;
    const roles = EPC_ROLES[field] ?? [];
    const match: ResolvedMatch = { roles, ids: [...ids], widePrefixes, db };
    if (widePrefixes.length === 0) {
      const pks = await db
        .selectFrom('event_identifiers')
        .select('event_pk')
        .distinct()
        .where('identifier_id', 'in', match.ids)
        .where('role', 'in', roles)
        .limit(MAX_LITERAL_EVENTS + 1)
        .execute();
      if (pks.length === 0) return null;
      if (pks.length <= MAX_LITERAL_EVENTS) match.eventPks = pks.map((r) => Number(r.event_pk));
    }
    out.push(match);
  }
  return out;
}

function identifierCondition(eb: EventsEB, match: ResolvedMatch): Expression<SqlBool> {
  if (match.eventPks) return inValueList(match.db, 'events.id', match.eventPks);
  const alternatives: Expression<SqlBool>[] = [];
  if (match.ids.length)
    alternatives.push(
      eb(
        'events.id',
        'in',
        eb
          .selectFrom('event_identifiers')
          .select('event_identifiers.event_pk')
          .where('event_identifiers.identifier_id', 'in', match.ids)
          .where('event_identifiers.role', 'in', match.roles),
      ),
    );
  // A pattern naming very many identifiers names very many events: tested per event (event_identifiers primary
  // key, then the identifier's row) on the events the scope and the other conditions reach.
  for (const p of match.widePrefixes)
    alternatives.push(
      eb.exists(
        eb
          .selectFrom('event_identifiers')
          .innerJoin('identifiers', 'identifiers.id', 'event_identifiers.identifier_id')
          .select('event_identifiers.event_pk')
          .whereRef('event_identifiers.event_pk', '=', 'events.id')
          .where('event_identifiers.role', 'in', match.roles)
          .where((ib) =>
            prefixCondition(ib as unknown as ExpressionBuilder<DB, 'identifiers'>, p, engineOf(match.db)),
          ),
      ),
    );
  return eb.or(alternatives);
}

function attrCondition(
  eb: EventsEB,
  kind: string,
  type: string | null,
  values: string[],
): Expression<SqlBool> {
  let q = eb
    .selectFrom('event_attrs')
    .select('event_attrs.event_pk')
    .where('event_attrs.kind', '=', kind)
    .where('event_attrs.value', 'in', values);
  if (type !== null) q = q.where('event_attrs.type', '=', type);
  return eb('events.id', 'in', q);
}

const word = (value: string, vocab: cbv.CbvVocabulary) => cbv.bareWordOf(value, vocab) ?? value;
const ms = (iso: string) => Date.parse(iso);
const loc = (values: string[]) => values.map((v) => canonicalIdentifier(v).canonical);

/**
 * The conditions of a query model apart from the caller's scope, with its identifiers already resolved. Index
 * for each (migrations 20261129020000 and 20261129080000): eventID → events_event_id_unique / events_hash_unique;
 * MATCH_ → identifiers_canonical_unique then event_identifiers_lookup; EQ_bizTransaction_, EQ_source_,
 * EQ_destination_, EQ_transformationID, EQ_correctiveEventID, EQ_persistentDisposition_ → event_attrs_lookup;
 * quantity → event_identifiers_quantity; times → events_event_time / events_record_time; bizStep, disposition,
 * readPoint, bizLocation → their own indexes; errorDeclaration → events_error_declared (partial). eventType and
 * action (a handful of values each) are tested on the rows the other conditions or the scope reach.
 */
export function modelConditions(
  eb: EventsEB,
  m: QueryModel,
  matches: ResolvedMatch[],
): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (m.eventIDs?.length)
    out.push(eb.or([eb('events.event_id', 'in', m.eventIDs), eb('events.event_hash', 'in', m.eventIDs)]));
  for (const match of matches) out.push(identifierCondition(eb, match));
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
  const dispositions = (values: string[]) => values.map((v) => word(v, cbv.VOCABULARIES.disposition));
  if (m.persistentDispositionSet?.length)
    out.push(attrCondition(eb, 'persistentDispositionSet', null, dispositions(m.persistentDispositionSet)));
  if (m.persistentDispositionUnset?.length)
    out.push(
      attrCondition(eb, 'persistentDispositionUnset', null, dispositions(m.persistentDispositionUnset)),
    );
  if (m.readPoints?.length) out.push(eb('events.read_point', 'in', loc(m.readPoints)));
  if (m.bizLocations?.length) out.push(eb('events.biz_location', 'in', loc(m.bizLocations)));
  // NOTE: WD_ (with descendants) needs a location hierarchy from master data; until it exists a location is its own
  // only descendant, so WD_ matches the location itself.
  if (m.readPointsWithDescendants?.length)
    out.push(eb('events.read_point', 'in', loc(m.readPointsWithDescendants)));
  if (m.bizLocationsWithDescendants?.length)
    out.push(eb('events.biz_location', 'in', loc(m.bizLocationsWithDescendants)));
  if (m.transformationIDs?.length) out.push(attrCondition(eb, 'transformationID', null, m.transformationIDs));
  const q = m.quantity;
  if (q.eq?.length || q.gt !== undefined || q.ge !== undefined || q.lt !== undefined || q.le !== undefined) {
    let sub = eb
      .selectFrom('event_identifiers')
      .select('event_identifiers.event_pk')
      .where('event_identifiers.quantity', 'is not', null)
      .where('event_identifiers.role', 'in', QUANTITY_ROLES);
    if (q.eq?.length) sub = sub.where('event_identifiers.quantity', 'in', q.eq);
    if (q.gt !== undefined) sub = sub.where('event_identifiers.quantity', '>', q.gt);
    if (q.ge !== undefined) sub = sub.where('event_identifiers.quantity', '>=', q.ge);
    if (q.lt !== undefined) sub = sub.where('event_identifiers.quantity', '<', q.lt);
    if (q.le !== undefined) sub = sub.where('event_identifiers.quantity', '<=', q.le);
    out.push(eb('events.id', 'in', sub));
  }
  if (m.correctiveEventIDs?.length)
    out.push(attrCondition(eb, 'correctiveEventID', null, m.correctiveEventIDs));
  // An error reason exists only on a declared event: saying so lets the partial declaration index serve it.
  if (m.errorReasons?.length)
    out.push(
      eb.and([
        ...declared(eb),
        eb(
          'events.error_reason',
          'in',
          m.errorReasons.map((v) => word(v, cbv.VOCABULARIES.errorReason)),
        ),
      ]),
    );
  if (m.existsErrorDeclaration) out.push(eb.and(declared(eb)));
  const typed = (kind: string, map: Record<string, string[]>, vocab: cbv.CbvVocabulary) => {
    for (const [type, values] of Object.entries(map)) {
      if (values.length) out.push(attrCondition(eb, kind, word(type, vocab), loc(values)));
    }
  };
  typed('bizTransaction', m.bizTransactions, cbv.VOCABULARIES.bizTransactionType);
  typed('source', m.sources, cbv.VOCABULARIES.sourceDestType);
  typed('destination', m.destinations, cbv.VOCABULARIES.sourceDestType);
  return out;
}
