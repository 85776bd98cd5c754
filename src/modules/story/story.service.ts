/**
 * The public story of a code (issue 8): what a shopper sees after scanning or typing any code. Built only from the
 * public read path (story.repository.ts) and shaped by the per-category projection (projection.ts).
 */
import type { Database } from '../../db/index.js';
import { asciiJson } from '../../lib/json.js';
import { type ParseResult, parse, type Scheme } from '../codes/index.js';
import { recallStatus } from '../recall/index.js';
import {
  firstLookupNow,
  type LookupSummary,
  lookupSummaryNow,
  lookupSummaryOf,
  onLookupLogError,
  recordLookup,
  recordLookupNow,
} from './lookup-buffer.js';
import { coarsePlace, countyOf, looksCopied } from './lookups.js';
import {
  type CategoryProjection,
  DOCUMENT_ELEMENTS,
  LICENCE_ELEMENTS,
  projectionFor,
  RESULT_ELEMENTS,
} from './projection.js';
import type { LookupRow } from './story.repository.js';
import * as repo from './story.repository.js';
import type {
  PublicDocument,
  PublicPlace,
  PublicStory,
  StatusWarning,
  TimelineEntry,
} from './story.types.js';
import {
  cachedStory,
  refreshInBackground,
  rememberStory,
  storyBaseline,
  storyGeneration,
} from './story-cache.js';
import { elementValues, gs1Date, ilmdExpiry, ilmdLot, projectPrefixes, stageOf } from './story-events.js';
import { checkIntegrity } from './story-integrity.js';

type Obj = Record<string, unknown>;

/** Options of {@link publicStory}. */
export interface StoryOptions {
  /** Record this lookup in the lookup log (pages and the public API do; previews and tests may not). */
  record?: boolean;
  /** The place the browser offered, if the shopper allowed it (rounded before anything is stored). */
  place?: { lat: unknown; lon: unknown } | null;
  now?: number;
}

/** Category a scheme implies when neither master data nor events say (the schemes belong to one category each). */
const SCHEME_CATEGORY: Partial<Record<Scheme, string>> = {
  'drug-trace-code': 'DRUG',
  'pesticide-code': 'INPUT',
  'vet-drug-code': 'INPUT',
  'detonator-code': 'HAZMAT',
  'equipment-code': 'EQUIP',
};
/** Platform-code category words (codes/platform) → catalogue category codes. */
const PLATFORM_CATEGORY: Record<string, string> = {
  'edible-agricultural': 'AGRI',
  food: 'FOOD',
  drug: 'DRUG',
  'agricultural-input': 'INPUT',
  'special-equipment': 'EQUIP',
  hazardous: 'HAZMAT',
};

/** The canonical Digital Link of a GTIN's lot (what class-level events name). */
const lotCanonical = (gtin: string, lot: string) =>
  parse(`https://id.gs1.org/01/${gtin}/10/${encodeURIComponent(lot)}`).canonical ??
  `https://id.gs1.org/01/${gtin}/10/${lot}`;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function aiOf(parsed: ParseResult): Record<string, string> {
  const ai = parsed.fields.ai;
  return ai && typeof ai === 'object' ? (ai as Record<string, string>) : {};
}

/** Whether one printed code stands for one item (a serial), so lookups far apart contradict each other. */
function itemLevel(parsed: ParseResult): boolean {
  const ai = aiOf(parsed);
  if (parsed.fields.key === '01') return ai['21'] !== undefined;
  if (parsed.scheme === 'platform-code') return parsed.fields.level !== 'batch';
  return parsed.scheme !== 'uscc';
}

function understoodFields(parsed: ParseResult): Record<string, string> {
  const out: Record<string, string> = {};
  const ai = aiOf(parsed);
  for (const [k, v] of Object.entries(ai)) out[`(${k})`] = String(v);
  for (const [k, v] of Object.entries(parsed.fields)) {
    if (k === 'ai' || k === 'url' || v === null || v === undefined || typeof v === 'object') continue;
    out[k] = String(v);
  }
  return out;
}

