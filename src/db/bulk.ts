/**
 * Bulk inserts for the capture pipeline's hot tables. Kysely builds an operation tree of one node per value and
 * compiles it anew for every statement; for ten thousand events of a dozen columns that tree costs more than the
 * database's own work. Here the statement text is built once per shape (and kept prepared by the SQLite handle's
 * statement cache) and the values go straight to the driver. Table and column names come from the typed schema,
 * never from input. Inside a SQLite transaction the rows go through one prepared single-row statement on the
 * connection's handle (better-sqlite3 runs those faster than multi-row statements).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import { sqliteHandleOf } from './dialects/sqlite.js';
import { engineOf } from './engine.js';
import type { DB } from './schema.js';

/** Parameters per statement: well under PostgreSQL's 65 535 and SQLite's 32 766 bound variables. */
const PARAMS_PER_STATEMENT = 16_000;

const texts = new Map<string, string>();

function statementText(
  engine: 'postgres' | 'sqlite',
  table: string,
  columns: readonly string[],
  rows: number,
  returning: readonly string[],
  ignoreConflicts: boolean,
): string {
  const key = `${engine}|${table}|${columns.join(',')}|${rows}|${returning.join(',')}|${ignoreConflicts}`;
  let text = texts.get(key);
  if (text !== undefined) return text;
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < columns.length; c++) marks.push(engine === 'postgres' ? `$${++n}` : '?');
    tuples.push(`(${marks.join(',')})`);
  }
  const quote = (name: string) => `"${name}"`;
  text = `insert into ${quote(table)} (${columns.map(quote).join(',')}) values ${tuples.join(',')}${
    ignoreConflicts ? ' on conflict do nothing' : ''
  }${returning.length > 0 ? ` returning ${returning.map(quote).join(',')}` : ''}`;
  if (texts.size > 2_000) texts.clear();
  texts.set(key, text);
  return text;
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function cachedStatement(handle: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let byText = statements.get(handle);
  if (!byText) {
    byText = new Map();
    statements.set(handle, byText);
  }
  let stmt = byText.get(text);
  if (!stmt) {
    stmt = handle.prepare(text);
    byText.set(text, stmt);
  }
  return stmt;
}

/** Options of a bulk insert. */
export interface InsertRowsOptions<R> {
  /** Columns to answer for every inserted row. */
  returning?: readonly R[];
  /** Skip rows that would break a unique constraint (`ON CONFLICT DO NOTHING`); they are not returned. */
  ignoreConflicts?: boolean;
}

/**
 * Inserts `rows` into `table` in as few statements as the parameter limit allows; answers the `returning` columns
 * of every inserted row (match them by a unique column: neither engine promises the order of RETURNING rows).
 */
export async function insertRows<T extends keyof DB & string, R extends keyof DB[T] & string = never>(
  db: Kysely<DB>,
  table: T,
  columns: ReadonlyArray<keyof DB[T] & string>,
  rows: ReadonlyArray<Partial<Record<keyof DB[T] & string, unknown>>>,
  options: InsertRowsOptions<R> = {},
): Promise<Array<Record<R, unknown>>> {
  const returning = options.returning ?? [];
  const out: Array<Record<R, unknown>> = [];
  if (rows.length === 0) return out;
  const engine = engineOf(db);
  // SQLite inside a transaction: one prepared single-row statement run on the connection itself, which better-sqlite3
  // does faster than any multi-row statement (the transaction holds the store's only connection, so the rows join it).
  const handle =
    engine === 'sqlite' && db.isTransaction ? sqliteHandleOf(db.getExecutor().adapter) : undefined;
  if (handle) {
    const stmt = cachedStatement(
      handle,
      statementText(engine, table, columns, 1, [], options.ignoreConflicts === true),
    );
    const params: unknown[] = new Array(columns.length);
    for (const row of rows) {
      for (let c = 0; c < columns.length; c++) params[c] = row[columns[c]!] ?? null;
      const info = stmt.run(params);
      if (returning.length === 0 || info.changes === 0) continue;
      const back = {} as Record<R, unknown>;
      for (const r of returning) back[r] = r === 'id' ? Number(info.lastInsertRowid) : row[r as never];
      out.push(back);
    }
    return out;
  }
  const per = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / columns.length));
  for (let start = 0; start < rows.length; start += per) {
    const end = Math.min(rows.length, start + per);
    const params: unknown[] = [];
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      for (const c of columns) {
        const v = row[c];
        params.push(v === undefined ? null : v);
      }
    }
    const result = await db.executeQuery<Record<R, unknown>>(
      CompiledQuery.raw(
        statementText(engine, table, columns, end - start, returning, options.ignoreConflicts === true),
        params,
      ),
    );
    if (returning.length > 0) out.push(...result.rows);
  }
  return out;
}
