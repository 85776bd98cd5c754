/** 无公害/绿色/有机 certifications of edible agricultural products, with their validity (city plan annex). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Scope, visibleTo } from '../access/index.js';
import { CERTIFICATIONS, checkElementValue, findElement } from '../catalogue/index.js';
import { checkOwnDocument } from './licences.service.js';
import { checkDate, Problems } from './masterdata.errors.js';
import { assertOwner } from './scope-guard.js';

/** A certification of a product. */
export interface Certification {
  id: number;
  productId: number;
  kind: string;
  number: string;
  validFrom: string;
  validUntil: string;
  documentId: number | null;
}

/** What it takes to record a certification. */
export interface NewCertification {
  kind: string;
  number: string;
  validFrom: string;
  validUntil: string;
  documentId?: number | null;
}

const toCert = (r: Record<string, unknown>): Certification => ({
  id: Number(r.id),
  productId: Number(r.product_id),
  kind: String(r.kind),
  number: String(r.number),
  validFrom: String(r.valid_from),
  validUntil: String(r.valid_until),
  documentId: r.document_id == null ? null : Number(r.document_id),
});

/** Records a certification of one of the caller's edible agricultural products. */
export async function addCertification(
  db: Kysely<DB>,
  scope: Scope,
  productId: number,
  input: NewCertification,
  now = Date.now(),
): Promise<Certification> {
  assertOwner(scope, 'certifications');
  const problems = new Problems();
  const product = await db
    .selectFrom('products')
    .select(['category'])
    .where('id', '=', productId)
    .where('org_id', '=', scope.orgId)
    .executeTakeFirst();
  if (!product)
    problems.add(
      'MASTERDATA_UNKNOWN_PRODUCT',
      '/productId',
      `product ${productId} is not one of your products.`,
    );
  else if (product.category !== 'AGRI')
    problems.add(
      'MASTERDATA_WRONG_CATEGORY',
      '/kind',
      `certifications of the annex apply to edible agricultural products (AGRI), not ${product.category}.`,
    );
  if (!(input.kind in CERTIFICATIONS))
    problems.add(
      'MASTERDATA_BAD_KIND',
      '/kind',
      `kind ${JSON.stringify(input.kind)} is not one of ${Object.keys(CERTIFICATIONS).join(', ')}.`,
    );
  const def = findElement('certificationNo');
  if (def)
    for (const p of checkElementValue(def, input.number))
      problems.add('MASTERDATA_BAD_CERTIFICATION_NUMBER', '/number', `number ${p.message}`);
  checkDate(problems, '/validFrom', input.validFrom, true);
  checkDate(problems, '/validUntil', input.validUntil, true);
  if (problems.items.length === 0 && input.validUntil < input.validFrom)
    problems.add(
      'MASTERDATA_BAD_VALIDITY',
      '/validUntil',
      `validUntil ${input.validUntil} is before validFrom ${input.validFrom}.`,
    );
  if (input.documentId != null) await checkOwnDocument(db, scope, problems, '/documentId', input.documentId);
  problems.throwIfAny();
  const row = await db
    .insertInto('product_certifications')
    .values({
      product_id: productId,
      org_id: scope.orgId,
      kind: input.kind,
      number: input.number,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      document_id: input.documentId ?? null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCert(row as unknown as Record<string, unknown>);
}

/** The certifications of a product the scope may see. */
export async function listCertifications(
  db: Kysely<DB>,
  scope: Scope,
  productId: number,
): Promise<Certification[]> {
  const rows = await db
    .selectFrom('product_certifications')
    .innerJoin('products', 'products.id', 'product_certifications.product_id')
    .selectAll('product_certifications')
    .where('product_certifications.product_id', '=', productId)
    .where((eb) => visibleTo(eb, scope, { org: 'products.org_id', category: 'products.category' }))
    .orderBy('product_certifications.id')
    .execute();
  return rows.map((r) => toCert(r as unknown as Record<string, unknown>));
}