function emptyStory(parsed: ParseResult, kind: PublicStory['kind']): PublicStory {
  return {
    kind,
    code: { input: parsed.input, canonical: parsed.canonical, scheme: parsed.scheme },
    understood: { fields: understoodFields(parsed), errors: parsed.errors },
    category: null,
    product: null,
    producer: null,
    status: { recalled: false, expired: null, warnings: [], lookups: null },
    timeline: [],
    timelineOmitted: null,
    documents: [],
    integrity: null,
  };
}

/** The product, lot and extra identifiers a parsed code leads to through master data and issuances. */
async function resolveProduct(database: Database, parsed: ParseResult) {
  const db = database.db;
  const ai = aiOf(parsed);
  const canonical = parsed.canonical!;
  const extra: string[] = [];
  let product: repo.PublicProductRow | undefined;
  let lot: string | null = ai['10'] ?? null;
  if (parsed.fields.key === '01' && ai['01']) {
    const gtin = ai['01'];
    product = await repo.productByGtin(db, gtin);
    if (ai['21'] !== undefined && /^\d{1,15}$/.test(ai['21'])) {
      const issued = await repo.issuanceOf(db, 'gs1-sgtin', gtin, Number(ai['21']));
      if (issued) {
        product ??= issued.product;
        lot ??= issued.lot;
      }
    }
  } else if (parsed.scheme === 'platform-code' && typeof parsed.fields.serial === 'number') {
    const value = canonical.slice(canonical.lastIndexOf(':') + 1);
    const issued = await repo.issuanceOf(db, 'platform-code', value.slice(0, 7), parsed.fields.serial);
    if (issued) {
      product = issued.product;
      lot = issued.lot;
    }
  }
  product ??= await repo.productByPrefix(db, canonical);
  // A piece of special equipment names its product in the equipment register (设备代码 → product).
  if (!product && parsed.scheme === 'equipment-code') product = await repo.productOfEquipment(db, canonical);
  // A serialised GS1 item also belongs to its lot: class-level events (harvest, test, certificate) name GTIN + lot.
  if (lot && ai['01']) extra.push(lotCanonical(ai['01'], lot));
  return { product, lot, extra };
}

function placeOf(
  division: string | null,
  names: Map<string, { zh: string; en: string }>,
): PublicPlace | null {
  if (!division) return null;
  const n = names.get(division);
  return n ? { division, name: { 'zh-CN': n.zh, en: n.en } } : null;
}

