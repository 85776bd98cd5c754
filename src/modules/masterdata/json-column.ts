/**
 * JSON columns of this module: `jsonb` on PostgreSQL, `text` on SQLite (the dialect's `jsonType`). Both engines
 * take the JSON text on insert; SQLite hands text back and PostgreSQL's driver a parsed value, so decoding
 * accepts either (the same rule as DialectCapabilities.decodeJson, usable where no dialect is at hand).
 */

/** The value to insert into a JSON column (null stays SQL NULL). */
export const encodeJsonColumn = (value: unknown): never =>
  (value === undefined || value === null ? null : JSON.stringify(value)) as never;

/** The value read from a JSON column, or null. */
export function decodeJsonColumn<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
