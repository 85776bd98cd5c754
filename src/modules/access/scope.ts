/**
 * The caller's scope: what non-public data a principal may read. Every query on non-public data takes a Scope as
 * a required argument (CONVENTIONS.md §3); only this module can make one (the brand below), so a route cannot
 * fabricate or forget it.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { OrgKind, Role } from './access.tables.js';
import type { CategoryCode } from './categories.js';

declare const scopeBrand: unique symbol;

/** Who is calling: a logged-in user or an API key, and the organisation they act for. */
export interface Principal {
  via: 'session' | 'key';
  userId: number | null;
  keyId: number | null;
  username: string | null;
  role: Role;
  org: {
    id: number;
    kind: OrgKind;
    name: string;
    uscc: string | null;
    divisionCode: string | null;
    categories: CategoryCode[];
  };
}

/** What a principal may see. Made only by `scopeFor`. */
export type Scope = Readonly<{
  [scopeBrand]: true;
  /** admin: everything; enterprise/platform: own data (+ what partners shipped to it); department: its
   * categories; county: its divisions. */
  kind: 'admin' | 'enterprise' | 'platform' | 'department' | 'county';
  orgId: number;
  /** Department: the categories it supervises; null when not limited by category. */
  categories: readonly CategoryCode[] | null;
  /** County: the division codes it covers (its own and those below it); null when not limited by division. */
  divisions: readonly string[] | null;
}>;

/** Builds the scope of a principal. `childDivisions` lists the divisions under a county-level code. */
export function scopeFor(principal: Principal, childDivisions: (code: string) => readonly string[]): Scope {
  const { org } = principal;
  const base = { orgId: org.id, categories: null, divisions: null };
  switch (org.kind) {
    case 'admin':
      return { ...base, kind: 'admin' } as unknown as Scope;
    case 'department':
      return {
        ...base,
        kind: 'department',
        categories: Object.freeze([...org.categories]),
      } as unknown as Scope;
    case 'county': {
      const code = org.divisionCode;
      const divisions = code ? [code, ...childDivisions(code)] : [];
      return { ...base, kind: 'county', divisions: Object.freeze(divisions) } as unknown as Scope;
    }
    case 'platform':
      return { ...base, kind: 'platform' } as unknown as Scope;
    default:
      return { ...base, kind: 'enterprise' } as unknown as Scope;
  }
}

/** Whether the scope belongs to a regulator or the platform admin (their reads of enterprise data are audited). */
export const isOversight = (scope: Scope): boolean =>
  scope.kind === 'admin' || scope.kind === 'department' || scope.kind === 'county';

/** Column names of a row that is owned by an organisation and may carry a category. */
export interface ScopedColumns {
  /** Column holding the owning organisation's id. */
  org: string;
  /** Column holding the category code, when the row has one. */
  category?: string;
}

/**
 * The SQL condition that keeps only rows the scope may see. Use it in every query on organisation-owned data:
 * `.where((eb) => visibleTo(eb, scope, { org: 'products.org_id', category: 'products.category' }))`.
 */
export function visibleTo(
  // biome-ignore lint/suspicious/noExplicitAny: the condition serves every table that has an organisation column
  eb: ExpressionBuilder<any, any>,
  scope: Scope,
  cols: ScopedColumns,
): Expression<SqlBool> {
  switch (scope.kind) {
    case 'admin':
      return sql<SqlBool>`1 = 1`;
    case 'enterprise':
    case 'platform':
      // NOTE: what partners shipped to this organisation joins here once custody links exist (trace module).
      return eb(eb.ref(cols.org), '=', scope.orgId);
    case 'department':
      if (!cols.category || !scope.categories || scope.categories.length === 0) return sql<SqlBool>`1 = 0`;
      return eb(eb.ref(cols.category), 'in', [...scope.categories]);
    case 'county':
      if (!scope.divisions || scope.divisions.length === 0) return sql<SqlBool>`1 = 0`;
      return eb(
        eb.ref(cols.org),
        'in',
        eb
          .selectFrom('organisations')
          .select('organisations.id')
          .where('organisations.division_code', 'in', [...scope.divisions]),
      );
  }
}

/** Whether one organisation-owned record (already loaded) is visible to the scope. */
export function canSee(
  scope: Scope,
  record: { orgId: number; category?: string | null; orgDivision?: string | null },
): boolean {
  switch (scope.kind) {
    case 'admin':
      return true;
    case 'enterprise':
    case 'platform':
      return record.orgId === scope.orgId;
    case 'department':
      return record.category != null && (scope.categories ?? []).includes(record.category as CategoryCode);
    case 'county':
      return record.orgDivision != null && (scope.divisions ?? []).includes(record.orgDivision);
  }
}
