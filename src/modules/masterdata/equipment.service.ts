/**
 * The special-equipment register: elevators, vehicle gas cylinders and mobile pressure vessels, each named by its
 * 设备代码 (TSG 08-2017) or a GS1 key, with owner, location and due dates the profile checks read.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Scope, visibleTo } from '../access/index.js';
import { findItem } from '../catalogue/index.js';
import { parse as parseCode } from '../codes/index.js';
import { checkDate, checkText, notVisible, Problems } from './masterdata.errors.js';
import { assertOwner, likePattern, page } from './scope-guard.js';

/** A registered piece of equipment. */
export interface Equipment {
  id: number;
  orgId: number;
  productId: number | null;
  item: string;
  identifier: string;
  useRegistrationNo: string | null;
  locationId: number | null;
  nextInspectionOn: string | null;
  nextMaintenanceOn: string | null;
  nominalPressureMPa: number | null;
  createdAt: string;
}

/** What it takes to register equipment. */
export interface NewEquipment {
  item: string;
  /** 设备代码 or a GS1 key (GIAI, SGTIN) as printed or scanned. */
  code: string;
  productId?: number | null;
  useRegistrationNo?: string | null;
  locationId?: number | null;
  nextInspectionOn?: string | null;
  nextMaintenanceOn?: string | null;
  nominalPressureMPa?: number | null;
}

type Row = Record<string, unknown>;
const toEquipment = (r: Row): Equipment => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  productId: r.product_id == null ? null : Number(r.product_id),
  item: String(r.item),
  identifier: String(r.identifier),
  useRegistrationNo: (r.use_registration_no as string | null) ?? null,
  locationId: r.location_id == null ? null : Number(r.location_id),
  nextInspectionOn: (r.next_inspection_on as string | null) ?? null,
  nextMaintenanceOn: (r.next_maintenance_on as string | null) ?? null,
  nominalPressureMPa: r.nominal_pressure_mpa == null ? null : Number(r.nominal_pressure_mpa),
  createdAt: new Date(Number(r.created_at)).toISOString(),
});

/** Registers equipment the caller's organisation owns. */
export async function createEquipment(
  db: Kysely<DB>,
  scope: Scope,
  input: NewEquipment,
  now = Date.now(),
): Promise<Equipment> {
  assertOwner(scope, 'equipment');
  const problems = new Problems();
  const item = findItem(input.item);
  if (item?.category !== 'EQUIP') {
    problems.add(
      item ? 'MASTERDATA_WRONG_CATEGORY' : 'MASTERDATA_UNKNOWN_ITEM',
      '/item',
      `item ${JSON.stringify(input.item)} is not special equipment; use EQUIP_ELEVATOR, EQUIP_VEHICLE_CYLINDER or EQUIP_MOBILE_PRESSURE_VESSEL.`,
    );
  }
  const parsed = typeof input.code === 'string' ? parseCode(input.code) : null;
  if (!parsed?.valid || !parsed.canonical) {
    const why = parsed ? parsed.errors.map((e) => e.message).join('; ') : 'it is not a string';
    problems.add(
      'MASTERDATA_BAD_EQUIPMENT_CODE',
      '/code',
      `code ${JSON.stringify(input.code)} is not a valid 设备代码 or GS1 key: ${why}`,
    );
  }
  if (input.productId != null) {
    const product = await db
      .selectFrom('products')
      .select(['item'])
      .where('id', '=', input.productId)
      .where('org_id', '=', scope.orgId)
      .executeTakeFirst();
    if (!product)
      problems.add(
        'MASTERDATA_UNKNOWN_PRODUCT',
        '/productId',
        `product ${input.productId} is not one of your products.`,
      );
    else if (product.item !== input.item)
      problems.add(
        'MASTERDATA_WRONG_CATEGORY',
        '/productId',
        `product ${input.productId} is ${product.item ?? 'without an item'}, not ${input.item}.`,
      );
  }
  if (input.locationId != null) {
    const loc = await db
      .selectFrom('locations')
      .select('id')
      .where('id', '=', input.locationId)
      .where('org_id', '=', scope.orgId)
      .executeTakeFirst();
    if (!loc)
      problems.add(
        'MASTERDATA_UNKNOWN_LOCATION',
        '/locationId',
        `location ${input.locationId} is not one of your locations.`,
      );
  }
  checkText(problems, '/useRegistrationNo', input.useRegistrationNo ?? undefined, false, 64);
  checkDate(problems, '/nextInspectionOn', input.nextInspectionOn ?? undefined, false);
  checkDate(problems, '/nextMaintenanceOn', input.nextMaintenanceOn ?? undefined, false);
  const p = input.nominalPressureMPa;
  if (p != null && (typeof p !== 'number' || !(p > 0) || p > 200))
    problems.add(
      'MASTERDATA_BAD_PRESSURE',
      '/nominalPressureMPa',
      `nominalPressureMPa must be a number in (0, 200], got ${JSON.stringify(p)}.`,
    );
  problems.throwIfAny();
  const row = await db
    .insertInto('equipment')
    .values({
      org_id: scope.orgId,
      product_id: input.productId ?? null,
      item: input.item,
      identifier: parsed!.canonical!,
      use_registration_no: input.useRegistrationNo ?? null,
      location_id: input.locationId ?? null,
      next_inspection_on: input.nextInspectionOn ?? null,
      next_maintenance_on: input.nextMaintenanceOn ?? null,
      nominal_pressure_mpa: p ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEquipment(row as unknown as Row);
}

/** Lists the equipment the scope may see. */
export async function listEquipment(
  db: Kysely<DB>,
  scope: Scope,
  q: { item?: string; dueBefore?: string; q?: string; limit?: number; offset?: number } = {},
): Promise<{ items: Equipment[]; total: number }> {
  let query = db
    .selectFrom('equipment')
    .selectAll()
    .where((eb) => visibleTo(eb, scope, { org: 'equipment.org_id' }));
  if (q.item) query = query.where('item', '=', q.item);
  if (q.dueBefore) query = query.where('next_inspection_on', '<', q.dueBefore);
  if (q.q) query = query.where('identifier', 'like', likePattern(q.q));
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const { limit, offset } = page(q);
  const rows = await query.orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { items: rows.map((r) => toEquipment(r as unknown as Row)), total: Number(total?.n ?? 0) };
}

/** One piece of equipment the scope may see. */
export async function getEquipment(db: Kysely<DB>, scope: Scope, id: number): Promise<Equipment> {
  const row = await db
    .selectFrom('equipment')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => visibleTo(eb, scope, { org: 'equipment.org_id' }))
    .executeTakeFirst();
  if (!row) throw notVisible('equipment', id);
  return toEquipment(row as unknown as Row);
}
