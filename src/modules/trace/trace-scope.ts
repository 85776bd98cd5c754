/**
 * Which captured events a caller may walk through. A regulator sees the events of its categories (department) or of
 * organisations in its area (county); an enterprise the events it recorded and those that name it as a party — its
 * own segment of the chain, one step up to its suppliers and one step down to its customers (issue 7).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type Scope, visibleTo } from '../access/index.js';

/** The SQL condition that an event (alias `alias`, default `e`) is visible to the scope. */
export function eventVisibleTo(
  // biome-ignore lint/suspicious/noExplicitAny: serves every query that joins `events` under an alias
  eb: ExpressionBuilder<any, any>,
  scope: Scope,
  alias = 'e',
): Expression<SqlBool> {
  const own = visibleTo(eb, scope, { org: `${alias}.recorder_org_id`, category: `${alias}.category` });
  switch (scope.kind) {
    case 'admin':
    case 'department':
      return own;
    case 'enterprise':
    case 'platform': {
      const namesParty = (me: boolean) =>
        eb.exists(
          eb
            .selectFrom('event_orgs as eo')
            .select(sql`1`.as('one'))
            .whereRef('eo.event_pk', '=', eb.ref(`${alias}.id`))
            .where('eo.org_id', me ? '=' : '!=', scope.orgId),
        );
      // Direct trade partners: whoever handed goods to this organisation or took goods from it.
      const partners = eb
        .selectFrom('trace_handovers as th')
        .select('th.from_org_id as org')
        .where('th.to_org_id', '=', scope.orgId)
        .where('th.from_org_id', 'is not', null)
        .union(
          eb
            .selectFrom('trace_handovers as th2')
            .select('th2.to_org_id as org')
            .where('th2.from_org_id', '=', scope.orgId)
            .where('th2.to_org_id', 'is not', null),
        );
      return eb.or([
        own,
        namesParty(true),
        // One step up and down: a partner's own records (making, packing, selling) — not its dealings with others.
        eb.and([eb(eb.ref(`${alias}.recorder_org_id`), 'in', partners), eb.not(namesParty(false))]),
      ]);
    }
    case 'county':
      if (!scope.divisions || scope.divisions.length === 0) return own;
      return eb.or([
        own,
        eb.exists(
          eb
            .selectFrom('event_orgs as eo')
            .innerJoin('organisations as eoo', 'eoo.id', 'eo.org_id')
            .select(sql`1`.as('one'))
            .whereRef('eo.event_pk', '=', eb.ref(`${alias}.id`))
            .where('eoo.division_code', 'in', [...scope.divisions]),
        ),
      ]);
  }
}

/** Whether the scope sees everything (no per-event condition needed). */
export const seesAll = (scope: Scope): boolean => scope.kind === 'admin';
