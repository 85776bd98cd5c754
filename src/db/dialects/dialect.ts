/**
 * Every difference between SQLite and PostgreSQL lives behind this capability interface (CONVENTIONS.md §4).
 * Services and repositories ask the dialect; they never test the engine's name.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Dialect, Kysely } from 'kysely';

/** The engines Zhuisu runs on. */
export type EngineName = 'sqlite' | 'postgres';

/** A low-level database error reduced to what the translator needs. */
export interface DbErrorInfo {
  kind: 'unique' | 'foreign-key' | 'not-null' | 'check' | 'unavailable' | 'busy' | 'other';
  /** Constraint or column the engine named, when it did. */
  constraint?: string;
  detail?: string;
}

/** What a storage engine can do and how it spells things. */
export interface DialectCapabilities {
  readonly name: EngineName;
  /** The Kysely dialect over the engine's driver. */
  createKyselyDialect(): Dialect;
  /** SQL type of a JSON document column. */
  readonly jsonType: 'jsonb' | 'text';
  /** Adds an auto-incrementing 64-bit integer primary key column `id`. */
  addIdColumn<T extends string>(table: CreateTableBuilder<T>, name?: string): CreateTableBuilder<T>;
  /** SQL type of an integer column that may exceed 2^31 (timestamps in epoch milliseconds, counters). */
  readonly bigintType: 'bigint' | 'integer';
  /** Encodes a value for a JSON column. */
  encodeJson(value: unknown): unknown;
  /** Decodes a value read from a JSON column (PostgreSQL's driver already parsed it; SQLite returns text). */
  decodeJson<T = unknown>(value: unknown): T;
  /** Classifies a driver error, or returns undefined when it is not a database error. */
  classifyError(error: unknown): DbErrorInfo | undefined;
  /** Runs once after the connection opens (schema creation, pragmas). */
  prepare(db: Kysely<unknown>): Promise<void>;
  /** Schema that holds the migration bookkeeping tables (PostgreSQL with a configured schema), else undefined. */
  readonly migrationSchema: string | undefined;
  /** Closes driver resources the Kysely instance does not own. */
  close(): Promise<void>;
  /** Whether concurrent writers need an explicit advisory lock (PostgreSQL, several nodes) or are serialised already. */
  readonly serialisedWrites: boolean;
  /**
   * The file of an embedded store on disk, which a worker thread may open with a connection of its own (the lookup
   * log's writer); undefined for PostgreSQL and for an in-memory store.
   */
  readonly embeddedFile: string | undefined;
  /** Takes a transaction-scoped exclusive lock named by a 32-bit key (a no-op where writes are serialised). */
  lockInTransaction(trx: Kysely<unknown>, key: number): Promise<void>;
  /**
   * Takes a transaction-scoped shared lock on the same key space: many holders at once, but none while someone
   * holds the exclusive lock (a no-op where writes are serialised).
   */
  lockSharedInTransaction(trx: Kysely<unknown>, key: number): Promise<void>;
}

/** Column modifier helper for readability in migrations. */
export type ColumnModifier = (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
