/** Table types of the story module: the public lookup log. */
import type { Generated } from 'kysely';

/**
 * public_lookups: one row per public lookup of a code (issue 8, lookup log) — the input of copied-code detection
 * and county statistics. Never an IP address: the place is what the browser offered, rounded to about 10 km.
 */
export interface PublicLookupsTable {
  id: Generated<number>;
  /** Canonical string of the code looked up. */
  code: string;
  /** The code's index key (lookup-key.ts); queries match it and the code. */
  code_key: number;
  /** Epoch milliseconds. */
  at: number;
  /** Latitude rounded to 0.1° (≈ 11 km), when the shopper allowed it. */
  lat: number | null;
  /** Longitude rounded to 0.1°. */
  lon: number | null;
  /** County-level division nearest to the place, when it lies in the city. */
  division_code: string | null;
}

/**
 * public_lookup_counts: each code's lookups so far, kept in the transaction that writes them to public_lookups
 * (story.repository.ts `insertLookups`, lookup-writer.ts): how many, and the first one's time and county.
 */
export interface PublicLookupCountsTable {
  code_key: number;
  code: string;
  count: number;
  /** Epoch milliseconds of the first lookup. */
  first_at: number;
  /** The first lookup's county, when it had a place in the city. */
  first_division: string | null;
}

/** The story module's slice of the database. */
export interface StoryTables {
  public_lookups: PublicLookupsTable;
  public_lookup_counts: PublicLookupCountsTable;
}