/** Builds the story (without the lookup line) from the store. */
async function buildStory(
  database: Database,
  parsed: ParseResult,
  now: number,
): Promise<{
  story: PublicStory;
  identifierIds: number[];
  canonicals: string[];
}> {
  const db = database.db;
  const resolved = await resolveProduct(database, parsed);
  const { product, extra } = resolved;
  const canonicals = [parsed.canonical!, ...extra];
  const gtin = aiOf(parsed)['01'];
  let lot = resolved.lot;
  const collect = async (names: string[]) => {
    const own = await repo.identifierIds(db, names);
    const related = await repo.relatedIdentifierIds(db, own);
    const ids = [...own, ...related];
    const { rows, whole } = await repo.eventsNaming(db, ids);
    const decode = (r: repo.StoryEventRow) => ({
      ...r,
      // The stored text as read (SQLite) lets the integrity check reuse its hash of an unchanged document.
      stored: typeof r.doc === 'string' ? r.doc : null,
      doc: database.dialect.decodeJson<Obj>(r.doc),
    });
    // A long life's story leaves events out; its status still reads them.
    const leftOut = whole
      ? []
      : await repo.statusEventsLeftOut(
          db,
          ids,
          rows.map((r) => r.pk),
        );
    return { ids, events: rows.map(decode), whole, leftOut: leftOut.map(decode) };
  };
  let { ids, events, whole, leftOut } = await collect(canonicals);
  // The lot the commissioning event's ILMD gives (EPCIS 2.0 §7.3.6, CBV `cbvmda:lotNumber`) is the item's batch,
  // whatever its scheme (a drug trace code carries no lot of its own). A GS1 serial also belongs to that lot's
  // events (harvest, tests, certificates).
  if (!lot) {
    lot =
      events.map((e) => (e.bizStep === 'commissioning' ? ilmdLot(e.doc) : null)).find((x) => x !== null) ??
      null;
    if (lot && gtin) {
      canonicals.push(lotCanonical(gtin, lot));
      ({ ids, events, whole, leftOut } = await collect(canonicals));
    }
  }

  const platformCategory = PLATFORM_CATEGORY[String(parsed.fields.category ?? '')];
  const category =
    product?.category ??
    events.find((e) => e.category)?.category ??
    SCHEME_CATEGORY[parsed.scheme] ??
    platformCategory ??
    null;
  if (!product && events.length === 0)
    return { story: emptyStory(parsed, 'unknown'), identifierIds: ids, canonicals };

  const projection: CategoryProjection = projectionFor(category);
  const story = emptyStory(parsed, projection.restricted ? 'restricted' : 'found');
  story.category = category;
  if (projection.restricted) return { story, identifierIds: ids, canonicals };

  // The producer is who made the item: the party that commissioned its code (CBV 2.0 §7.1 `commissioning`), e.g.
  // the drug manufacturer even where a wholesaler registered the product; else the product's owner, else whoever
  // recorded first.
  const producerId =
    events.find((e) => e.bizStep === 'commissioning')?.recorderOrgId ??
    product?.orgId ??
    events[0]?.recorderOrgId ??
    null;
  const orgs = await repo.orgsById(db, [
    ...(producerId !== null ? [producerId] : []),
    ...events.map((e) => e.recorderOrgId),
  ]);
  const locations = await repo.locationDivisions(
    db,
    events.flatMap((e) => [e.bizLocation, e.readPoint]).filter((x): x is string => x !== null),
  );
  const divisionOfEvent = (e: (typeof events)[number]) =>
    (e.bizLocation && locations.get(e.bizLocation)) ||
    (e.readPoint && locations.get(e.readPoint)) ||
    orgs.get(e.recorderOrgId)?.divisionCode ||
    null;
  const producer = producerId !== null ? orgs.get(producerId) : undefined;
  const names = await repo.divisionNames(db, [
    ...events.map(divisionOfEvent).filter((x): x is string => x !== null),
    ...(producer?.divisionCode ? [producer.divisionCode] : []),
  ]);

  // Status reads every event, whatever the projection shows: a recall or a failed test is always the public's business.
  // An open recall (recall module) covering the code or its lot, or a CBV `recalled` disposition in its events.
  const recalls = await Promise.all(canonicals.map((c) => recallStatus(db, c)));
  const lifeEvents = leftOut.length > 0 ? [...events, ...leftOut] : events;
  const recalled =
    recalls.some((r) => r.status === 'recalled') || lifeEvents.some((e) => e.disposition === 'recalled');
  const warnings: StatusWarning[] = [];
  const prefixesOf = new Map(lifeEvents.map((e) => [e.pk, projectPrefixes(e.doc)]));
  if (
    lifeEvents.some((e) =>
      RESULT_ELEMENTS.some((n) => elementValues(e.doc, n, prefixesOf.get(e.pk)).includes('fail')),
    )
  ) {
    warnings.push('failed-sampling');
  }
  const today = isoDay(now);
  const batch = product && lot ? await repo.batchFacts(db, product.id, lot) : undefined;
  const expiry =
    (aiOf(parsed)['17'] ? gs1Date(aiOf(parsed)['17']!) : null) ??
    batch?.expiresOn ??
    events.map((e) => ilmdExpiry(e.doc)).find((x) => x !== null) ??
    null;
  story.status = { recalled, expired: expiry && expiry < today ? expiry : null, warnings, lookups: null };

  if (projection.product) {
    story.product = product
      ? {
          name: product.name,
          nameEn: product.nameEn,
          item: product.item,
          gtin: product.gtin,
          batch: lot,
          expiry,
        }
      : null;
  }
  if (projection.producer && producer) {
    const licences = await repo.licencesOf(db, producer.id, today);
    if (licences.length === 0) {
      for (const e of events.filter((x) => x.recorderOrgId === producer.id)) {
        for (const n of LICENCE_ELEMENTS) {
          for (const v of elementValues(e.doc, n, prefixesOf.get(e.pk))) {
            if (!licences.some((l) => l.number === v))
              licences.push({ type: n.replace(/No$/, ''), number: v });
          }
        }
      }
    }
    const certifications = product ? await repo.certificationsOf(db, product.id, today) : [];
    story.producer = {
      name: producer.name,
      nameEn: producer.nameEn,
      division: placeOf(producer.divisionCode, names),
      uscc: producer.uscc,
      licences,
      certifications,
      credit: null,
    };
  }

  const shown = events.filter((e) =>
    projection.timeline === 'all'
      ? true
      : projection.timeline === 'producer-only'
        ? e.recorderOrgId === producerId
        : false,
  );
  story.timeline = shown.map((e): TimelineEntry => {
    const { stage, label } = stageOf(category, e.bizStep, prefixesOf.get(e.pk) ?? []);
    const org = orgs.get(e.recorderOrgId);
    const named = projection.partnerNames || e.recorderOrgId === producerId;
    return {
      stage,
      label,
      time: new Date(e.eventTime).toISOString(),
      place: placeOf(divisionOfEvent(e), names),
      organisation: named && org ? org.name : null,
    };
  });

  // A long life's story left steps out between its first and its latest ones (repo.eventsNaming): say how many, of
  // the steps this projection shows.
  if (
    !whole &&
    (projection.timeline === 'all' || (projection.timeline === 'producer-only' && producerId !== null))
  ) {
    const all = await repo.countEventsNaming(
      db,
      ids,
      projection.timeline === 'producer-only' ? (producerId ?? undefined) : undefined,
    );
    const head = new Set(events.slice(0, repo.STORY_FIRST_EVENTS).map((e) => e.pk));
    if (all > shown.length)
      story.timelineOmitted = {
        after: shown.filter((e) => head.has(e.pk)).length,
        count: all - shown.length,
      };
  }

  story.integrity = await checkIntegrity(database, shown);

  if (projection.documents) {
    const docs: PublicDocument[] = [];
    const seen = new Set<string>();
    const add = (d: PublicDocument) => {
      const key = `${d.kind}:${d.number}`;
      if (!seen.has(key)) {
        seen.add(key);
        docs.push(d);
      }
    };
    for (const c of batch?.certificates ?? [])
      add({ kind: 'certificate', number: c.number, date: c.issuedOn });
    for (const e of shown) {
      for (const [element, kind] of Object.entries(DOCUMENT_ELEMENTS)) {
        for (const v of elementValues(e.doc, element, prefixesOf.get(e.pk)))
          add({ kind, number: v, date: isoDay(e.eventTime) });
      }
    }
    story.documents = docs;
  }
  return { story, identifierIds: ids, canonicals };
}

