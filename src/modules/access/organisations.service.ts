/** Organisations: create, find and list the parties that hold accounts. */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../lib/errors.js';
import { isValidGs1CheckDigit, parse as parseCode } from '../codes/index.js';
import { orgNotFound } from './access.errors.js';
import type { OrgKind } from './access.tables.js';
import { CATEGORY_CODES, type CategoryCode, isCategoryCode } from './categories.js';

/** An organisation as the rest of the platform sees it. */
export interface Organisation {
  id: number;
  kind: OrgKind;
  name: string;
  nameEn: string | null;
  uscc: string | null;
  /** Party GLN (PGLN, GS1 AI 417) by which events may name the organisation. */
  gln: string | null;
  divisionCode: string | null;
  categories: CategoryCode[];
  strictness: 'reject' | 'warn';
  createdAt: string;
  disabled: boolean;
}

/** What it takes to create an organisation. */
export interface NewOrganisation {
  kind: OrgKind;
  name: string;
  nameEn?: string | null;
  uscc?: string | null;
  gln?: string | null;
  divisionCode?: string | null;
  categories?: string[];
  strictness?: 'reject' | 'warn';
}

const ORG_KINDS: readonly OrgKind[] = ['enterprise', 'department', 'county', 'platform', 'admin'];

type OrgRow = Record<string, unknown>;

/** Maps a stored row to an Organisation. */
export function toOrganisation(dialect: DialectCapabilities, row: Record<string, unknown>): Organisation {
  const categories = dialect.decodeJson<string[] | null>(row.categories) ?? [];
  return {
    id: Number(row.id),
    kind: row.kind as OrgKind,
    name: String(row.name),
    nameEn: (row.name_en as string | null) ?? null,
    uscc: (row.uscc as string | null) ?? null,
    gln: (row.gln as string | null) ?? null,
    divisionCode: (row.division_code as string | null) ?? null,
    categories: categories.filter(isCategoryCode),
    strictness: row.strictness === 'warn' ? 'warn' : 'reject',
    createdAt: new Date(Number(row.created_at)).toISOString(),
    disabled: row.disabled_at != null,
  };
}

/** Checks a new organisation and says every problem with its field path. */
async function validateNew(db: Kysely<DB>, input: NewOrganisation): Promise<void> {
  const problems: { code: string; message: string; path: string }[] = [];
  if (!ORG_KINDS.includes(input.kind)) {
    problems.push({
      code: 'ACCESS_BAD_KIND',
      message: `kind must be one of ${ORG_KINDS.join(', ')}, got ${JSON.stringify(input.kind)}.`,
      path: '/kind',
    });
  }
  if (!input.name || input.name.trim().length === 0 || input.name.length > 200) {
    problems.push({ code: 'ACCESS_BAD_NAME', message: 'name must be 1 to 200 characters.', path: '/name' });
  }
  if (input.kind === 'enterprise' && !input.uscc) {
    problems.push({
      code: 'ACCESS_USCC_REQUIRED',
      message: 'An enterprise needs its USCC (统一社会信用代码).',
      path: '/uscc',
    });
  }
  if (input.uscc) {
    const parsed = parseCode(input.uscc);
    if (parsed.scheme !== 'uscc' || !parsed.valid) {
      const why = parsed.errors.map((e) => e.message).join('; ') || `it is read as ${parsed.scheme}`;
      problems.push({
        code: 'ACCESS_BAD_USCC',
        message: `uscc ${JSON.stringify(input.uscc)} is not a valid USCC (GB 32100): ${why}`,
        path: '/uscc',
      });
    }
  }
  if (input.gln != null && !(/^\d{13}$/.test(input.gln) && isValidGs1CheckDigit(input.gln))) {
    problems.push({
      code: 'ACCESS_BAD_GLN',
      message: `gln ${JSON.stringify(input.gln)} is not a GLN: 13 digits ending in the GS1 check digit (GS1 General Specifications §3.4.8, AI 417).`,
      path: '/gln',
    });
  }
  if (input.kind === 'county' && !input.divisionCode) {
    problems.push({
      code: 'ACCESS_DIVISION_REQUIRED',
      message: 'A county government needs its GB/T 2260 division code.',
      path: '/divisionCode',
    });
  }
  if (input.divisionCode) {
    const found = await db
      .selectFrom('divisions')
      .select('code')
      .where('code', '=', input.divisionCode)
      .executeTakeFirst();
    if (!found) {
      problems.push({
        code: 'ACCESS_UNKNOWN_DIVISION',
        message: `divisionCode ${JSON.stringify(input.divisionCode)} is not a known division.`,
        path: '/divisionCode',
      });
    }
  }
  if (input.kind === 'department') {
    const cats = input.categories ?? [];
    if (cats.length === 0) {
      problems.push({
        code: 'ACCESS_CATEGORIES_REQUIRED',
        message: `A department supervises at least one of ${CATEGORY_CODES.join(', ')}.`,
        path: '/categories',
      });
    }
    cats.forEach((c, i) => {
      if (!isCategoryCode(c)) {
        problems.push({
          code: 'ACCESS_BAD_CATEGORY',
          message: `categories[${i}] ${JSON.stringify(c)} is not one of ${CATEGORY_CODES.join(', ')}.`,
          path: `/categories/${i}`,
        });
      }
    });
  } else if (input.categories && input.categories.length > 0) {
    problems.push({
      code: 'ACCESS_CATEGORIES_NOT_ALLOWED',
      message: 'Only a department has supervised categories.',
      path: '/categories',
    });
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    throw badRequest(
      first.code,
      problems.length === 1
        ? first.message
        : `${problems.length} problems: ${problems.map((p) => p.message).join(' ')}`,
      {
        path: first.path,
        errors: problems,
      },
    );
  }
}

