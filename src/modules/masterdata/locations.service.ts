/**
 * Locations: farm plots, factories, warehouses, stalls, stores, hospitals, pharmacies, filling stations,
 * installation sites, magazines. Named in events by SGLN where they have one, else by
 * `urn:zhuisu:loc:<USCC>:<local id>` (DESIGN.md, "Naming parties and places"); each with its GB/T 2260
 * division and, where known, coordinates inside China.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Scope, visibleTo } from '../access/index.js';
import { parse as parseCode } from '../codes/index.js';
import { insideChina } from './geo.js';
import { checkText, notVisible, Problems } from './masterdata.errors.js';
import { assertOwner, likePattern, page, usccOf } from './scope-guard.js';

/** Kinds of location. */
export const LOCATION_KINDS = [
  'farm_plot',
  'farm',
  'pond',
  'factory',
  'slaughterhouse',
  'warehouse',
  'wholesale_market',
  'market_stall',
  'store',
  'hospital',
  'pharmacy',
  'filling_station',
  'installation_site',
  'magazine',
  'blasting_site',
  'port',
  'office',
  'other',
] as const;

/** A kind of location. */
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** A location as the platform shows it. */
export interface Location {
  id: number;
  orgId: number;
  identifier: string;
  name: string;
  kind: string;
  divisionCode: string | null;
  divisionName: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  source: string;
  createdAt: string;
}

