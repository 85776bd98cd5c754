/**
 * The public read path: the only queries the story module runs. There is no Scope for the public, so every query
 * here selects an explicit list of columns that the public projection may show (or needs to decide what to show)
 * and nothing else — no `selectAll`, no contact columns, no quantities or prices. Adding a column here is a
 * decision about what the public sees; projection.ts documents it.
 */
import { type Kysely, sql } from 'kysely';
import { insertRows } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { lookupCodeKey } from './lookup-key.js';

type Db = Kysely<DB>;

/** A product as the public may see it. */
export interface PublicProductRow {
  id: number;
  orgId: number;
  name: string;
  nameEn: string | null;
  category: string;
  item: string | null;
  gtin: string | null;
  registrationNo: string | null;
}

/** An organisation as the public may see it. */
export interface PublicOrgRow {
  id: number;
  name: string;
  nameEn: string | null;
  uscc: string | null;
  divisionCode: string | null;
}

/** An event as the story needs it: when, which step, who recorded it, where, and its document (for allow-listed elements). */
export interface StoryEventRow {
  pk: number;
  eventTime: number;
  bizStep: string | null;
  disposition: string | null;
  category: string | null;
  recorderOrgId: number;
  bizLocation: string | null;
  readPoint: string | null;
  doc: unknown;
}

const productColumns = [
  'products.id',
  'products.org_id',
  'products.name',
  'products.name_en',
  'products.category',
  'products.item',
  'products.gtin',
  'products.registration_no',
] as const;

function toProduct(r: {
  id: number;
  org_id: number;
  name: string;
  name_en: string | null;
  category: string;
  item: string | null;
  gtin: string | null;
  registration_no: string | null;
}): PublicProductRow {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    name: r.name,
    nameEn: r.name_en,
    category: r.category,
    item: r.item,
    gtin: r.gtin,
    registrationNo: r.registration_no,
  };
}

/** The product with this GTIN-14, when one is registered. */
export async function productByGtin(db: Db, gtin: string): Promise<PublicProductRow | undefined> {
  const r = await db
    .selectFrom('products')
    .select(productColumns)
    .where('products.gtin', '=', gtin)
    .orderBy('products.id')
    .executeTakeFirst();
  return r ? toProduct(r) : undefined;
}

/** The product whose class-level code prefix (product_codes) begins the canonical code, longest prefix first. */
export async function productByPrefix(db: Db, canonical: string): Promise<PublicProductRow | undefined> {
  // Candidate prefixes are the canonical string cut at every position; the table is small per product, and the
  // equality lookup keeps the query indexable on both engines (no reversed LIKE).
  const candidates: string[] = [];
  for (let i = canonical.length; i >= 8; i--) candidates.push(canonical.slice(0, i));
  if (candidates.length === 0) return undefined;
  const rows = await db
    .selectFrom('product_codes')
    .innerJoin('products', 'products.id', 'product_codes.product_id')
    .select([...productColumns, 'product_codes.prefix'])
    .where('product_codes.prefix', 'in', candidates)
    .execute();
  rows.sort((a, b) => b.prefix.length - a.prefix.length);
  return rows[0] ? toProduct(rows[0]) : undefined;
}

/** The product and lot a platform code or GS1 serial was issued for (code_issuances), when this platform issued it. */
export async function issuanceOf(
  db: Db,
  scheme: string,
  prefix: string,
  serial: number,
): Promise<{ product: PublicProductRow; lot: string | null } | undefined> {
  const r = await db
    .selectFrom('code_issuances')
    .innerJoin('products', 'products.id', 'code_issuances.product_id')
    .select([
      ...productColumns,
      'code_issuances.batch_lot',
      'code_issuances.first_serial',
      'code_issuances.count',
    ])
    .where('code_issuances.scheme', '=', scheme)
    .where('code_issuances.prefix', '=', prefix)
    .where('code_issuances.first_serial', '<=', serial)
    .orderBy('code_issuances.first_serial', 'desc')
    .executeTakeFirst();
  if (!r || serial >= Number(r.first_serial) + Number(r.count)) return undefined;
  return { product: toProduct(r), lot: r.batch_lot };
}