/** Builds a story and keeps it, unless an invalidation overtook the build (see story-cache.ts). */
async function buildAndKeep(database: Database, parsed: ParseResult, now: number): Promise<PublicStory> {
  await storyBaseline(database, (e) => report(database, e));
  const generation = storyGeneration(database);
  const built = await buildStory(database, parsed, now);
  rememberStory(
    database,
    parsed.canonical!,
    built.story,
    built.identifierIds,
    built.canonicals,
    now,
    generation,
  );
  return built.story;
}

/** Builds in progress per database and code: concurrent first lookups of one code share one build. */
const building = new WeakMap<Database, Map<string, Promise<PublicStory>>>();

/** Reports failures of work done off the request path (background rebuilds, lookup-log writes). */
const reporters = new WeakMap<Database, (error: unknown) => void>();

/** Where failures off the request path go (the server's logger); background work is retried, never lost. */
export function onStoryErrors(database: Database, report: (error: unknown) => void): void {
  reporters.set(database, report);
  onLookupLogError(database, report);
}

function report(database: Database, error: unknown): void {
  (reporters.get(database) ?? ((e) => process.emitWarning(`public story: ${(e as Error).message}`)))(error);
}

const reportersBound = new WeakMap<Database, (error: unknown) => void>();

/** {@link report} bound to a database, made once (passed on every request's cache check). */
function reporterOf(database: Database): (error: unknown) => void {
  let bound = reportersBound.get(database);
  if (!bound) {
    bound = (e) => report(database, e);
    reportersBound.set(database, bound);
  }
  return bound;
}

/** Starts the background rebuild of a stale story (at most a few at once; the stale one is served meanwhile). */
function refreshStory(database: Database, parsed: ParseResult): void {
  refreshInBackground(
    database,
    parsed.canonical!,
    async () => void (await buildAndKeep(database, parsed, Date.now())),
    (e) => report(database, e),
  );
}

