/**
 * Issuance of codes: allocates ranges of serials atomically and logs who issued what. A range comes from one
 * `UPDATE code_counters SET next_serial = next_serial + n … RETURNING` inside a transaction, so two requests —
 * on one node or on several sharing a PostgreSQL — never get overlapping ranges: the row lock (PostgreSQL) or the
 * database write lock (SQLite) orders them, and each sees the other's committed value.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DialectCapabilities } from '../../db/dialects/index.js';
import type { DB } from '../../db/schema.js';
import type { Principal, Scope } from '../access/index.js';
import { visibleTo } from '../access/index.js';
import {
  defaultGcpLength,
  formatPlatformPrefix,
  MAX_ORG,
  MAX_SERIAL,
  type PlatformCategory,
  validateAiValue,
} from '../codes/index.js';
import { getProduct, type Product } from '../masterdata/index.js';
import {
  badIssue,
  issuanceNotFound,
  lotIssued,
  notIssuer,
  orgSerialsExhausted,
  seriesExhausted,
} from './issuance.errors.js';
import {
  type CodeLevel,
  type CodeRange,
  type IssuanceScheme,
  type IssuedCode,
  rangeCodes,
} from './issued-codes.js';

/** Most codes one issuance may allocate. */
export const MAX_ISSUE_COUNT = 1_000_000;
/** The levels a code can stand for. */
export const CODE_LEVELS: readonly CodeLevel[] = ['unit', 'batch', 'logistic-unit'];
/** Largest SGTIN serial issued: 2^38 − 1 keeps every serial encodable in SGTIN-96 (GS1 TDS 2.x §14.5.1). */
export const MAX_SGTIN_SERIAL = 2 ** 38 - 1;
/** Advisory-lock key that serialises organisation-serial allocation across server nodes ("zs" + 1). */
const ORG_SERIAL_LOCK = 0x7a73_0001;

/** Product category code (AGRI …) → category of the platform trace code (docs/codes/platform-code.md). */
export const PLATFORM_CATEGORY_OF: Readonly<Record<string, PlatformCategory>> = {
  AGRI: 'edible-agricultural',
  FOOD: 'food',
  DRUG: 'drug',
  INPUT: 'agricultural-input',
  EQUIP: 'special-equipment',
  HAZMAT: 'hazardous',
};

/** Who issues: a user, an API key, or the operator at the command line. */
export interface Issuer {
  userId: number | null;
  keyId: number | null;
  via: 'session' | 'key' | 'cli';
}

/** An issuance request. */
export interface IssueInput {
  productId: number;
  /** Batch/lot the codes are for; for a GS1 product at batch level it is the lot of the one code issued. */
  batch?: string | null;
  /** Item (default), batch or logistic unit. */
  level?: CodeLevel;
  count: number;
}

/** Options of issueCodes. */
export interface IssueOptions {
  issuer: Issuer;
  /** GS1 company-prefix length when configured (ZHUISU_GCP_LENGTH); else `defaultGcpLength` of the GTIN. */
  gcpLength?: number | undefined;
  now?: number;
}

/** One issuance as the log shows it: the range and who issued it for which product. */
export interface Issuance extends CodeRange {
  id: number;
  orgId: number;
  productId: number;
  productName: string;
  /** The counter series the serials came from. */
  series: string;
  issuedAt: string;
  issuedBy: Issuer;
  firstCode: string;
  lastCode: string;
}

/** The issuer of a request's principal. */
export function issuerOf(principal: Principal): Issuer {
  return { userId: principal.userId, keyId: principal.keyId, via: principal.via };
}

interface Plan {
  scheme: IssuanceScheme;
  series: string;
  prefix: string | null;
  gcpLength: number | null;
  maxSerial: number;
}

function checkInput(input: IssueInput): { level: CodeLevel; batch: string | null; count: number } {
  const level = input.level ?? 'unit';
  if (!CODE_LEVELS.includes(level)) {
    throw badIssue(`level "${String(level)}" is none of ${CODE_LEVELS.join(', ')}.`, '/level', level);
  }
  const count = input.count;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_ISSUE_COUNT) {
    throw badIssue(
      `count must be a whole number from 1 to ${MAX_ISSUE_COUNT}, got ${String(count)}.`,
      '/count',
      count,
    );
  }
  const batch = input.batch == null ? null : String(input.batch).trim();
  if (batch !== null) {
    if (batch.length === 0 || batch.length > 40) {
      throw badIssue(
        `batch must be 1 to 40 characters, got ${JSON.stringify(input.batch)}.`,
        '/batch',
        input.batch,
      );
    }
    const bad = /[\u0000-\u001f\u007f]/.exec(batch);
    if (bad) {
      throw badIssue(`batch holds a control character at position ${bad.index}.`, '/batch', batch);
    }
  }
  return { level, batch: batch || null, count };
}

