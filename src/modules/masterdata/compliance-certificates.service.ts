/**
 * 承诺达标合格证 (certificate of compliance for edible agricultural products): one per batch, with the fields the
 * rule requires — promise, basis (自控/自检/委托检测), product, quantity, origin, date, issuer, contact
 * (农产品质量安全承诺达标合格证管理办法, 农业农村部令2025年第4号, 第十四条; CHINA-TRACE-FACTS §3.1) — and a
 * re-issue after a buyer mixes lots that links the source certificates.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { type Scope, visibleTo } from '../access/index.js';
import { checkElementValue, findElement } from '../catalogue/index.js';
import { decodeJsonColumn, encodeJsonColumn } from './json-column.js';
import { checkDate, notVisible, Problems } from './masterdata.errors.js';
import { assertOwner, page } from './scope-guard.js';

/** A certificate as the platform shows it. */
export interface ComplianceCertificate {
  id: number;
  orgId: number;
  number: string;
  batchId: number;
  lot: string;
  gtin: string | null;
  productName: string;
  quantity: number;
  uom: string;
  promise: string[];
  basis: string[];
  originDivision: string;
  originName: string | null;
  issuedOn: string;
  issuerName: string;
  contact: string;
  /** Numbers of the certificates a mixed-lot certificate was made from. */
  sources: string[];
}

/** What it takes to issue a certificate for a batch. */
export interface NewComplianceCertificate {
  batchId: number;
  promise: string[];
  basis: string[];
  /** Quantity covered; the batch's quantity by default (never more). */
  quantity?: number;
  issuedOn: string;
  contact: string;
  /** Origin division; the organisation's seat by default. */
  originDivision?: string;
  /** Re-issue after mixing lots: the numbers of the certificates received with the source lots. */
  sourceNumbers?: string[];
}

function checkElement(problems: Problems, element: string, path: string, value: unknown): void {
  const def = findElement(element);
  if (!def) return;
  for (const p of checkElementValue(def, value))
    problems.add('MASTERDATA_BAD_CERTIFICATE', path, `${path.slice(1)} ${p.message}`);
}

/** Issues a certificate of compliance for one of the caller's batches of an edible agricultural product. */
export async function issueComplianceCertificate(
  db: Kysely<DB>,
  scope: Scope,
  input: NewComplianceCertificate,
  now = Date.now(),
): Promise<ComplianceCertificate> {
  assertOwner(scope, 'certificates');
  const problems = new Problems();
  const batch = await db
    .selectFrom('batches')
    .innerJoin('products', 'products.id', 'batches.product_id')
    .innerJoin('organisations', 'organisations.id', 'batches.org_id')
    .select([
      'batches.id',
      'batches.quantity',
      'batches.uom',
      'products.name as product_name',
      'products.category',
      'organisations.name as org_name',
      'organisations.division_code',
    ])
    .where('batches.id', '=', input.batchId)
    .where('batches.org_id', '=', scope.orgId)
    .executeTakeFirst();
  if (!batch)
    problems.add(
      'MASTERDATA_UNKNOWN_BATCH',
      '/batchId',
      `batch ${input.batchId} is not one of your batches.`,
    );
  else if (batch.category !== 'AGRI')
    problems.add(
      'MASTERDATA_WRONG_CATEGORY',
      '/batchId',
      `承诺达标合格证 are issued for edible agricultural products (AGRI), not ${batch.category}.`,
    );
  checkElement(problems, 'certificatePromise', '/promise', input.promise);
  checkElement(problems, 'certificateBasis', '/basis', input.basis);
  checkElement(problems, 'issuerContact', '/contact', input.contact);
  checkDate(problems, '/issuedOn', input.issuedOn, true);
  const origin = input.originDivision ?? batch?.division_code ?? null;
  if (!origin || !/^\d{6}$/.test(origin))
    problems.add(
      'MASTERDATA_BAD_CERTIFICATE',
      '/originDivision',
      `originDivision must be a 6-digit GB/T 2260 code, got ${JSON.stringify(origin)}.`,
    );
  const quantity = input.quantity ?? (batch ? Number(batch.quantity) : 0);
  if (!(quantity > 0) || (batch && quantity > Number(batch.quantity))) {
    problems.add(
      'MASTERDATA_BAD_QUANTITY',
      '/quantity',
      `quantity must be above 0 and at most the batch's ${batch?.quantity ?? '?'}, got ${JSON.stringify(quantity)}.`,
    );
  }
  const sourceIds: number[] = [];
  for (const [i, n] of (input.sourceNumbers ?? []).entries()) {
    const src = await db
      .selectFrom('compliance_certificates')
      .select('id')
      .where('number', '=', n)
      .executeTakeFirst();
    if (!src)
      problems.add(
        'MASTERDATA_UNKNOWN_CERTIFICATE',
        `/sourceNumbers/${i}`,
        `no certificate numbered ${JSON.stringify(n)} was issued on the platform.`,
      );
    else sourceIds.push(Number(src.id));
  }
  problems.throwIfAny();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('compliance_certificates')
      .values({
        org_id: scope.orgId,
        batch_id: input.batchId,
        // Replaced below by the number derived from the row id, inside the same transaction.
        number: `pending-${now}-${Math.random().toString(36).slice(2)}`,
        promise: encodeJsonColumn(input.promise),
        basis: encodeJsonColumn(input.basis),
        product_name: batch!.product_name,
        quantity,
        uom: batch!.uom,
        origin_division: origin!,
        issued_on: input.issuedOn,
        issuer_name: batch!.org_name,
        contact: input.contact,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const certId = Number(row.id);
    await trx
      .updateTable('compliance_certificates')
      .set({ number: certificateNumber(origin!, certId) })
      .where('id', '=', certId)
      .execute();
    if (sourceIds.length > 0)
      await trx
        .insertInto('certificate_sources')
        .values([...new Set(sourceIds)].map((s) => ({ certificate_id: certId, source_id: s })))
        .execute();
    return certId;
  });
  return getComplianceCertificate(db, scope, id);
}

