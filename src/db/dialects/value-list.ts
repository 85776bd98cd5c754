/**
 * "Column is one of these values" for long lists (a walk's whole frontier, thousands of identifiers) as ONE bound
 * parameter, so the SQL text stays the same whatever the list's length: PostgreSQL compares with `= any($1)` over an
 * array, SQLite reads the values from `json_each($1)`. Both keep the column's index (an index search per value).
 * A literal `in (?, ?, …)` would compile a new statement for every length and hit SQLite's parameter limit.
 */
import { type Expression, type Kysely, PostgresAdapter, type SqlBool, sql } from 'kysely';

/** The SQL element type of the values (bigint ids or text codes). */
export type ValueListType = 'bigint' | 'text';

// NOTE: the engine is read from the Kysely instance's adapter, so services that only hold a Kysely handle (the
// walks, the trace loaders) need no dialect object passed down; this file is the one place that asks.
const isPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The condition `<column> is one of values` with the list bound as one parameter. An empty list is a false
 * condition. `column` is a reference as written in the query (`l.to_id`, `identifier_id`).
 */
export function inValueList(
  // biome-ignore lint/suspicious/noExplicitAny: serves queries over any schema
  db: Kysely<any>,
  column: string,
  values: ReadonlyArray<number | string>,
  type: ValueListType = 'bigint',
): Expression<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  if (isPostgres(db)) {
    return type === 'bigint'
      ? sql<SqlBool>`${ref} = any(${[...values]}::bigint[])`
      : sql<SqlBool>`${ref} = any(${[...values]}::text[])`;
  }
  return sql<SqlBool>`${ref} in (select value from json_each(${JSON.stringify(values)}))`;
}