/** What it takes to register a location: a GLN, or a local id under the organisation's USCC. */
export interface NewLocation {
  name: string;
  kind: string;
  divisionCode: string;
  gln?: string;
  localId?: string;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** Filters for listing locations. */
export interface LocationQuery {
  kind?: string;
  divisionCode?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

const LOCAL_ID = /^[A-Za-z0-9._-]{1,40}$/;

/** The identifier of a location named `localId` by the organisation with `uscc`. */
export const zhuisuLocation = (uscc: string, localId: string): string => `urn:zhuisu:loc:${uscc}:${localId}`;

type Row = Record<string, unknown>;

function toLocation(r: Row): Location {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    identifier: String(r.identifier),
    name: String(r.name),
    kind: String(r.kind),
    divisionCode: (r.division_code as string | null) ?? null,
    divisionName: (r.division_name as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    latitude: r.latitude == null ? null : Number(r.latitude),
    longitude: r.longitude == null ? null : Number(r.longitude),
    source: String(r.source),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

/** Records coordinate problems: both or neither, numbers, inside China. */
export function checkCoordinates(problems: Problems, base: string, lat: unknown, lon: unknown): void {
  if ((lat === undefined || lat === null) && (lon === undefined || lon === null)) return;
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    problems.add(
      'MASTERDATA_BAD_COORDINATES',
      `${base}/latitude`,
      `latitude and longitude must both be numbers, got ${JSON.stringify(lat)}, ${JSON.stringify(lon)}.`,
    );
    return;
  }
  if (!insideChina(lat, lon)) {
    problems.add(
      'MASTERDATA_COORDINATES_OUTSIDE_CHINA',
      `${base}/latitude`,
      `coordinates ${lat}, ${lon} (latitude, longitude; WGS-84) are not inside China.`,
    );
  }
}

/** Records a problem when a division code is not a known division. */
export async function checkDivision(
  db: Kysely<DB>,
  problems: Problems,
  path: string,
  code: unknown,
  required: boolean,
): Promise<void> {
  if (code === undefined || code === null) {
    if (required)
      problems.add('MASTERDATA_MISSING_FIELD', path, `${path.slice(1)} (GB/T 2260 division) is required.`);
    return;
  }
  const found =
    typeof code === 'string'
      ? await db.selectFrom('divisions').select('code').where('code', '=', code).executeTakeFirst()
      : undefined;
  if (!found) {
    problems.add(
      'MASTERDATA_UNKNOWN_DIVISION',
      path,
      `${JSON.stringify(code)} is not a known division (GB/T 2260).`,
    );
  }
}

/** Registers a location of the caller's organisation. */
export async function createLocation(
  db: Kysely<DB>,
  scope: Scope,
  input: NewLocation,
  now = Date.now(),
): Promise<Location> {
  assertOwner(scope, 'locations');
  const problems = new Problems();
  checkText(problems, '/name', input.name, true);
  if (!(LOCATION_KINDS as readonly string[]).includes(input.kind)) {
    problems.add(
      'MASTERDATA_BAD_KIND',
      '/kind',
      `kind ${JSON.stringify(input.kind)} is not one of ${LOCATION_KINDS.join(', ')}.`,
    );
  }
  await checkDivision(db, problems, '/divisionCode', input.divisionCode, true);
  checkCoordinates(problems, '', input.latitude, input.longitude);
  if (input.address !== undefined && input.address !== null)
    checkText(problems, '/address', input.address, false, 400);
  let identifier: string | null = null;
  if (input.gln) {
    const parsed = parseCode(input.gln);
    const key = (parsed.fields as { key?: string }).key;
    if (!parsed.valid || !parsed.canonical || (key !== '414' && parsed.scheme !== 'gln')) {
      const why = parsed.errors.map((e) => e.message).join('; ') || `it is read as ${parsed.scheme}`;
      problems.add(
        'MASTERDATA_BAD_GLN',
        '/gln',
        `gln ${JSON.stringify(input.gln)} is not a valid GLN or SGLN: ${why}`,
      );
    } else identifier = parsed.canonical;
  } else if (!input.localId || !LOCAL_ID.test(input.localId)) {
    problems.add(
      'MASTERDATA_BAD_LOCAL_ID',
      '/localId',
      `a location without a GLN needs localId of 1–40 letters, digits, dot, dash or underscore, got ${JSON.stringify(input.localId)}.`,
    );
  }
  problems.throwIfAny();
  if (identifier === null) {
    const uscc = await usccOf(db, scope.orgId);
    if (!uscc) missingUscc();
    identifier = zhuisuLocation(uscc, input.localId!);
  }
  const row = await db
    .insertInto('locations')
    .values({
      org_id: scope.orgId,
      identifier,
      name: input.name.trim(),
      kind: input.kind,
      division_code: input.divisionCode,
      address: input.address ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      source: 'api',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getLocation(db, scope, Number(row.id));
}

function missingUscc(): never {
  const p = new Problems();
  p.add('MASTERDATA_GLN_REQUIRED', '/gln', 'Your organisation has no USCC, so its locations need a GLN.');
  p.throwIfAny();
  throw new Error('unreachable');
}

function baseQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('locations')
    .leftJoin('divisions', 'divisions.code', 'locations.division_code')
    .selectAll('locations')
    .select('divisions.name_zh as division_name')
    .where((eb) => visibleTo(eb, scope, { org: 'locations.org_id' }));
}

/** One location the scope may see. */
export async function getLocation(db: Kysely<DB>, scope: Scope, id: number): Promise<Location> {
  const row = await baseQuery(db, scope).where('locations.id', '=', id).executeTakeFirst();
  if (!row) throw notVisible('location', id);
  return toLocation(row as unknown as Row);
}

/** Lists the locations the scope may see, newest first. */
export async function listLocations(
  db: Kysely<DB>,
  scope: Scope,
  q: LocationQuery = {},
): Promise<{ items: Location[]; total: number }> {
  let query = baseQuery(db, scope);
  if (q.kind) query = query.where('locations.kind', '=', q.kind);
  if (q.divisionCode) query = query.where('locations.division_code', '=', q.divisionCode);
  if (q.q) {
    const like = likePattern(q.q);
    query = query.where((eb) =>
      eb.or([eb('locations.name', 'like', like), eb('locations.identifier', 'like', like)]),
    );
  }
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const { limit, offset } = page(q);
  const rows = await query.orderBy('locations.id', 'desc').limit(limit).offset(offset).execute();
  return { items: rows.map((r) => toLocation(r as unknown as Row)), total: Number(total?.n ?? 0) };
}

/** What the platform knows about a place named in events (public facts: name, division, coordinates). */
export interface ResolvedLocation {
  identifier: string;
  name: string;
  kind: string;
  divisionCode: string | null;
  divisionName: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Resolves location identifiers (canonical, as events store them) to names, divisions and coordinates. */
export async function resolveLocations(
  db: Kysely<DB>,
  identifiers: readonly string[],
): Promise<Map<string, ResolvedLocation>> {
  const out = new Map<string, ResolvedLocation>();
  const wanted = [...new Set(identifiers)];
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom('locations')
      .leftJoin('divisions', 'divisions.code', 'locations.division_code')
      .select([
        'locations.identifier',
        'locations.name',
        'locations.kind',
        'locations.division_code',
        'divisions.name_zh as division_name',
        'locations.latitude',
        'locations.longitude',
      ])
      .where('locations.identifier', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      out.set(r.identifier, {
        identifier: r.identifier,
        name: r.name,
        kind: r.kind,
        divisionCode: r.division_code,
        divisionName: r.division_name ?? null,
        latitude: r.latitude == null ? null : Number(r.latitude),
        longitude: r.longitude == null ? null : Number(r.longitude),
      });
    }
  }
  return out;
}

/** A location declared in an EPCIS master-data vocabulary, already validated. */
export interface DeclaredLocation {
  identifier: string;
  name: string;
  kind: string;
  divisionCode: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * Stores or updates a location declared in a captured document. The organisation that registered a location
 * first owns it; another organisation's declaration of the same identifier does not overwrite it.
 */
export async function upsertDeclaredLocation(
  trx: Transaction<DB>,
  orgId: number,
  loc: DeclaredLocation,
  now: number,
): Promise<void> {
  const existing = await trx
    .selectFrom('locations')
    .select(['id', 'org_id'])
    .where('identifier', '=', loc.identifier)
    .executeTakeFirst();
  if (existing && Number(existing.org_id) !== orgId) return;
  const values = {
    name: loc.name,
    kind: loc.kind,
    division_code: loc.divisionCode,
    address: loc.address,
    latitude: loc.latitude,
    longitude: loc.longitude,
    updated_at: now,
  };
  if (existing) {
    await trx.updateTable('locations').set(values).where('id', '=', existing.id).execute();
    return;
  }
  await trx
    .insertInto('locations')
    .values({ ...values, org_id: orgId, identifier: loc.identifier, source: 'epcis', created_at: now })
    .execute();
}
