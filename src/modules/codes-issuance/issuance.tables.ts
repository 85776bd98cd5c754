/** Table types of the code-issuance module: organisation serials, serial counters and the issuance log. */
import type { Generated } from 'kysely';

/** code_org_serials: the 5-character organisation serial of platform trace codes, one per organisation. */
export interface CodeOrgSerialsTable {
  org_id: number;
  /** 1 … 36^5 − 1, unique; allocated on the organisation's first platform-code issuance. */
  serial: number;
  created_at: number;
}

/** code_counters: the next free serial of one series (platform codes of an organisation, one GTIN, one GCP). */
export interface CodeCountersTable {
  /** `platform:<org id>`, `gtin:<GTIN-14>`, `sscc:<extension digit><GCP>` or `lgtin:<GTIN-14>:<lot>`. */
  series: string;
  /** `unit`, `batch` or `logistic-unit`. */
  level: string;
  /** The next serial to hand out; advanced by one UPDATE … RETURNING per issuance. */
  next_serial: number;
  updated_at: number;
}

/** code_issuances: who issued which range of codes, when, for which product and batch, under which scheme. */
export interface CodeIssuancesTable {
  id: Generated<number>;
  org_id: number;
  product_id: number;
  /** Batch or lot the codes were issued for (printed on labels); the code itself for GS1 batch level. */
  batch_lot: string | null;
  level: string;
  /** `platform-code`, `gs1-sgtin`, `gs1-lgtin` or `gs1-sscc`. */
  scheme: string;
  /** The counter series the range came from. */
  series: string;
  /** What every code of the range shares: platform positions 1–7, the GTIN-14, or extension digit + GCP. */
  prefix: string;
  /** GS1 company-prefix length used for EPC URNs and SSCCs; null for platform codes. */
  gcp_length: number | null;
  first_serial: number;
  count: number;
  issued_at: number;
  issued_by_user: number | null;
  issued_by_key: number | null;
  /** `session`, `key` or `cli`. */
  via: string;
}

/** The code-issuance module's slice of the database. */
export interface CodeIssuanceTables {
  code_org_serials: CodeOrgSerialsTable;
  code_counters: CodeCountersTable;
  code_issuances: CodeIssuancesTable;
}