/** The shared story of a valid code: cached (a stale one is rebuilt in the background), or built once. */
async function sharedStory(database: Database, parsed: ParseResult, now: number): Promise<PublicStory> {
  const canonical = parsed.canonical!;
  const hit = cachedStory(database, canonical, now, (e) => report(database, e));
  if (hit) {
    if (hit.stale) refreshStory(database, parsed);
    return hit.story;
  }
  let inFlight = building.get(database);
  if (!inFlight) {
    inFlight = new Map();
    building.set(database, inFlight);
  }
  const running = inFlight.get(canonical);
  if (running) return running;
  const build = buildAndKeep(database, parsed, now).finally(() => inFlight.delete(canonical));
  inFlight.set(canonical, build);
  return build;
}

/** Division names by code, per database: seed data read once per division a lookup line names. */
interface DivisionPlaces {
  reading: Map<string, Promise<PublicPlace | null>>;
  known: Map<string, PublicPlace | null>;
}
const divisionNameCache = new WeakMap<Database, DivisionPlaces>();

function divisionPlacesOf(database: Database): DivisionPlaces {
  let m = divisionNameCache.get(database);
  if (!m) {
    m = { reading: new Map(), known: new Map() };
    divisionNameCache.set(database, m);
  }
  return m;
}

async function divisionPlace(database: Database, division: string | null): Promise<PublicPlace | null> {
  if (!division) return null;
  const m = divisionPlacesOf(database);
  const known = m.known.get(division);
  if (known !== undefined) return known;
  let place = m.reading.get(division);
  if (!place) {
    place = repo.divisionNames(database.db, [division]).then((names) => {
      const found = placeOf(division, names);
      m.known.set(division, found);
      return found;
    });
    // A failed read is not remembered.
    place.catch(() => undefined).finally(() => m.reading.delete(division));
    m.reading.set(division, place);
  }
  return place;
}

/** The lookup row of this request (its place rounded, as lookups.ts decides). */
function lookupRow(canonical: string, options: StoryOptions, now: number): LookupRow {
  const place = options.place ? coarsePlace(options.place.lat, options.place.lon) : null;
  return {
    code: canonical,
    at: now,
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    divisionCode: place ? countyOf(place) : null,
  };
}

/**
 * What a found story's lookup line is made of: the code's lookup summary and the place of its first lookup; null
 * when the story shows no lookup line (not found, or a category whose projection hides it).
 */
type LookupLine = { summary: LookupSummary; place: PublicPlace | null } | null;

/** The status of a story for this request, from its lookup line. */
function statusFrom(story: PublicStory, isItem: boolean, line: LookupLine): PublicStory['status'] {
  const status = { ...story.status, warnings: [...story.status.warnings] };
  if (!line) return status;
  const { summary, place } = line;
  status.lookups = {
    count: summary.count,
    first: summary.first ? { time: new Date(summary.first.at).toISOString(), place } : null,
  };
  if (isItem && looksCopied(summary.placed)) status.warnings.push('copied-code');
  return status;
}

/**
 * The lookup line of a story for this request: records the lookup when asked, then reads the lookup log's in-memory
 * summary (lookup-buffer.ts) for the "looked up N times" line and the copied-code warning.
 */
async function lookupLineOf(
  database: Database,
  story: PublicStory,
  canonical: string,
  options: StoryOptions,
  now: number,
): Promise<LookupLine> {
  if (story.kind !== 'found') return null;
  if (options.record) await recordLookup(database, lookupRow(canonical, options, now));
  if (!projectionFor(story.category).lookups) return null;
  const summary = await lookupSummaryOf(database, canonical, now);
  return { summary, place: await divisionPlace(database, summary.first?.divisionCode ?? null) };
}

/**
 * {@link lookupLineOf} when everything it needs is in memory (the usual case for a code looked up before): the same
 * line, without waiting; undefined, with nothing recorded, when something must be read or written first.
 */
