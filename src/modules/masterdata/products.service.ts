/** Products: what an organisation makes or trades. Every read takes the caller's scope. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { CATEGORY_CODES, isCategoryCode, type Scope, visibleTo } from '../access/index.js';
import { checkElementValue, findElement, findItem, itemsOf } from '../catalogue/index.js';
import {
  parse as parseCode,
  validateDrugApprovalNumber,
  validatePesticideRegistrationNumber,
  validateVetDrugApprovalNumber,
} from '../codes/index.js';
import { decodeJsonColumn, encodeJsonColumn } from './json-column.js';
import { checkText, notOwner, Problems } from './masterdata.errors.js';

/** Label data of a product that the profile checks use. */
export interface ProductAttributes {
  /** 安全间隔期 of a pesticide, in days (from its label). */
  safetyIntervalDays?: number;
  /** 休药期 of a veterinary drug, in days (from its label). */
  withdrawalDays?: number;
  /** Active ingredients (有效成分) of a pesticide, checked against the banned list. */
  activeIngredients?: string[];
}

/** A product as the platform shows it. */
export interface Product {
  id: number;
  orgId: number;
  orgName: string;
  orgDivision: string | null;
  name: string;
  nameEn: string | null;
  category: string;
  item: string | null;
  gtin: string | null;
  registrationNo: string | null;
  attributes: ProductAttributes;
  codePrefixes: string[];
  createdAt: string;
  updatedAt: string;
}

/** What it takes to register a product. */
export interface NewProduct {
  name: string;
  nameEn?: string | null;
  category: string;
  item?: string | null;
  gtin?: string | null;
  registrationNo?: string | null;
  attributes?: ProductAttributes;
  /** Canonical prefixes of the class-level codes that name the product (e.g. a 药品标识码). */
  codePrefixes?: string[];
}