/** Decides the scheme, counter series and code prefix of an issuance for a product. */
function planFor(
  product: Product,
  level: CodeLevel,
  batch: string | null,
  count: number,
  gcpOverride?: number,
): Plan {
  const gtin = product.gtin;
  if (!gtin) {
    return {
      scheme: 'platform-code',
      series: `platform:${product.orgId}`,
      prefix: null,
      gcpLength: null,
      maxSerial: MAX_SERIAL,
    };
  }
  // GTIN-14 = indicator + GCP + item reference + check (GS1 GenSpecs §3.3.2); the GCP starts after the indicator.
  const gcpLength = gcpOverride ?? defaultGcpLength(gtin.slice(1));
  if (level === 'unit') {
    return {
      scheme: 'gs1-sgtin',
      series: `gtin:${gtin}`,
      prefix: gtin,
      gcpLength,
      maxSerial: MAX_SGTIN_SERIAL,
    };
  }
  if (level === 'batch') {
    if (batch === null) {
      throw badIssue(
        `product ${product.id} has GTIN ${gtin}: its batch-level code is GTIN + lot, so give the lot in batch.`,
        '/batch',
      );
    }
    if (count !== 1) {
      throw badIssue(
        `a GS1 batch-level code is one GTIN + lot; count must be 1, got ${count}.`,
        '/count',
        count,
      );
    }
    const lotErrors = validateAiValue('10', batch);
    if (lotErrors.length > 0) {
      throw badIssue(
        `batch ${JSON.stringify(batch)} is not a GS1 lot (AI 10): ${lotErrors.map((e) => e.message).join('; ')}.`,
        '/batch',
        batch,
      );
    }
    return { scheme: 'gs1-lgtin', series: `lgtin:${gtin}:${batch}`, prefix: gtin, gcpLength, maxSerial: 1 };
  }
  if (gtin.startsWith('000000')) {
    throw badIssue(
      `product ${product.id} has the GTIN-8 ${gtin.slice(6)}, which carries no GS1 company prefix to build an SSCC from.`,
      '/level',
      level,
    );
  }
  // SSCC = extension digit (0 here) + GCP + serial reference, 17 digits before the check (GS1 GenSpecs §2.2.1).
  const prefix = `0${gtin.slice(1, 1 + gcpLength)}`;
  return {
    scheme: 'gs1-sscc',
    series: `sscc:${prefix}`,
    prefix,
    gcpLength,
    maxSerial: 10 ** (17 - prefix.length) - 1,
  };
}

/** The organisation's platform-code serial, allocated (unique, smallest free above the largest) on first use. */
async function orgSerial(
  trx: Transaction<DB>,
  dialect: DialectCapabilities,
  orgId: number,
  now: number,
): Promise<number> {
  const own = () =>
    trx.selectFrom('code_org_serials').select('serial').where('org_id', '=', orgId).executeTakeFirst();
  const found = await own();
  if (found) return Number(found.serial);
  // NOTE: PostgreSQL needs the advisory lock so two nodes do not both take max + 1; SQLite already holds its
  // write lock here (the counter insert came first). After the lock, look again: another node may have won.
  await dialect.lockInTransaction(trx as unknown as Kysely<unknown>, ORG_SERIAL_LOCK);
  const again = await own();
  if (again) return Number(again.serial);
  const max = await trx
    .selectFrom('code_org_serials')
    .select((eb) => eb.fn.max('serial').as('m'))
    .executeTakeFirst();
  const serial = Number(max?.m ?? 0) + 1;
  if (serial > MAX_ORG) throw orgSerialsExhausted();
  await trx.insertInto('code_org_serials').values({ org_id: orgId, serial, created_at: now }).execute();
  return serial;
}

type IssuanceRow = Record<string, unknown>;

function toIssuance(row: IssuanceRow, baseUrl = 'https://id.invalid'): Issuance {
  const range: CodeRange = {
    scheme: row.scheme as IssuanceScheme,
    level: row.level as CodeLevel,
    prefix: String(row.prefix),
    gcpLength: row.gcp_length == null ? null : Number(row.gcp_length),
    batchLot: (row.batch_lot as string | null) ?? null,
    firstSerial: Number(row.first_serial),
    count: Number(row.count),
  };
  const first = rangeCodes(range, baseUrl, 0, 1)[0] as IssuedCode;
  const last = rangeCodes(range, baseUrl, range.count - 1, 1)[0] as IssuedCode;
  return {
    id: Number(row.id),
    orgId: Number(row.org_id),
    productId: Number(row.product_id),
    productName: String(row.product_name),
    series: String(row.series),
    ...range,
    issuedAt: new Date(Number(row.issued_at)).toISOString(),
    issuedBy: {
      userId: row.issued_by_user == null ? null : Number(row.issued_by_user),
      keyId: row.issued_by_key == null ? null : Number(row.issued_by_key),
      via: row.via as Issuer['via'],
    },
    firstCode: first.code,
    lastCode: last.code,
  };
}