/** Creates an organisation; the USCC is stored upper-case. */
export async function createOrganisation(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  input: NewOrganisation,
  now = Date.now(),
): Promise<Organisation> {
  const normalised: NewOrganisation = { ...input, uscc: input.uscc ? input.uscc.trim().toUpperCase() : null };
  await validateNew(db, normalised);
  const row = await db
    .insertInto('organisations')
    .values({
      kind: normalised.kind,
      name: normalised.name.trim(),
      name_en: normalised.nameEn ?? null,
      uscc: normalised.uscc ?? null,
      gln: normalised.gln ?? null,
      division_code: normalised.divisionCode ?? null,
      categories: dialect.encodeJson(normalised.kind === 'department' ? normalised.categories : null),
      strictness: normalised.strictness ?? (normalised.kind === 'platform' ? 'warn' : 'reject'),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrganisation(dialect, row as unknown as OrgRow);
}

/** Finds an organisation by numeric id or by USCC; throws ACCESS_ORG_NOT_FOUND. */
export async function findOrganisation(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  ref: string | number,
): Promise<Organisation> {
  const text = String(ref).trim();
  let query = db.selectFrom('organisations').selectAll();
  query = /^\d{1,15}$/.test(text)
    ? query.where('id', '=', Number(text))
    : query.where('uscc', '=', text.toUpperCase());
  const row = await query.executeTakeFirst();
  if (!row) throw orgNotFound(text);
  return toOrganisation(dialect, row as unknown as OrgRow);
}

/** Lists organisations (admin), newest first, optionally of one kind. */
export async function listOrganisations(
  db: Kysely<DB>,
  dialect: DialectCapabilities,
  options: { kind?: OrgKind; limit?: number; offset?: number } = {},
): Promise<Organisation[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('id', 'desc');
  if (options.kind) query = query.where('kind', '=', options.kind);
  const rows = await query
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map((r) => toOrganisation(dialect, r as unknown as OrgRow));
}

/** The division codes below a division (zones and counties under a city), for county scopes. */
export async function loadDivisionTree(db: Kysely<DB>): Promise<(code: string) => string[]> {
  const rows = await db.selectFrom('divisions').select(['code', 'parent_code']).execute();
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.parent_code) continue;
    const list = children.get(r.parent_code) ?? [];
    list.push(r.code);
    children.set(r.parent_code, list);
  }
  return (code: string) => {
    const out: string[] = [];
    const stack = [...(children.get(code) ?? [])];
    while (stack.length > 0) {
      const c = stack.pop()!;
      out.push(c);
      stack.push(...(children.get(c) ?? []));
    }
    return out;
  };
}