/** Filters for listing products. */
export interface ProductQuery {
  category?: string;
  item?: string;
  orgId?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

type Row = Record<string, unknown>;

function toProduct(row: Row, prefixes: string[]): Product {
  const attrs = decodeJsonColumn<ProductAttributes>(row.attributes);
  return {
    id: Number(row.id),
    orgId: Number(row.org_id),
    orgName: String(row.org_name),
    orgDivision: (row.org_division as string | null) ?? null,
    name: String(row.name),
    nameEn: (row.name_en as string | null) ?? null,
    category: String(row.category),
    item: (row.item as string | null) ?? null,
    gtin: (row.gtin as string | null) ?? null,
    registrationNo: (row.registration_no as string | null) ?? null,
    attributes: attrs ?? {},
    codePrefixes: prefixes,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

function baseQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('products')
    .innerJoin('organisations', 'organisations.id', 'products.org_id')
    .selectAll('products')
    .select(['organisations.name as org_name', 'organisations.division_code as org_division'])
    .where((eb) => visibleTo(eb, scope, { org: 'products.org_id', category: 'products.category' }));
}

// Which validator of the codes module (or element of the catalogue) a registration number of an item must pass.
function registrationProblems(item: string, value: string): string[] {
  if (item === 'INPUT_PESTICIDE') return validatePesticideRegistrationNumber(value).map((e) => e.message);
  if (item === 'INPUT_VET_DRUG') return validateVetDrugApprovalNumber(value).map((e) => e.message);
  if (item.startsWith('DRUG_')) return validateDrugApprovalNumber(value).map((e) => e.message);
  if (item === 'FOOD_INFANT_FORMULA') {
    // 食品安全法 第八十一条: the formula registration number (国食注字YP…), format declared by the catalogue.
    const def = findElement('formulaRegNo');
    return def ? checkElementValue(def, value).map((p) => `婴幼儿配方乳粉产品配方注册号 ${p.message}`) : [];
  }
  return [];
}

// Items whose products must carry their registration number (the national rule requires one per product).
const REGISTRATION_REQUIRED: ReadonlySet<string> = new Set([
  'INPUT_PESTICIDE', // 农药管理条例 (2017) 第七条 农药登记
  'INPUT_VET_DRUG', // 兽药管理条例 兽药产品批准文号
  'DRUG_NARCOTIC', // 药品管理法 (2019) 药品注册 (国药准字)
  'DRUG_PSYCHOTROPIC',
  'DRUG_MEDICAL_TOXIC',
  'DRUG_RADIOACTIVE',
  'DRUG_PRECURSOR',
  'FOOD_INFANT_FORMULA', // 食品安全法 第八十一条 配方注册
]);

const ATTRIBUTE_ELEMENTS = ['safetyIntervalDays', 'withdrawalDays', 'activeIngredients'] as const;

/** Checks a new product and throws one problem document listing everything wrong with it. */
export function validateProduct(input: NewProduct): { gtin: string | null } {
  const problems = new Problems();
  checkText(problems, '/name', input.name, true);
  let category: string | null = null;
  if (!isCategoryCode(input.category)) {
    problems.add(
      'MASTERDATA_BAD_CATEGORY',
      '/category',
      `category ${JSON.stringify(input.category)} is not one of ${CATEGORY_CODES.join(', ')}.`,
    );
  } else category = input.category;
  if (input.item !== undefined && input.item !== null) {
    const item = findItem(input.item);
    if (!item) {
      problems.add(
        'MASTERDATA_UNKNOWN_ITEM',
        '/item',
        `item ${JSON.stringify(input.item)} is not an annex item of the catalogue${
          category
            ? `; items of ${category}: ${itemsOf(category as never)
                .map((i) => i.code)
                .join(', ')}`
            : ''
        }.`,
      );
    } else if (category && item.category !== category) {
      problems.add(
        'MASTERDATA_WRONG_CATEGORY',
        '/category',
        `item ${item.code} (${item.zh}) belongs to category ${item.category}, not ${category}.`,
      );
    } else {
      const reg = input.registrationNo;
      if ((reg === undefined || reg === null || reg === '') && REGISTRATION_REQUIRED.has(item.code)) {
        problems.add(
          'MASTERDATA_REGISTRATION_REQUIRED',
          '/registrationNo',
          `a product of ${item.code} (${item.zh}) needs its registration or approval number.`,
        );
      }
      if (typeof reg === 'string' && reg !== '') {
        for (const m of registrationProblems(item.code, reg))
          problems.add('MASTERDATA_BAD_REGISTRATION_NUMBER', '/registrationNo', m);
      }
    }
  }
  if (input.registrationNo !== undefined && input.registrationNo !== null)
    checkText(problems, '/registrationNo', input.registrationNo, false, 64);
  let gtin: string | null = null;
  if (input.gtin) {
    const parsed = parseCode(input.gtin);
    if (parsed.scheme !== 'gtin' || !parsed.valid) {
      const why = parsed.errors.map((e) => e.message).join('; ') || `it is read as ${parsed.scheme}`;
      problems.add(
        'MASTERDATA_BAD_GTIN',
        '/gtin',
        `gtin ${JSON.stringify(input.gtin)} is not a valid GTIN: ${why}`,
      );
    } else gtin = String((parsed.fields.ai as Record<string, string>)['01']);
  }
  for (const name of ATTRIBUTE_ELEMENTS) {
    const value = input.attributes?.[name];
    const def = findElement(name);
    if (value === undefined || !def) continue;
    for (const p of checkElementValue(def, value))
      problems.add('MASTERDATA_BAD_ATTRIBUTE', `/attributes/${name}`, `${name} ${p.message}`);
  }
  (input.codePrefixes ?? []).forEach((prefix, i) => {
    if (
      typeof prefix !== 'string' ||
      !/^(urn:zhuisu:[a-z-]+:|https:\/\/id\.gs1\.org\/)\S{4,150}$/.test(prefix)
    ) {
      problems.add(
        'MASTERDATA_BAD_CODE_PREFIX',
        `/codePrefixes/${i}`,
        `code prefix ${JSON.stringify(prefix)} must be the start of a canonical code (urn:zhuisu:<scheme>:… or https://id.gs1.org/…), at least 4 characters after the scheme.`,
      );
    }
  });
  problems.throwIfAny();
  return { gtin };
}

/** Registers a product for the caller's own organisation (enterprises and platforms only). */
export async function createProduct(
  db: Kysely<DB>,
  scope: Scope,
  input: NewProduct,
  now = Date.now(),
): Promise<Product> {
  if (scope.kind !== 'enterprise' && scope.kind !== 'platform') throw notOwner('products');
  const { gtin } = validateProduct(input);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('products')
      .values({
        org_id: scope.orgId,
        name: input.name.trim(),
        name_en: input.nameEn ?? null,
        category: input.category,
        item: input.item ?? null,
        gtin,
        registration_no: input.registrationNo?.trim() || null,
        attributes: encodeJsonColumn(
          input.attributes && Object.keys(input.attributes).length > 0 ? input.attributes : null,
        ),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const productId = Number(row.id);
    const prefixes = [...new Set(input.codePrefixes ?? [])];
    if (prefixes.length > 0) {
      await trx
        .insertInto('product_codes')
        .values(prefixes.map((prefix) => ({ product_id: productId, prefix, created_at: now })))
        .execute();
    }
    return productId;
  });
  return getProduct(db, scope, id);
}

async function prefixesOf(db: Kysely<DB>, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('product_codes')
    .select(['product_id', 'prefix'])
    .where('product_id', 'in', ids)
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(Number(r.product_id), [...(out.get(Number(r.product_id)) ?? []), r.prefix]);
  return out;
}

/** One product the scope may see; 404 otherwise (never revealing that it exists elsewhere). */
export async function getProduct(db: Kysely<DB>, scope: Scope, id: number): Promise<Product> {
  const row = await baseQuery(db, scope).where('products.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('MASTERDATA_PRODUCT_NOT_FOUND', `No product with id ${id} is visible to you.`);
  const prefixes = await prefixesOf(db, [id]);
  return toProduct(row as unknown as Row, prefixes.get(id) ?? []);
}

/** Lists the products the scope may see, newest first. */
export async function listProducts(
  db: Kysely<DB>,
  scope: Scope,
  q: ProductQuery = {},
): Promise<{ items: Product[]; total: number }> {
  let query = baseQuery(db, scope);
  if (q.category) query = query.where('products.category', '=', q.category);
  if (q.item) query = query.where('products.item', '=', q.item);
  if (q.orgId !== undefined) query = query.where('products.org_id', '=', q.orgId);
  if (q.q) {
    const like = `%${q.q.replace(/[%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('products.name', 'like', like),
        eb('products.gtin', 'like', like),
        eb('products.registration_no', 'like', like),
      ]),
    );
  }
  const countRow = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await query
    .orderBy('products.id', 'desc')
    .limit(Math.min(q.limit ?? 50, 500))
    .offset(q.offset ?? 0)
    .execute();
  const prefixes = await prefixesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return {
    items: rows.map((r) => toProduct(r as unknown as Row, prefixes.get(Number(r.id)) ?? [])),
    total: Number(countRow?.n ?? 0),
  };
}
