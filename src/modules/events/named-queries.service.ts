/** Named queries (EPCIS 2.0 §12: POST /queries): saved SimpleEventQuery parameters of an organisation. */
import type { Database } from '../../db/index.js';
import { parseNamedQuery, parseQueryParams, type QueryModel } from '../epcis/index.js';
import { queryExists, queryNotFound } from './events.errors.js';

/** A named query as listed. */
export interface SavedQuery {
  name: string;
  query: Record<string, unknown>;
  createdAt: string;
}

/** Saves a named query (body `{name, query}`), after validating its parameters. */
export async function createNamedQuery(
  database: Database,
  orgId: number,
  body: unknown,
): Promise<SavedQuery> {
  const parsed = parseNamedQuery(body);
  const exists = await database.db
    .selectFrom('named_queries')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', parsed.name)
    .executeTakeFirst();
  if (exists) throw queryExists(parsed.name);
  const now = Date.now();
  await database.db
    .insertInto('named_queries')
    .values({
      org_id: orgId,
      name: parsed.name,
      params: database.dialect.encodeJson(parsed.params) as never,
      created_at: now,
    })
    .execute();
  return { name: parsed.name, query: parsed.params, createdAt: new Date(now).toISOString() };
}

/** The organisation's named queries. */
export async function listNamedQueries(database: Database, orgId: number): Promise<SavedQuery[]> {
  const rows = await database.db
    .selectFrom('named_queries')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    query: database.dialect.decodeJson<Record<string, unknown>>(r.params),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  }));
}

/** One named query; throws EVENTS_QUERY_NOT_FOUND. */
export async function getNamedQuery(database: Database, orgId: number, name: string): Promise<SavedQuery> {
  const r = await database.db
    .selectFrom('named_queries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!r) throw queryNotFound(name);
  return {
    name: r.name,
    query: database.dialect.decodeJson<Record<string, unknown>>(r.params),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

/** The query model of a named query, with paging parameters of this request laid over it. */
export async function namedQueryModel(
  database: Database,
  orgId: number,
  name: string,
  paging: Record<string, unknown>,
): Promise<QueryModel> {
  const saved = await getNamedQuery(database, orgId, name);
  return parseQueryParams({ ...saved.query, ...paging });
}

/** Deletes a named query; throws EVENTS_QUERY_NOT_FOUND. */
export async function deleteNamedQuery(database: Database, orgId: number, name: string): Promise<void> {
  const r = await database.db
    .deleteFrom('named_queries')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw queryNotFound(name);
}
