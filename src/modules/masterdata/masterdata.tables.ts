/** Table types of the master-data module. */
import type { Generated } from 'kysely';

/** divisions: GB/T 2260 administrative divisions (and the functional zones inside them). */
export interface DivisionsTable {
  code: string;
  name_zh: string;
  name_en: string;
  parent_code: string | null;
  /** `province`, `city`, `county` or `zone` (a functional zone administered inside a host division). */
  level: string;
}

/** products: what an organisation makes or trades, in one of the six categories. */
export interface ProductsTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  name_en: string | null;
  /** Category code (one of the six, see catalogue). */
  category: string;
  /** Annex item code within the category, when known. */
  item: string | null;
  /** GTIN-14 when the product has one. */
  gtin: string | null;
  created_at: number;
  updated_at: number;
}

/** The master-data module's slice of the database. */
export interface MasterdataTables {
  divisions: DivisionsTable;
  products: ProductsTable;
}
