/** Products: what an organisation makes or trades. Every read takes the caller's scope. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import { CATEGORY_CODES, isCategoryCode, type Scope, visibleTo } from '../access/index.js';
import { parse as parseCode } from '../codes/index.js';

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
}

/** Filters for listing products. */
export interface ProductQuery {
  category?: string;
  orgId?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

function toProduct(row: Record<string, unknown>): Product {
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

/** Registers a product for the caller's own organisation (enterprises and platforms only). */
export async function createProduct(
  db: Kysely<DB>,
  scope: Scope,
  input: NewProduct,
  now = Date.now(),
): Promise<Product> {
  if (scope.kind !== 'enterprise' && scope.kind !== 'platform') {
    throw forbidden(
      'MASTERDATA_NOT_OWNER',
      'Only an enterprise or a platform registers products of its own.',
    );
  }
  const name = input.name?.trim() ?? '';
  if (name.length === 0 || name.length > 200) {
    throw badRequest('MASTERDATA_BAD_NAME', 'name must be 1 to 200 characters.', { path: '/name' });
  }
  if (!isCategoryCode(input.category)) {
    throw badRequest(
      'MASTERDATA_BAD_CATEGORY',
      `category ${JSON.stringify(input.category)} is not one of ${CATEGORY_CODES.join(', ')}.`,
      { path: '/category' },
    );
  }
  let gtin: string | null = null;
  if (input.gtin) {
    const parsed = parseCode(input.gtin);
    if (parsed.scheme !== 'gtin' || !parsed.valid) {
      const why = parsed.errors.map((e) => e.message).join('; ') || `it is read as ${parsed.scheme}`;
      throw badRequest(
        'MASTERDATA_BAD_GTIN',
        `gtin ${JSON.stringify(input.gtin)} is not a valid GTIN: ${why}`,
        { path: '/gtin' },
      );
    }
    gtin = String((parsed.fields.ai as Record<string, string>)['01']);
  }
  const row = await db
    .insertInto('products')
    .values({
      org_id: scope.orgId,
      name,
      name_en: input.nameEn ?? null,
      category: input.category,
      item: input.item ?? null,
      gtin,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getProduct(db, scope, Number(row.id));
}

/** One product the scope may see; 404 otherwise (never revealing that it exists elsewhere). */
export async function getProduct(db: Kysely<DB>, scope: Scope, id: number): Promise<Product> {
  const row = await baseQuery(db, scope).where('products.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('MASTERDATA_PRODUCT_NOT_FOUND', `No product with id ${id} is visible to you.`);
  return toProduct(row as unknown as Record<string, unknown>);
}

/** Lists the products the scope may see, newest first. */
export async function listProducts(
  db: Kysely<DB>,
  scope: Scope,
  q: ProductQuery = {},
): Promise<{ items: Product[]; total: number }> {
  let query = baseQuery(db, scope);
  if (q.category) query = query.where('products.category', '=', q.category);
  if (q.orgId !== undefined) query = query.where('products.org_id', '=', q.orgId);
  if (q.q) query = query.where('products.name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  const countRow = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await query
    .orderBy('products.id', 'desc')
    .limit(Math.min(q.limit ?? 50, 500))
    .offset(q.offset ?? 0)
    .execute();
  return {
    items: rows.map((r) => toProduct(r as unknown as Record<string, unknown>)),
    total: Number(countRow?.n ?? 0),
  };
}