/** A product by id (for products found through events' recorder or issuances). */
export async function productById(db: Db, id: number): Promise<PublicProductRow | undefined> {
  const r = await db
    .selectFrom('products')
    .select(productColumns)
    .where('products.id', '=', id)
    .executeTakeFirst();
  return r ? toProduct(r) : undefined;
}

/** Organisations by id, public columns only. */
export async function orgsById(db: Db, ids: readonly number[]): Promise<Map<number, PublicOrgRow>> {
  const out = new Map<number, PublicOrgRow>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'name_en', 'uscc', 'division_code'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) {
    out.set(Number(r.id), {
      id: Number(r.id),
      name: r.name,
      nameEn: r.name_en,
      uscc: r.uscc,
      divisionCode: r.division_code,
    });
  }
  return out;
}

/** Names of divisions by code (both languages). */
export async function divisionNames(
  db: Db,
  codes: readonly string[],
): Promise<Map<string, { zh: string; en: string }>> {
  const out = new Map<string, { zh: string; en: string }>();
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom('divisions')
    .select(['code', 'name_zh', 'name_en'])
    .where('code', 'in', wanted)
    .execute();
  for (const r of rows) out.set(r.code, { zh: r.name_zh, en: r.name_en });
  return out;
}

/** Identifier row ids of canonical strings that the platform has met. */
export async function identifierIds(db: Db, canonicals: readonly string[]): Promise<number[]> {
  if (canonicals.length === 0) return [];
  const rows = await db
    .selectFrom('identifiers')
    .select('id')
    .where('canonical', 'in', [...new Set(canonicals)])
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Identifiers one hop away that belong to the story: containers the code was packed into (aggregation parents)
 * and the inputs of a transformation that made it (e.g. the harvested lot the packed tea came from).
 */
export async function relatedIdentifierIds(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('event_identifiers as mine')
    .innerJoin('event_identifiers as other', 'other.event_pk', 'mine.event_pk')
    .select('other.identifier_id')
    .distinct()
    .where('mine.identifier_id', 'in', [...ids])
    .where((eb) =>
      eb.or([
        eb.and([eb('mine.role', '=', 'child'), eb('other.role', '=', 'parent')]),
        eb.and([
          eb('mine.role', 'in', ['output', 'output_quantity']),
          eb('other.role', 'in', ['input', 'input_quantity']),
        ]),
      ]),
    )
    .limit(50)
    .execute();
  return rows.map((r) => Number(r.identifier_id)).filter((id) => !ids.includes(id));
}

/** How many of a long life's events a story shows: its first ones (origin) and its latest ones (current state). */
export const STORY_FIRST_EVENTS = 20;
export const STORY_LATEST_EVENTS = 80;

/** Events naming any of the identifiers (any role), without events declared in error. */
function namingEvents(db: Db, ids: readonly number[]) {
  return (
    db
      .selectFrom('events')
      // NOTE: `id in (subquery)` rather than a correlated EXISTS: both engines then start from the identifiers'
      // index (event_identifiers_lookup) instead of walking every event, so a story costs the same on any store size.
      .where('events.id', 'in', (eb) =>
        eb
          .selectFrom('event_identifiers')
          .select('event_identifiers.event_pk')
          .where('event_identifiers.identifier_id', 'in', [...new Set(ids)]),
      )
      .where('events.error_declared_at', 'is', null)
  );
}

/** The columns of {@link namingEvents} a story reads. */
function eventsNamingQuery(db: Db, ids: readonly number[]) {
  return namingEvents(db, ids).select([
    'events.id',
    'events.event_time',
    'events.biz_step',
    'events.disposition',
    'events.category',
    'events.recorder_org_id',
    'events.biz_location',
    'events.read_point',
    'events.doc',
  ]);
}

type EventsNamingRow = Awaited<ReturnType<ReturnType<typeof eventsNamingQuery>['execute']>>[number];

function storyEventRow(r: EventsNamingRow): StoryEventRow {
  return {
    pk: Number(r.id),
    eventTime: Number(r.event_time),
    bizStep: r.biz_step,
    disposition: r.disposition,
    category: r.category,
    recorderOrgId: Number(r.recorder_org_id),
    bizLocation: r.biz_location,
    readPoint: r.read_point,
    doc: r.doc,
  };
}

/**
 * Events naming any of the identifiers (any role), oldest first, without events declared in error. A long life (an
 * elevator maintained every fortnight for years) shows its first {@link STORY_FIRST_EVENTS} events, where it came
 * from, and its latest {@link STORY_LATEST_EVENTS}, where it stands now; the ones between are left out (see
 * {@link statusEventsLeftOut}). `whole` is false when some may have been left out.
 */
export async function eventsNaming(
  db: Db,
  ids: readonly number[],
): Promise<{ rows: StoryEventRow[]; whole: boolean }> {
  if (ids.length === 0) return { rows: [], whole: true };
  const shown = STORY_FIRST_EVENTS + STORY_LATEST_EVENTS;
  const first = await eventsNamingQuery(db, ids)
    .orderBy('events.event_time')
    .orderBy('events.id')
    .limit(shown)
    .execute();
  // A life shorter than the story's length is shown whole.
  if (first.length < shown) return { rows: first.map(storyEventRow), whole: true };
  // Possibly longer: keep its first events and add its latest ones.
  const head = first.slice(0, STORY_FIRST_EVENTS);
  const headIds = new Set(head.map((r) => r.id));
  const latest = await eventsNamingQuery(db, ids)
    .orderBy('events.event_time', 'desc')
    .orderBy('events.id', 'desc')
    .limit(STORY_LATEST_EVENTS)
    .execute();
  const rows = [...head, ...latest.reverse().filter((r) => !headIds.has(r.id))];
  return { rows: rows.map(storyEventRow), whole: false };
}

/** How many events name any of the identifiers (without events declared in error), or those one organisation recorded. */
export async function countEventsNaming(
  db: Db,
  ids: readonly number[],
  recorderOrgId?: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  let query = namingEvents(db, ids).select((eb) => eb.fn.countAll<number>().as('n'));
  if (recorderOrgId !== undefined) query = query.where('events.recorder_org_id', '=', recorderOrgId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * The events a long life's story left out that can change its status: a CBV `recalled` disposition, or a document
 * that mentions `fail` (the caller reads the result elements; the text match only narrows what is read).
 */
export async function statusEventsLeftOut(
  db: Db,
  ids: readonly number[],
  shownPks: readonly number[],
): Promise<StoryEventRow[]> {
  if (ids.length === 0) return [];
  let query = eventsNamingQuery(db, ids).where((eb) =>
    eb.or([eb('events.disposition', '=', 'recalled'), eb(sql`cast(events.doc as text)`, 'like', '%fail%')]),
  );
  if (shownPks.length > 0) query = query.where('events.id', 'not in', [...shownPks]);
  return (await query.orderBy('events.event_time').orderBy('events.id').execute()).map(storyEventRow);
}

/** Division codes of locations by their canonical identifiers (registered locations only). */
export async function locationDivisions(
  db: Db,
  identifiers: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = [...new Set(identifiers)];
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom('locations')
    .select(['identifier', 'division_code'])
    .where('identifier', 'in', wanted)
    .execute();
  for (const r of rows) if (r.division_code) out.set(r.identifier, r.division_code);
  return out;
}

/** Valid licences of an organisation: type and number only (issuer and scope are not needed by the public). */
export async function licencesOf(
  db: Db,
  orgId: number,
  today: string,
): Promise<{ type: string; number: string }[]> {
  return db
    .selectFrom('licences')
    .select(['type', 'number'])
    .where('org_id', '=', orgId)
    .where('expires_on', '>=', today)
    .orderBy('id')
    .limit(10)
    .execute();
}

/** Certifications (无公害/绿色/有机) of a product valid today. */
export async function certificationsOf(
  db: Db,
  productId: number,
  today: string,
): Promise<{ kind: string; number: string; validUntil: string }[]> {
  const rows = await db
    .selectFrom('product_certifications')
    .select(['kind', 'number', 'valid_until'])
    .where('product_id', '=', productId)
    .where('valid_until', '>=', today)
    .orderBy('id')
    .limit(10)
    .execute();
  return rows.map((r) => ({ kind: r.kind, number: r.number, validUntil: r.valid_until }));
}

/**
 * A batch's public facts: its expiry and its certificates of compliance (number and date only; the certificate's
 * contact column holds the farmer's phone number and is never selected).
 */
export async function batchFacts(
  db: Db,
  productId: number,
  lot: string,
): Promise<{ expiresOn: string | null; certificates: { number: string; issuedOn: string }[] } | undefined> {
  const batch = await db
    .selectFrom('batches')
    .select(['id', 'expires_on'])
    .where('product_id', '=', productId)
    .where('lot', '=', lot)
    .executeTakeFirst();
  if (!batch) return undefined;
  const certificates = await db
    .selectFrom('compliance_certificates')
    .select(['number', 'issued_on'])
    .where('batch_id', '=', Number(batch.id))
    .orderBy('id')
    .limit(10)
    .execute();
  return {
    expiresOn: batch.expires_on,
    certificates: certificates.map((c) => ({ number: c.number, issuedOn: c.issued_on })),
  };
}

/** One row of the lookup log as the buffer holds it (lookup-buffer.ts). */
export interface LookupRow {
  code: string;
  at: number;
  lat: number | null;
  lon: number | null;
  divisionCode: string | null;
}

/** The lookup log's columns, in the order `lookupValues` gives them (the worker writer's insert uses both too). */
export const LOOKUP_COLUMNS = ['code_key', 'code', 'at', 'lat', 'lon', 'division_code'] as const;

/** One lookup row's values in `LOOKUP_COLUMNS` order. */
export function lookupValues(r: LookupRow): (string | number | null)[] {
  return [lookupCodeKey(r.code), r.code, r.at, r.lat, r.lon, r.divisionCode];
}

/** The lookup counts' columns, in the order `lookupCounts` gives them (the worker writer's upsert uses both too). */
export const LOOKUP_COUNT_COLUMNS = ['code_key', 'code', 'count', 'first_at', 'first_division'] as const;

/** A batch of lookups summed per code, in `LOOKUP_COUNT_COLUMNS` order: how many, and the first one's time and county. */
export function lookupCounts(rows: readonly LookupRow[]): (string | number | null)[][] {
  const byCode = new Map<string, (string | number | null)[]>();
  for (const r of rows) {
    const kept = byCode.get(r.code);
    if (!kept) byCode.set(r.code, [lookupCodeKey(r.code), r.code, 1, r.at, r.divisionCode]);
    else {
      kept[2] = (kept[2] as number) + 1;
      // The earliest lookup of the batch (the first of equal times, as the log's order by at, id has it).
      if (r.at < (kept[3] as number)) [kept[3], kept[4]] = [r.at, r.divisionCode];
    }
  }
  return [...byCode.values()];
}

/**
 * Adds summed lookups (`lookupCounts`) to the stored counts: the counts grow, and the first lookup moves only to an
 * earlier one (a node may write a batch older than another's). Each code once per call.
 */
export function upsertLookupCounts(db: Db, values: readonly (readonly (string | number | null)[])[]) {
  return db
    .insertInto('public_lookup_counts')
    .values(
      values.map((v) => ({
        code_key: v[0] as number,
        code: v[1] as string,
        count: v[2] as number,
        first_at: v[3] as number,
        first_division: v[4] as string | null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['code_key', 'code']).doUpdateSet((eb) => {
        // The batch's first lookup replaces the stored one when it is earlier.
        const firstOf = <C extends 'first_at' | 'first_division'>(column: C) =>
          eb
            .case()
            .when('excluded.first_at', '<', eb.ref('public_lookup_counts.first_at'))
            .then(eb.ref(`excluded.${column}` as `excluded.${C}`))
            .else(eb.ref(`public_lookup_counts.${column}` as `public_lookup_counts.${C}`))
            .end();
        return {
          count: eb('public_lookup_counts.count', '+', eb.ref('excluded.count')),
          first_at: firstOf('first_at'),
          first_division: firstOf('first_division'),
        };
      }),
    );
}

/** Codes per upsert statement (five parameters each, well below either engine's limit). */
const COUNTS_PER_STATEMENT = 1000;

/** Records buffered lookups and adds them to the codes' counts, all in one transaction: every row is stored, or none. */
export async function insertLookups(db: Db, rows: readonly LookupRow[]): Promise<void> {
  if (rows.length === 0) return;
  const counts = lookupCounts(rows);
  await db.transaction().execute(async (trx) => {
    await insertRows(
      trx,
      'public_lookups',
      [...LOOKUP_COLUMNS],
      rows.map((r) => {
        const values = lookupValues(r);
        return Object.fromEntries(LOOKUP_COLUMNS.map((c, i) => [c, values[i]]));
      }),
    );
    for (let i = 0; i < counts.length; i += COUNTS_PER_STATEMENT)
      await upsertLookupCounts(trx, counts.slice(i, i + COUNTS_PER_STATEMENT)).execute();
  });
}

/** The product of a registered piece of special equipment (设备代码 in the equipment register), if recorded. */
export async function productOfEquipment(db: Db, canonical: string): Promise<PublicProductRow | undefined> {
  const row = await db
    .selectFrom('equipment')
    .innerJoin('products', 'products.id', 'equipment.product_id')
    .select(productColumns)
    .where('equipment.identifier', '=', canonical)
    .executeTakeFirst();
  return row ? toProduct(row) : undefined;
}

/**
 * A code's latest 50 lookups that carried a place, newest first (copied-code detection); read through the partial
 * index of placed lookups (migration 20261206100000), so a code's unplaced lookups are never visited.
 */
export function placedLookupsQuery(db: Db, code: string) {
  return db
    .selectFrom('public_lookups')
    .select(['at', 'lat', 'lon'])
    .where('code_key', '=', lookupCodeKey(code))
    .where('code', '=', code)
    .where('lat', 'is not', null)
    .orderBy('at', 'desc')
    .limit(50);
}

/** A code's lookup count, its first lookup, and the most recent lookups that carried a place (for copy detection). */
export async function lookupSummary(
  db: Db,
  code: string,
): Promise<{
  count: number;
  first: { at: number; divisionCode: string | null } | null;
  placed: { at: number; lat: number; lon: number }[];
}> {
  const key = lookupCodeKey(code);
  // One row however often the code was looked up (kept as lookups are written: upsertLookupCounts).
  const counted = await db
    .selectFrom('public_lookup_counts')
    .select(['count', 'first_at', 'first_division'])
    .where('code_key', '=', key)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!counted) return { count: 0, first: null, placed: [] };
  const placed = await placedLookupsQuery(db, code).execute();
  return {
    count: Number(counted.count),
    first: { at: Number(counted.first_at), divisionCode: counted.first_division },
    placed: placed.map((p) => ({ at: Number(p.at), lat: Number(p.lat), lon: Number(p.lon) })),
  };
}

/** What the store holds that a cached story depends on and another node may change: the log's size and the recalls. */
export interface StoreVersion {
  leaves: number;
  lastRecall: number;
  openRecalls: number;
  recallCodes: number;
}

/** The {@link StoreVersion} in one query (the story cache's check for changes made elsewhere). */
export async function storeVersion(db: Db): Promise<StoreVersion> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('ledger_state')
        .select((x) => x.fn.max('tree_size').as('v'))
        .as('leaves'),
      eb
        .selectFrom('recalls')
        .select((x) => x.fn.max('id').as('v'))
        .as('last_recall'),
      eb
        .selectFrom('recalls')
        .select((x) => x.fn.countAll().as('v'))
        .where('status', '=', 'open')
        .as('open_recalls'),
      eb
        .selectFrom('recall_codes')
        .select((x) => x.fn.countAll().as('v'))
        .as('recall_codes'),
    ])
    .executeTakeFirstOrThrow();
  return {
    leaves: Number(row.leaves ?? 0),
    lastRecall: Number(row.last_recall ?? 0),
    openRecalls: Number(row.open_recalls ?? 0),
    recallCodes: Number(row.recall_codes ?? 0),
  };
}

/** The log leaves of the given events (ledger_leaves), for the integrity line: leaf index and recorded leaf hash. */
export async function ledgerLeavesOf(
  db: Db,
  eventPks: readonly number[],
): Promise<Map<number, { leafIndex: number; leafHash: string }>> {
  if (eventPks.length === 0) return new Map();
  const rows = await db
    .selectFrom('ledger_leaves')
    .select(['leaf_index', 'event_pk', 'leaf_hash'])
    .where('event_pk', 'in', [...eventPks])
    .orderBy('leaf_index')
    .execute();
  const out = new Map<number, { leafIndex: number; leafHash: string }>();
  // An event has one leaf; should a row appear twice, its first (earliest) leaf is the one proved.
  for (const r of rows) {
    if (!out.has(Number(r.event_pk)))
      out.set(Number(r.event_pk), { leafIndex: Number(r.leaf_index), leafHash: r.leaf_hash });
  }
  return out;
}
