/**
 * EPCIS master data declared in a captured document's header (`epcisHeader.epcisMasterData.vocabularyList`,
 * EPCIS 2.0 §7.2, §9.3): every vocabulary element is kept as declared, and business locations and read points
 * also become locations the platform resolves to names, divisions and coordinates. Location attributes follow
 * CBV 2.0 §10 master-data attributes (`urn:epcglobal:cbv:mda#name` …; the `:` separator of CBV 1.x and the
 * Web-URI form `https://ref.gs1.org/cbv/…` are read too) plus the project's `division` and `locationKind`.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isRecord } from '../../lib/values.js';
import { ZS_NAMESPACE } from '../catalogue/index.js';
import { canonicalOrRaw } from './identifiers.js';
import { encodeJsonColumn } from './json-column.js';
import {
  checkCoordinates,
  type DeclaredLocation,
  LOCATION_KINDS,
  upsertDeclaredLocation,
} from './locations.service.js';
import { Problems } from './masterdata.errors.js';

type Obj = Record<string, unknown>;

const LOCATION_VTYPES = new Set([
  'urn:epcglobal:epcis:vtype:BusinessLocation',
  'urn:epcglobal:epcis:vtype:ReadPoint',
]);

/** The local name of a CBV master-data attribute id, or of a project attribute, else null. */
function attributeName(id: string): string | null {
  for (const p of [
    'urn:epcglobal:cbv:mda#',
    'urn:epcglobal:cbv:mda:',
    'https://ref.gs1.org/cbv/mda#',
    'https://gs1.org/voc/',
  ]) {
    if (id.startsWith(p)) return id.slice(p.length);
  }
  if (id.startsWith(ZS_NAMESPACE)) return `zs:${id.slice(ZS_NAMESPACE.length)}`;
  if (id.startsWith('zs:')) return id;
  return null;
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/** The vocabularies of a header, as declared; empty when it has none. */
export function vocabulariesOf(
  header: Readonly<Obj> | null | undefined,
): { type: string; elements: Obj[] }[] {
  const md = header?.epcisMasterData;
  if (!isRecord(md) || !Array.isArray(md.vocabularyList)) return [];
  return md.vocabularyList.filter(isRecord).map((v) => ({
    type: String(v.type),
    elements: Array.isArray(v.vocabularyElementList) ? v.vocabularyElementList.filter(isRecord) : [],
  }));
}

/**
 * The locations a header declares, checked: a division must be known (checked by the caller against the table),
 * coordinates must lie inside China. Problems carry JSON pointers into the document.
 */
export function declaredLocations(
  header: Readonly<Obj> | null | undefined,
  problems: Problems,
): { location: DeclaredLocation; path: string }[] {
  const out: { location: DeclaredLocation; path: string }[] = [];
  vocabulariesOf(header).forEach((voc, vi) => {
    if (!LOCATION_VTYPES.has(voc.type)) return;
    voc.elements.forEach((el, ei) => {
      const path = `/epcisHeader/epcisMasterData/vocabularyList/${vi}/vocabularyElementList/${ei}`;
      const attrs = new Map<string, unknown>();
      for (const a of Array.isArray(el.attributes) ? el.attributes.filter(isRecord) : []) {
        const name = typeof a.id === 'string' ? attributeName(a.id) : null;
        if (name) attrs.set(name, a.attribute);
      }
      const lat = attrs.has('latitude') ? num(attrs.get('latitude')) : null;
      const lon = attrs.has('longitude') ? num(attrs.get('longitude')) : null;
      if (attrs.has('latitude') || attrs.has('longitude'))
        checkCoordinates(problems, path, lat ?? attrs.get('latitude'), lon ?? attrs.get('longitude'));
      const kind = String(attrs.get('zs:locationKind') ?? 'other');
      const address = ['streetAddressOne', 'streetAddressTwo', 'city', 'state']
        .map((k) => attrs.get(k))
        .filter((v): v is string => typeof v === 'string')
        .join(' ');
      out.push({
        path,
        location: {
          identifier: canonicalOrRaw(String(el.id)),
          name: typeof attrs.get('name') === 'string' ? String(attrs.get('name')) : String(el.id),
          kind: (LOCATION_KINDS as readonly string[]).includes(kind) ? kind : 'other',
          divisionCode:
            typeof attrs.get('zs:division') === 'string' ? String(attrs.get('zs:division')) : null,
          address: address || null,
          latitude: lat,
          longitude: lon,
        },
      });
    });
  });
  return out;
}

/**
 * Stores the master data of a captured document inside the capture transaction: a bad location (unknown
 * division, coordinates outside China) rejects the whole capture with a problem naming its place in the header.
 */
export async function storeHeaderMasterData(
  trx: Transaction<DB>,
  orgId: number,
  header: Readonly<Obj> | null | undefined,
  now: number,
): Promise<number> {
  const vocabularies = vocabulariesOf(header);
  if (vocabularies.length === 0) return 0;
  const problems = new Problems();
  const locations = declaredLocations(header, problems);
  const divisions = [
    ...new Set(locations.map((l) => l.location.divisionCode).filter((d): d is string => d !== null)),
  ];
  const known = new Set(
    divisions.length === 0
      ? []
      : (await trx.selectFrom('divisions').select('code').where('code', 'in', divisions).execute()).map(
          (r) => r.code,
        ),
  );
  for (const { location, path } of locations) {
    if (location.divisionCode !== null && !known.has(location.divisionCode)) {
      problems.add(
        'MASTERDATA_UNKNOWN_DIVISION',
        path,
        `division ${JSON.stringify(location.divisionCode)} of ${location.identifier} is not a known GB/T 2260 division.`,
      );
    }
  }
  problems.throwIfAny();
  let count = 0;
  for (const voc of vocabularies) {
    for (const el of voc.elements) {
      const elementId = canonicalOrRaw(String(el.id));
      const values = {
        attributes: encodeJsonColumn(Array.isArray(el.attributes) ? el.attributes : []),
        children: encodeJsonColumn(Array.isArray(el.children) ? el.children : []),
        updated_at: now,
      };
      await trx
        .insertInto('vocabulary_elements')
        .values({ org_id: orgId, vtype: voc.type, element_id: elementId, ...values })
        .onConflict((oc) => oc.columns(['element_id', 'vtype', 'org_id']).doUpdateSet(values))
        .execute();
      count += 1;
    }
  }
  for (const { location } of locations) await upsertDeclaredLocation(trx, orgId, location, now);
  return count;
}
