/**
 * Licences of an organisation: type, number, scope, issuer, validity. A licence number an event names is
 * checked against its validity at the event's date (issue 6: "licences that have expired at event time").
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Scope, visibleTo } from '../access/index.js';
import { checkElementValue, findElement } from '../catalogue/index.js';
import { validateFoodProductionLicence } from '../codes/index.js';
import { checkDate, checkText, notVisible, Problems } from './masterdata.errors.js';
import { assertOwner, likePattern, page } from './scope-guard.js';

/** Licence types, with the rule that issues each. */
export const LICENCE_TYPES = {
  food_production: '食品生产许可证 (SC…, 食品安全法 第三十五条)',
  food_trade: '食品经营许可证 (JY…, 食品安全法 第三十五条)',
  drug_production: '药品生产许可证 (药品管理法 2019)',
  drug_trade: '药品经营许可证 (药品管理法 2019)',
  special_drug_trade: '麻醉药品和精神药品经营资格 (麻醉药品和精神药品管理条例)',
  pesticide_production: '农药生产许可证 (农药管理条例 2017)',
  pesticide_trade: '农药经营许可证 (农药管理条例 2017)',
  vet_drug_production: '兽药生产许可证 (兽药管理条例)',
  vet_drug_trade: '兽药经营许可证 (兽药管理条例)',
  feed_production: '饲料生产许可证 (饲料和饲料添加剂管理条例)',
  seed_trade: '种子生产经营许可证 (种子法)',
  slaughter: '生猪定点屠宰证 (生猪屠宰管理条例 2021)',
  special_equipment: '特种设备生产/充装/维保许可证 (TS…, 特种设备安全法 第十八条, 第四十九条)',
  hazchem_trade: '危险化学品经营许可证 (危险化学品安全管理条例)',
  hazchem_production: '危险化学品安全生产许可证 (危险化学品安全管理条例)',
  fireworks_wholesale: '烟花爆竹经营(批发)许可证 (烟花爆竹安全管理条例)',
  fireworks_retail: '烟花爆竹经营(零售)许可证 (烟花爆竹安全管理条例)',
  explosives_sale: '民用爆炸物品销售许可证 (民用爆炸物品安全管理条例)',
  blasting: '爆破作业单位许可证 (民用爆炸物品安全管理条例)',
  hazmat_transport: '道路危险货物运输许可证 (危险化学品安全管理条例 第四十三条)',
  import_filing: '进口食品进口商备案 (食品安全法 第九十六条)',
  other: 'another licence or permit',
} as const;

/** A licence type. */
export type LicenceType = keyof typeof LICENCE_TYPES;

/** A licence as the platform shows it. */
export interface Licence {
  id: number;
  orgId: number;
  type: string;
  number: string;
  scope: string | null;
  issuer: string | null;
  validFrom: string;
  expiresOn: string;
  documentId: number | null;
  createdAt: string;
}

/** What it takes to register a licence. */
export interface NewLicence {
  type: string;
  number: string;
  scope?: string | null;
  issuer?: string | null;
  validFrom: string;
  expiresOn: string;
  documentId?: number | null;
}

/** Filters for listing licences. */
export interface LicenceQuery {
  type?: string;
  /** Only those valid on this date (YYYY-MM-DD). */
  validOn?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

// The format a licence number of a type must have: the codes module's validator where it has one, else the
// catalogue's element check for the same number.
function numberProblems(type: string, number: string): string[] {
  if (type === 'food_production') return validateFoodProductionLicence(number).map((e) => e.message);
  if (type === 'special_equipment') {
    const def = findElement('installerLicenceNo');
    return def ? checkElementValue(def, number).map((p) => `特种设备许可证编号 ${p.message}`) : [];
  }
  return [];
}

type Row = Record<string, unknown>;
const toLicence = (r: Row): Licence => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  type: String(r.type),
  number: String(r.number),
  scope: (r.scope as string | null) ?? null,
  issuer: (r.issuer as string | null) ?? null,
  validFrom: String(r.valid_from),
  expiresOn: String(r.expires_on),
  documentId: r.document_id == null ? null : Number(r.document_id),
  createdAt: new Date(Number(r.created_at)).toISOString(),
});