/**
 * Issues `count` codes for one of the caller's products: platform trace codes when the product has no GTIN,
 * else GS1 keys (SGTIN serials at item level, GTIN + lot at batch level, SSCCs for logistic units). Atomic:
 * the range is allocated and logged in one transaction, or nothing happens.
 */
export async function issueCodes(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  scope: Scope,
  input: IssueInput,
  options: IssueOptions,
): Promise<Issuance> {
  if (scope.kind !== 'enterprise' && scope.kind !== 'platform') throw notIssuer();
  const { level, batch, count } = checkInput(input);
  if (!Number.isSafeInteger(input.productId) || input.productId < 1) {
    throw badIssue(
      `productId must be a positive whole number, got ${String(input.productId)}.`,
      '/productId',
    );
  }
  // Read before the transaction: SQLite must take its write lock with the transaction's first statement.
  const product = await getProduct(db, scope, input.productId);
  if (product.orgId !== scope.orgId) throw notIssuer();
  const plan = planFor(product, level, batch, count, options.gcpLength);
  const now = options.now ?? Date.now();
  const id = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('code_counters')
      .values({ series: plan.series, level, next_serial: 1, updated_at: now })
      .onConflict((oc) => oc.columns(['series', 'level']).doNothing())
      .execute();
    let prefix = plan.prefix;
    if (plan.scheme === 'platform-code') {
      const category = PLATFORM_CATEGORY_OF[product.category];
      if (!category)
        throw badIssue(`product ${product.id} has no platform category (${product.category}).`, '/productId');
      prefix = formatPlatformPrefix({
        category,
        level,
        org: await orgSerial(trx, dialect, product.orgId, now),
      });
    }
    const updated = await trx
      .updateTable('code_counters')
      .set((eb) => ({ next_serial: eb('next_serial', '+', count), updated_at: now }))
      .where('series', '=', plan.series)
      .where('level', '=', level)
      .where('next_serial', '<=', plan.maxSerial - count + 1)
      .returning('next_serial')
      .executeTakeFirst();
    if (!updated) {
      const row = await trx
        .selectFrom('code_counters')
        .select('next_serial')
        .where('series', '=', plan.series)
        .where('level', '=', level)
        .executeTakeFirst();
      if (plan.scheme === 'gs1-lgtin') throw lotIssued(product.gtin as string, batch as string);
      throw seriesExhausted(plan.series, level, count, plan.maxSerial - Number(row?.next_serial ?? 1) + 1);
    }
    const firstSerial = Number(updated.next_serial) - count;
    const inserted = await trx
      .insertInto('code_issuances')
      .values({
        org_id: product.orgId,
        product_id: product.id,
        batch_lot: batch,
        level,
        scheme: plan.scheme,
        series: plan.series,
        prefix: prefix as string,
        gcp_length: plan.gcpLength,
        first_serial: firstSerial,
        count,
        issued_at: now,
        issued_by_user: options.issuer.userId,
        issued_by_key: options.issuer.keyId,
        via: options.issuer.via,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  });
  return getIssuance(db, scope, id);
}

function baseQuery(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('code_issuances')
    .innerJoin('products', 'products.id', 'code_issuances.product_id')
    .selectAll('code_issuances')
    .select(['products.name as product_name'])
    .where((eb) => visibleTo(eb, scope, { org: 'code_issuances.org_id', category: 'products.category' }));
}

/** One issuance the scope may see; 404 otherwise. */
export async function getIssuance(db: Kysely<DB>, scope: Scope, id: number): Promise<Issuance> {
  const row = await baseQuery(db, scope).where('code_issuances.id', '=', id).executeTakeFirst();
  if (!row) throw issuanceNotFound(id);
  return toIssuance(row as unknown as IssuanceRow);
}

/** Filters of the issuance log. */
export interface IssuanceQuery {
  productId?: number;
  limit?: number;
  offset?: number;
}

/** The issuance log the scope may see, newest first. */
export async function listIssuances(
  db: Kysely<DB>,
  scope: Scope,
  q: IssuanceQuery = {},
): Promise<{ items: Issuance[]; total: number }> {
  let query = baseQuery(db, scope);
  if (q.productId !== undefined) query = query.where('code_issuances.product_id', '=', q.productId);
  const countRow = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await query
    .orderBy('code_issuances.id', 'desc')
    .limit(Math.min(q.limit ?? 50, 500))
    .offset(q.offset ?? 0)
    .execute();
  return {
    items: rows.map((r) => toIssuance(r as unknown as IssuanceRow)),
    total: Number(countRow?.n ?? 0),
  };
}
