/** Batches (lots): a product's lot with its dates and the quantity on hand, which never goes below zero. */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { type Scope, visibleTo } from '../access/index.js';
import { checkOwnDocument } from './licences.service.js';
import { checkDate, notVisible, Problems } from './masterdata.errors.js';
import { assertOwner, likePattern, page } from './scope-guard.js';

/** A batch as the platform shows it. */
export interface Batch {
  id: number;
  orgId: number;
  productId: number;
  productName: string;
  category: string;
  item: string | null;
  gtin: string | null;
  lot: string;
  producedOn: string | null;
  expiresOn: string | null;
  quantity: number;
  uom: string;
  documentIds: number[];
  createdAt: string;
  updatedAt: string;
}

/** What it takes to register a batch. */
export interface NewBatch {
  productId: number;
  lot: string;
  producedOn?: string | null;
  expiresOn?: string | null;
  quantity: number;
  /** UN/ECE Rec 20 unit code (KGM, EA, LTR …), EA by default. */
  uom?: string;
  documentIds?: number[];
}

/** Filters for listing batches. */
export interface BatchQuery {
  productId?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

// GS1 AI (10) batch/lot: up to 20 characters of GS1 AI encodable character set 82 (GS1 General Specifications §3.2).
const LOT = /^[!"%-?A-Z_a-z]{1,20}$/;
const UOM = /^[A-Z0-9]{2,3}$/;

type Row = Record<string, unknown>;

function toBatch(r: Row, docs: number[]): Batch {
  return {
    id: Number(r.id),
    orgId: Number(r.org_id),
    productId: Number(r.product_id),
    productName: String(r.product_name),
    category: String(r.category),
    item: (r.item as string | null) ?? null,
    gtin: (r.gtin as string | null) ?? null,
    lot: String(r.lot),
    producedOn: (r.produced_on as string | null) ?? null,
    expiresOn: (r.expires_on as string | null) ?? null,
    quantity: Number(r.quantity),
    uom: String(r.uom),
    documentIds: docs,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}

function baseQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('batches')
    .innerJoin('products', 'products.id', 'batches.product_id')
    .selectAll('batches')
    .select(['products.name as product_name', 'products.category', 'products.item', 'products.gtin'])
    .where((eb) => visibleTo(eb, scope, { org: 'batches.org_id', category: 'products.category' }));
}

/** Registers a batch of one of the caller's products; its documents are linked in the same transaction. */
export async function createBatch(
  db: Kysely<DB>,
  scope: Scope,
  input: NewBatch,
  now = Date.now(),
): Promise<Batch> {
  assertOwner(scope, 'batches');
  const problems = new Problems();
  const product = await db
    .selectFrom('products')
    .select(['id'])
    .where('id', '=', input.productId)
    .where('org_id', '=', scope.orgId)
    .executeTakeFirst();
  if (!product)
    problems.add(
      'MASTERDATA_UNKNOWN_PRODUCT',
      '/productId',
      `product ${input.productId} is not one of your products.`,
    );
  if (typeof input.lot !== 'string' || !LOT.test(input.lot)) {
    problems.add(
      'MASTERDATA_BAD_LOT',
      '/lot',
      `lot ${JSON.stringify(input.lot)} must be 1–20 characters of the GS1 AI (10) character set (letters, digits, punctuation; no spaces).`,
    );
  }
  checkDate(problems, '/producedOn', input.producedOn ?? undefined, false);
  checkDate(problems, '/expiresOn', input.expiresOn ?? undefined, false);
  if (input.producedOn && input.expiresOn && input.expiresOn < input.producedOn)
    problems.add(
      'MASTERDATA_BAD_VALIDITY',
      '/expiresOn',
      `expiresOn ${input.expiresOn} is before producedOn ${input.producedOn}.`,
    );
  if (typeof input.quantity !== 'number' || !Number.isFinite(input.quantity) || input.quantity < 0) {
    problems.add(
      'MASTERDATA_NEGATIVE_QUANTITY',
      '/quantity',
      `quantity must be a number ≥ 0, got ${JSON.stringify(input.quantity)}.`,
    );
  }
  if (input.uom !== undefined && !UOM.test(input.uom))
    problems.add(
      'MASTERDATA_BAD_UOM',
      '/uom',
      `uom ${JSON.stringify(input.uom)} must be a UN/ECE Rec 20 code such as KGM or EA.`,
    );
  for (const [i, id] of (input.documentIds ?? []).entries())
    await checkOwnDocument(db, scope, problems, `/documentIds/${i}`, id);
  problems.throwIfAny();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('batches')
      .values({
        org_id: scope.orgId,
        product_id: input.productId,
        lot: input.lot,
        produced_on: input.producedOn ?? null,
        expires_on: input.expiresOn ?? null,
        quantity: input.quantity,
        uom: input.uom ?? 'EA',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const docs = [...new Set(input.documentIds ?? [])];
    if (docs.length > 0)
      await trx
        .insertInto('batch_documents')
        .values(docs.map((d) => ({ batch_id: Number(row.id), document_id: d })))
        .execute();
    return Number(row.id);
  });
  return getBatch(db, scope, id);
}

async function docsOf(db: Kysely<DB>, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('batch_documents').selectAll().where('batch_id', 'in', ids).execute();
  for (const r of rows)
    out.set(Number(r.batch_id), [...(out.get(Number(r.batch_id)) ?? []), Number(r.document_id)]);
  return out;
}

/** One batch the scope may see. */
export async function getBatch(db: Kysely<DB>, scope: Scope, id: number): Promise<Batch> {
  const row = await baseQuery(db, scope).where('batches.id', '=', id).executeTakeFirst();
  if (!row) throw notVisible('batch', id);
  return toBatch(row as unknown as Row, (await docsOf(db, [id])).get(id) ?? []);
}

/** Lists the batches the scope may see, newest first. */
export async function listBatches(
  db: Kysely<DB>,
  scope: Scope,
  q: BatchQuery = {},
): Promise<{ items: Batch[]; total: number }> {
  let query = baseQuery(db, scope);
  if (q.productId !== undefined) query = query.where('batches.product_id', '=', q.productId);
  if (q.q) {
    const like = likePattern(q.q);
    query = query.where((eb) => eb.or([eb('batches.lot', 'like', like), eb('products.name', 'like', like)]));
  }
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const { limit, offset } = page(q);
  const rows = await query.orderBy('batches.id', 'desc').limit(limit).offset(offset).execute();
  const docs = await docsOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return {
    items: rows.map((r) => toBatch(r as unknown as Row, docs.get(Number(r.id)) ?? [])),
    total: Number(total?.n ?? 0),
  };
}

/**
 * Adds `delta` (negative to take out) to a batch's quantity. One conditional UPDATE, so two concurrent
 * withdrawals can never together take the batch below zero; a withdrawal that would is refused whole.
 */
export async function adjustBatchQuantity(
  db: Kysely<DB>,
  scope: Scope,
  id: number,
  delta: number,
  now = Date.now(),
): Promise<Batch> {
  assertOwner(scope, 'batches');
  if (typeof delta !== 'number' || !Number.isFinite(delta)) {
    throw new AppError('MASTERDATA_BAD_QUANTITY', `delta must be a number, got ${JSON.stringify(delta)}.`, {
      status: 400,
      path: '/delta',
    });
  }
  const result = await db
    .updateTable('batches')
    .set({ quantity: sql`quantity + ${delta}`, updated_at: now })
    .where('id', '=', id)
    .where('org_id', '=', scope.orgId)
    .where(sql<boolean>`quantity + ${delta} >= 0`)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const current = await getBatch(db, scope, id);
    throw new AppError(
      'MASTERDATA_NEGATIVE_QUANTITY',
      `Taking ${-delta} ${current.uom} out of batch ${current.lot} would leave ${current.quantity + delta}; it holds ${current.quantity}.`,
      {
        status: 400,
        path: '/delta',
        errors: [
          {
            code: 'MASTERDATA_NEGATIVE_QUANTITY',
            path: '/delta',
            message: `batch ${current.lot} holds ${current.quantity} ${current.uom}; ${delta} would make it negative.`,
          },
        ],
      },
    );
  }
  return getBatch(db, scope, id);
}