/** Registers a licence of the caller's organisation. */
export async function createLicence(
  db: Kysely<DB>,
  scope: Scope,
  input: NewLicence,
  now = Date.now(),
): Promise<Licence> {
  assertOwner(scope, 'licences');
  const problems = new Problems();
  if (!(input.type in LICENCE_TYPES)) {
    problems.add(
      'MASTERDATA_BAD_LICENCE_TYPE',
      '/type',
      `type ${JSON.stringify(input.type)} is not one of ${Object.keys(LICENCE_TYPES).join(', ')}.`,
    );
  }
  checkText(problems, '/number', input.number, true, 64);
  if (typeof input.number === 'string' && input.type in LICENCE_TYPES) {
    for (const m of numberProblems(input.type, input.number.trim()))
      problems.add('MASTERDATA_BAD_LICENCE_NUMBER', '/number', m);
  }
  checkText(problems, '/scope', input.scope ?? undefined, false, 400);
  checkText(problems, '/issuer', input.issuer ?? undefined, false);
  checkDate(problems, '/validFrom', input.validFrom, true);
  checkDate(problems, '/expiresOn', input.expiresOn, true);
  if (problems.items.length === 0 && input.expiresOn < input.validFrom) {
    problems.add(
      'MASTERDATA_BAD_VALIDITY',
      '/expiresOn',
      `expiresOn ${input.expiresOn} is before validFrom ${input.validFrom}.`,
    );
  }
  if (input.documentId != null) await checkOwnDocument(db, scope, problems, '/documentId', input.documentId);
  problems.throwIfAny();
  const row = await db
    .insertInto('licences')
    .values({
      org_id: scope.orgId,
      type: input.type,
      number: input.number.trim(),
      scope: input.scope ?? null,
      issuer: input.issuer ?? null,
      valid_from: input.validFrom,
      expires_on: input.expiresOn,
      document_id: input.documentId ?? null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLicence(row as unknown as Row);
}

/** Records a problem unless the document exists and belongs to the caller's organisation. */
export async function checkOwnDocument(
  db: Kysely<DB>,
  scope: Scope,
  problems: Problems,
  path: string,
  id: number,
): Promise<void> {
  const row = await db
    .selectFrom('documents')
    .select('id')
    .where('id', '=', id)
    .where('org_id', '=', scope.orgId)
    .executeTakeFirst();
  if (!row)
    problems.add(
      'MASTERDATA_UNKNOWN_DOCUMENT',
      path,
      `document ${id} is not one of your organisation's documents.`,
    );
}

/** Lists the licences the scope may see, newest first. */
export async function listLicences(
  db: Kysely<DB>,
  scope: Scope,
  q: LicenceQuery = {},
): Promise<{ items: Licence[]; total: number }> {
  let query = db
    .selectFrom('licences')
    .selectAll()
    .where((eb) => visibleTo(eb, scope, { org: 'licences.org_id' }));
  if (q.type) query = query.where('type', '=', q.type);
  if (q.validOn) query = query.where('valid_from', '<=', q.validOn).where('expires_on', '>=', q.validOn);
  if (q.q) query = query.where('number', 'like', likePattern(q.q));
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const { limit, offset } = page(q);
  const rows = await query.orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { items: rows.map((r) => toLicence(r as unknown as Row)), total: Number(total?.n ?? 0) };
}

/** One licence the scope may see. */
export async function getLicence(db: Kysely<DB>, scope: Scope, id: number): Promise<Licence> {
  const row = await db
    .selectFrom('licences')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => visibleTo(eb, scope, { org: 'licences.org_id' }))
    .executeTakeFirst();
  if (!row) throw notVisible('licence', id);
  return toLicence(row as unknown as Row);
}

/** The registered licences with these numbers (any organisation), for checks at event time. */
export async function licencesByNumber(
  db: Kysely<DB>,
  numbers: readonly string[],
): Promise<Map<string, { type: string; validFrom: string; expiresOn: string; orgId: number }[]>> {
  const out = new Map<string, { type: string; validFrom: string; expiresOn: string; orgId: number }[]>();
  const wanted = [...new Set(numbers)];
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom('licences')
      .select(['number', 'type', 'valid_from', 'expires_on', 'org_id'])
      .where('number', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const list = out.get(r.number) ?? [];
      list.push({ type: r.type, validFrom: r.valid_from, expiresOn: r.expires_on, orgId: Number(r.org_id) });
      out.set(r.number, list);
    }
  }
  return out;
}