function lookupLineNow(
  database: Database,
  story: PublicStory,
  canonical: string,
  options: StoryOptions,
  now: number,
): LookupLine | undefined {
  if (story.kind !== 'found') return null;
  const row = options.record ? lookupRow(canonical, options, now) : null;
  const lookups = projectionFor(story.category).lookups;
  if (lookups) {
    const first = firstLookupNow(database, canonical, now);
    if (first === undefined) return undefined;
    // The first lookup is the stored first one, or this one when the code was never looked up.
    const firstDivision = first ? first.divisionCode : (row?.divisionCode ?? null);
    if (firstDivision && !divisionPlacesOf(database).known.has(firstDivision)) return undefined;
  }
  if (row && !recordLookupNow(database, row)) return undefined;
  if (!lookups) return null;
  const summary = lookupSummaryNow(database, canonical, now)!;
  const division = summary.first?.divisionCode;
  return { summary, place: division ? (divisionPlacesOf(database).known.get(division) ?? null) : null };
}

/** The shared story as this request sees it: the code as typed and what was understood of it. */
function asTyped(story: PublicStory, parsed: ParseResult): PublicStory {
  return {
    ...story,
    code: { ...story.code, input: parsed.input },
    understood: { fields: understoodFields(parsed), errors: [] },
  };
}

/**
 * The public story of any code, as typed or scanned. Never throws for bad input: an invalid or unknown code is a
 * story of its own kind, saying what was understood. Records the lookup when asked.
 */
export async function publicStory(
  database: Database,
  input: string,
  options: StoryOptions = {},
): Promise<PublicStory> {
  const now = options.now ?? Date.now();
  const parsed = parse(input);
  if (!parsed.valid || !parsed.canonical) return emptyStory(parsed, 'invalid');
  const story = asTyped(await sharedStory(database, parsed, now), parsed);
  return {
    ...story,
    status: statusFrom(
      story,
      itemLevel(parsed),
      await lookupLineOf(database, story, parsed.canonical, options, now),
    ),
  };
}

/** HTTP status of a story's reply. */
export function storyHttpStatus(story: Pick<PublicStory, 'kind'>): 200 | 400 | 404 {
  return story.kind === 'invalid' ? 400 : story.kind === 'unknown' ? 404 : 200;
}

/** A story serialised but for its status, for one way of typing a code (see {@link publicStoryJson}). */
interface SerialisedStory {
  story: PublicStory;
  /** The code as parsed (for the story's rebuild when it is stale). */
  parsed: ParseResult;
  canonical: string;
  isItem: boolean;
  /** The JSON before and after the status, as the bytes sent (ASCII text). */
  head: Buffer;
  tail: Buffer;
  /** The status's text but for the lookup count, for the lookup line it was made from (see {@link statusText}). */
  status?: {
    line: boolean;
    first: LookupSummary['first'];
    place: PublicPlace | null;
    copied: boolean;
    before: string;
    after: string;
  };
}

/** The JSON answer of the public story API. */
export interface StoryJson {
  statusCode: 200 | 400 | 404;
  /**
   * JSON text, ASCII only (lib/json.ts asciiJson), as bytes: a kept story's parts are copied once into the answer,
   * where a string would be joined, flattened and encoded again on its way to the socket (three copies of a few KB
   * per lookup, two of them on the JavaScript heap).
   */
  body: Buffer;
}

/** Serialised stories per database, keyed by the code as typed. */
const serialised = new WeakMap<Database, Map<string, SerialisedStory>>();
const MAX_SERIALISED = 10_000;
/** Typed codes longer than this are answered but not kept (no code of any scheme is this long). */
const MAX_KEPT_INPUT = 512;
const STATUS_MARK = '\u0000zs-story-status\u0000';
const COUNT_MARK = '\u0000zs-lookup-count\u0000';

/**
 * The JSON of GET /api/public/codes/{code}: the same content as {@link publicStory}, without re-parsing the code or
 * re-serialising the story on every request. The story's JSON is kept per code as typed, split around its status,
 * and reused while the story cache holds the same story (a capture, a recall or a rebuild replaces it, and the JSON
 * with it); only the status — the lookup line — is serialised per request. Answers without waiting (no promise)
 * when the story, its JSON and the code's lookup figures are all in memory, as they are for a code looked up before.
 */