/** The printed number: `HGZ-<origin division>-<serial>` (合格证), unique on the platform. */
export const certificateNumber = (division: string, id: number): string =>
  `HGZ-${division}-${String(id).padStart(6, '0')}`;

function baseQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('compliance_certificates as c')
    .innerJoin('batches', 'batches.id', 'c.batch_id')
    .innerJoin('products', 'products.id', 'batches.product_id')
    .leftJoin('divisions', 'divisions.code', 'c.origin_division')
    .selectAll('c')
    .select(['batches.lot', 'products.gtin', 'divisions.name_zh as origin_name'])
    .where((eb) => visibleTo(eb, scope, { org: 'c.org_id', category: 'products.category' }));
}

async function toCertificates(
  db: Kysely<DB>,
  rows: Record<string, unknown>[],
): Promise<ComplianceCertificate[]> {
  const ids = rows.map((r) => Number(r.id));
  const sources = new Map<number, string[]>();
  if (ids.length > 0) {
    const links = await db
      .selectFrom('certificate_sources')
      .innerJoin('compliance_certificates', 'compliance_certificates.id', 'certificate_sources.source_id')
      .select(['certificate_sources.certificate_id', 'compliance_certificates.number'])
      .where('certificate_sources.certificate_id', 'in', ids)
      .execute();
    for (const l of links)
      sources.set(Number(l.certificate_id), [...(sources.get(Number(l.certificate_id)) ?? []), l.number]);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    orgId: Number(r.org_id),
    number: String(r.number),
    batchId: Number(r.batch_id),
    lot: String(r.lot),
    gtin: (r.gtin as string | null) ?? null,
    productName: String(r.product_name),
    quantity: Number(r.quantity),
    uom: String(r.uom),
    promise: decodeJsonColumn<string[]>(r.promise) ?? [],
    basis: decodeJsonColumn<string[]>(r.basis) ?? [],
    originDivision: String(r.origin_division),
    originName: (r.origin_name as string | null) ?? null,
    issuedOn: String(r.issued_on),
    issuerName: String(r.issuer_name),
    contact: String(r.contact),
    sources: sources.get(Number(r.id)) ?? [],
  }));
}

/** One certificate the scope may see. */
export async function getComplianceCertificate(
  db: Kysely<DB>,
  scope: Scope,
  id: number,
): Promise<ComplianceCertificate> {
  const row = await baseQuery(db, scope).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notVisible('certificate', id);
  return (await toCertificates(db, [row as unknown as Record<string, unknown>]))[0]!;
}

/** Lists the certificates the scope may see, newest first. */
export async function listComplianceCertificates(
  db: Kysely<DB>,
  scope: Scope,
  q: { batchId?: number; limit?: number; offset?: number } = {},
): Promise<{ items: ComplianceCertificate[]; total: number }> {
  let query = baseQuery(db, scope);
  if (q.batchId !== undefined) query = query.where('c.batch_id', '=', q.batchId);
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const { limit, offset } = page(q);
  const rows = await query.orderBy('c.id', 'desc').limit(limit).offset(offset).execute();
  return {
    items: await toCertificates(db, rows as unknown as Record<string, unknown>[]),
    total: Number(total?.n ?? 0),
  };
}

/** A certificate number that the platform never issued (404). */
export const certificateNotFound = (number: string): AppError =>
  new AppError('MASTERDATA_CERTIFICATE_NOT_FOUND', `No certificate ${JSON.stringify(number)}.`, {
    status: 404,
  });
