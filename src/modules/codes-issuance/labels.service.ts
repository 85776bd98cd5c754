/**
 * Labels for issued codes: which issuance a code came from (so a label shows its product, batch and date), and the
 * label inputs of the render module for an issuance or for a list of codes.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isAppError } from '../../lib/errors.js';
import type { Scope } from '../access/index.js';
import { parse } from '../codes/index.js';
import { type LabelInput, MAX_LABELS_PER_SHEET, type Symbology } from '../codes/render/index.js';
import { symbolDataOf } from './code-symbols.js';
import { badExport } from './issuance.errors.js';
import { getIssuance, type Issuance } from './issuance.service.js';
import { rangeCodes } from './issued-codes.js';

/** Where an issued code sits: its series, level and serial (null when the code was never issued here). */
function locate(code: string): { series: string[]; level: string; serial: number } | null {
  const p = parse(code);
  if (!p.valid) return null;
  const f = p.fields as Record<string, unknown>;
  const ai = (f.ai ?? {}) as Record<string, string>;
  if (p.scheme === 'platform-code') {
    return {
      series: [`platform-org:${String(f.orgCode)}`],
      level: String(f.level),
      serial: Number(f.serial),
    };
  }
  if (ai['01'] && ai['21'] && Object.keys(ai).length === 2 && /^[1-9]\d{0,14}$/.test(ai['21'])) {
    return { series: [`gtin:${ai['01']}`], level: 'unit', serial: Number(ai['21']) };
  }
  if (ai['01'] && ai['10'] && Object.keys(ai).length === 2) {
    return { series: [`lgtin:${ai['01']}:${ai['10']}`], level: 'batch', serial: 1 };
  }
  if (ai['00'] && Object.keys(ai).length === 1) {
    // The company-prefix length is not in the SSCC: try every length GS1 allocates (6–12, GenSpecs §1.4.4).
    const sscc = ai['00'];
    const series: string[] = [];
    for (let gcp = 6; gcp <= 12; gcp++) series.push(`sscc:${sscc.slice(0, 1 + gcp)}`);
    return { series, level: 'logistic-unit', serial: -1 };
  }
  return null;
}

/** The issuance (visible to the scope) that issued `code`, or null. */
export async function findIssuanceOfCode(
  db: Kysely<DB>,
  scope: Scope,
  code: string,
): Promise<Issuance | null> {
  const at = locate(code);
  if (!at) return null;
  let series = at.series;
  if (series[0]?.startsWith('platform-org:')) {
    const orgSerial = Number.parseInt(series[0].slice('platform-org:'.length), 36);
    const org = await db
      .selectFrom('code_org_serials')
      .select('org_id')
      .where('serial', '=', orgSerial)
      .executeTakeFirst();
    if (!org) return null;
    series = [`platform:${Number(org.org_id)}`];
  }
  for (const s of series) {
    const serial =
      at.serial >= 0
        ? at.serial
        : Number(
            (parse(code).fields.ai as Record<string, string>)['00']?.slice(s.length - 'sscc:'.length, 17),
          );
    const row = await db
      .selectFrom('code_issuances')
      .select('id')
      .where('series', '=', s)
      .where('level', '=', at.level)
      .where('first_serial', '<=', serial)
      .where((eb) => eb(eb('first_serial', '+', eb.ref('count')), '>', serial))
      .orderBy('first_serial', 'desc')
      .executeTakeFirst();
    if (row) {
      const issuance = await getIssuance(db, scope, Number(row.id)).catch((e: unknown) => {
        // Issued, but not visible to this scope: the same answer as never issued.
        if (isAppError(e) && e.code === 'CODES_ISSUANCE_NOT_FOUND') return null;
        throw e;
      });
      if (!issuance) return null;
      // The prefix of a platform code also carries the category; a code of another category is not this one.
      const [mine] = rangeCodes(issuance, 'https://id.invalid', serial - issuance.firstSerial, 1);
      if (mine && parse(mine.code).canonical === parse(code).canonical) return issuance;
    }
  }
  return null;
}

/** The date printed on a label: the issue date in China Standard Time (UTC+8, no daylight saving). */
export function labelDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Text that replaces what the issuance would print. */
export interface LabelOverrides {
  productName?: string | undefined;
  batch?: string | undefined;
  date?: string | undefined;
}

/** The labels of `offset … offset + limit − 1` of an issuance (at most one sheet's worth). */
export function labelsForIssuance(
  issuance: Issuance,
  baseUrl: string,
  symbology: Symbology,
  window: { offset?: number | undefined; limit?: number | undefined } = {},
  overrides: LabelOverrides = {},
): LabelInput[] {
  const offset = window.offset ?? 0;
  const limit = window.limit ?? issuance.count - offset;
  if (limit > MAX_LABELS_PER_SHEET) {
    throw badExport(
      `issuance ${issuance.id} has ${issuance.count} codes from offset ${offset}; one sheet holds at most ${MAX_LABELS_PER_SHEET} labels, so give offset and limit`,
    );
  }
  const batch = overrides.batch ?? issuance.batchLot;
  const date = overrides.date ?? labelDate(issuance.issuedAt);
  return rangeCodes(issuance, baseUrl, offset, limit).map((c) => {
    const symbol = symbolDataOf(c.elementString ?? c.code, symbology, baseUrl);
    return {
      code: symbol.printed,
      ...(symbology === 'qr' ? { url: symbol.text } : {}),
      productName: overrides.productName ?? issuance.productName,
      ...(batch ? { batch } : {}),
      date,
      symbology,
    };
  });
}

/**
 * Labels for codes given one by one: each is parsed (its JSON pointer `/codes/<i>` names a bad one), and the
 * issuance it came from, when visible to the scope, supplies product name, batch and date.
 */
export async function labelsForCodes(
  db: Kysely<DB> | null,
  scope: Scope | null,
  codes: readonly string[],
  baseUrl: string,
  symbology: Symbology,
  overrides: LabelOverrides = {},
): Promise<LabelInput[]> {
  if (codes.length === 0) throw badExport('no codes were given');
  if (codes.length > MAX_LABELS_PER_SHEET) {
    throw badExport(
      `${codes.length} codes were given; one sheet holds at most ${MAX_LABELS_PER_SHEET} labels`,
    );
  }
  const labels: LabelInput[] = [];
  for (const [i, code] of codes.entries()) {
    const symbol = symbolDataOf(code, symbology, baseUrl, `/codes/${i}`);
    const issuance = db && scope ? await findIssuanceOfCode(db, scope, code) : null;
    const productName = overrides.productName ?? issuance?.productName;
    if (!productName) {
      throw badExport(
        `code ${i} (${JSON.stringify(code)}) was not issued to you here, so give the product name to print`,
      );
    }
    const batch = overrides.batch ?? issuance?.batchLot ?? undefined;
    const date = overrides.date ?? (issuance ? labelDate(issuance.issuedAt) : undefined);
    labels.push({
      code: symbol.printed,
      ...(symbology === 'qr' ? { url: symbol.text } : {}),
      productName,
      ...(batch ? { batch } : {}),
      ...(date ? { date } : {}),
      symbology,
    });
  }
  return labels;
}
