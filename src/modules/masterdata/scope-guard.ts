/** Shared guards of master-data services: who may register, and paging bounds. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../access/index.js';
import { notOwner } from './masterdata.errors.js';

/** Throws unless the scope is an enterprise or platform registering for itself. */
export function assertOwner(scope: Scope, what: string): void {
  if (scope.kind !== 'enterprise' && scope.kind !== 'platform') throw notOwner(what);
}

/** Page bounds of every list: at most 500 rows, 50 by default. */
export const page = (q: { limit?: number; offset?: number }) => ({
  limit: Math.min(Math.max(q.limit ?? 50, 1), 500),
  offset: Math.max(q.offset ?? 0, 0),
});

/** A LIKE pattern for a free-text search, with the wildcards of the input removed. */
export const likePattern = (q: string): string => `%${q.replace(/[%_\\]/g, '')}%`;

/** The USCC of an organisation (locations are named by it when they have no GLN). */
export async function usccOf(db: Kysely<DB>, orgId: number): Promise<string | null> {
  const row = await db.selectFrom('organisations').select('uscc').where('id', '=', orgId).executeTakeFirst();
  return row?.uscc ?? null;
}
