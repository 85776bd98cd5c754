/**
 * "Column is one of these values" for long lists (a walk's whole frontier, thousands of identifiers) as ONE bound
 * parameter, so the SQL text stays the same whatever the list's length: PostgreSQL reads the values from
 * `unnest($1)` over an array, SQLite from `json_each($1)`. Both answer with an index search per value.
 * A literal `in (?, ?, …)` would compile a new statement for every length and hit SQLite's parameter limit.
 *
 * NOTE: on PostgreSQL `column = any($1)` is costed as one index scan over the whole array; past a few thousand
 * values (a forward walk from an input lot: 10 000 items, 30 000 namings) the planner then prefers a parallel
 * sequential scan of the table — about 0.5 s per query on a store of a million events, against 40 ms for the index
 * searches. `column in (select unnest($1))` is planned as a semi-join, a nested loop over the index whatever the
 * list's length (EXPLAIN ANALYZE, PostgreSQL 15). Short lists keep `= any`, which the planner can also use inside
 * an OR (a bitmap OR of index scans), where a sub-select cannot; so there are two statement texts per type.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { engineOf } from '../engine.js';

/** The SQL element type of the values (bigint ids or text codes). */
export type ValueListType = 'bigint' | 'text';

// The engine is read from the Kysely instance's adapter (src/db/engine.ts), so services that only hold a Kysely
// handle (the walks, the trace loaders) need no dialect object passed down.
/** Lists longer than this are read through `unnest` on PostgreSQL (see the note above). */
const LONG_LIST = 64;

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
  if (engineOf(db) === 'postgres') {
    const list = [...values];
    if (list.length > LONG_LIST)
      return type === 'bigint'
        ? sql<SqlBool>`${ref} in (select unnest(${list}::bigint[]))`
        : sql<SqlBool>`${ref} in (select unnest(${list}::text[]))`;
    return type === 'bigint'
      ? sql<SqlBool>`${ref} = any(${list}::bigint[])`
      : sql<SqlBool>`${ref} = any(${list}::text[])`;
  }
  return sql<SqlBool>`${ref} in (select value from json_each(${JSON.stringify(values)}))`;
}