export function publicStoryJson(
  database: Database,
  input: string,
  options: StoryOptions = {},
): StoryJson | Promise<StoryJson> {
  const now = options.now ?? Date.now();
  const entry = serialised.get(database)?.get(input);
  if (entry) {
    const hit = cachedStory(database, entry.canonical, now, reporterOf(database));
    if (hit?.story === entry.story) {
      // A stale story is served from its kept JSON while it is rebuilt; the rebuild replaces story and JSON.
      if (hit.stale) refreshStory(database, entry.parsed);
      const line = lookupLineNow(database, entry.story, entry.canonical, options, now);
      if (line !== undefined) return answer(entry, line);
    }
  }
  return publicStoryJsonLater(database, input, options, now);
}

function answer(entry: SerialisedStory, line: LookupLine): StoryJson {
  return {
    statusCode: storyHttpStatus(entry.story),
    body: joined(entry.head, statusText(entry, line), entry.tail),
  };
}

/** `head`, then the ASCII text `middle`, then `tail`, in one buffer. */
function joined(head: Buffer, middle: string, tail: Buffer): Buffer {
  const body = Buffer.allocUnsafe(head.length + middle.length + tail.length);
  head.copy(body, 0);
  body.write(middle, head.length, 'latin1');
  tail.copy(body, head.length + middle.length);
  return body;
}

/** ASCII JSON text as the bytes sent. */
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/**
 * The status's JSON text for a lookup line. Between two lookups of a code only the count changes: the text around
 * it is kept on the entry and made again when the first lookup, its place or the copied-code warning changes.
 */
function statusText(entry: SerialisedStory, line: LookupLine): string {
  const first = line?.summary.first ?? null;
  const place = line?.place ?? null;
  const copied = line !== null && entry.isItem && looksCopied(line.summary.placed);
  let kept = entry.status;
  if (
    !kept ||
    kept.line !== (line !== null) ||
    kept.first !== first ||
    kept.place !== place ||
    kept.copied !== copied
  ) {
    const marked = line && { ...line, summary: { ...line.summary, count: COUNT_MARK as unknown as number } };
    const parts = asciiJson(statusFrom(entry.story, entry.isItem, marked)).split(asciiJson(COUNT_MARK));
    // The mark also occurs in the content: serialise this status whole.
    if (parts.length !== (line ? 2 : 1)) return asciiJson(statusFrom(entry.story, entry.isItem, line));
    kept = { line: line !== null, first, place, copied, before: parts[0]!, after: parts[1] ?? '' };
    entry.status = kept;
  }
  return line ? `${kept.before}${line.summary.count}${kept.after}` : kept.before;
}

async function publicStoryJsonLater(
  database: Database,
  input: string,
  options: StoryOptions,
  now: number,
): Promise<StoryJson> {
  let kept = serialised.get(database);
  if (!kept) {
    kept = new Map();
    serialised.set(database, kept);
  }
  let entry = kept.get(input);
  if (entry) {
    const hit = cachedStory(database, entry.canonical, now, reporterOf(database));
    if (hit?.story !== entry.story) entry = undefined;
    else if (hit.stale) refreshStory(database, entry.parsed);
  }
  if (!entry) {
    const parsed = parse(input);
    if (!parsed.valid || !parsed.canonical) {
      const story = emptyStory(parsed, 'invalid');
      return { statusCode: 400, body: ascii(asciiJson(story)) };
    }
    const shared = await sharedStory(database, parsed, now);
    const parts = asciiJson({ ...asTyped(shared, parsed), status: STATUS_MARK }).split(
      asciiJson(STATUS_MARK),
    );
    const isItem = itemLevel(parsed);
    if (parts.length !== 2) {
      // The mark also occurs in the content (a code typed with it): serialise this answer whole.
      const story = asTyped(shared, parsed);
      const line = await lookupLineOf(database, shared, parsed.canonical, options, now);
      return {
        statusCode: storyHttpStatus(shared),
        body: ascii(asciiJson({ ...story, status: statusFrom(shared, isItem, line) })),
      };
    }
    entry = {
      story: shared,
      parsed,
      canonical: parsed.canonical,
      isItem,
      head: ascii(parts[0]!),
      tail: ascii(parts[1]!),
    };
    if (input.length <= MAX_KEPT_INPUT) {
      kept.delete(input);
      if (kept.size >= MAX_SERIALISED) {
        const oldest = kept.keys().next().value;
        if (oldest !== undefined) kept.delete(oldest);
      }
      kept.set(input, entry);
    }
  }
  return answer(entry, await lookupLineOf(database, entry.story, entry.canonical, options, now));
}
