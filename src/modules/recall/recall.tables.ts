/** Table types of the recall module: recalls, their frozen scope and holders, returns, the inbox, complaints. */
import type { Generated } from 'kysely';

/** recalls: one 责令召回 (ordered by a regulator) or 主动召回 (voluntary, started by the producer). */
export interface RecallsTable {
  id: Generated<number>;
  /** Human-facing number, e.g. `RC-2026-000012`. */
  number: string;
  /** `ordered` (责令召回) or `voluntary` (主动召回). */
  kind: string;
  /** `I`, `II` or `III` (most to least severe). */
  level: string;
  reason: string;
  /** Epoch ms by which holders must have returned or destroyed the goods. */
  deadline: number;
  /** `open` or `closed`. */
  status: string;
  /** Canonical code the recall was made from. */
  root: string;
  complaint_id: number | null;
  category: string | null;
  created_by_org_id: number;
  created_by_user_id: number | null;
  created_at: number;
  closed_at: number | null;
  /** The impact assessment frozen at creation (JSON). */
  assessment: unknown;
  /** The closing report (JSON), once closed. */
  report: unknown;
}

/** recall_holders: every holder the frozen assessment found, with what it holds and what it gave back. */
export interface RecallHoldersTable {
  id: Generated<number>;
  recall_id: number;
  org_id: number | null;
  /** The party as the events name it (organisation URI or PGLN). */
  party: string;
  name: string | null;
  uscc: string | null;
  division: string | null;
  affected_items: number;
  affected_quantity: number;
  uom: string | null;
  recovered_items: number;
  recovered_quantity: number;
  notified_at: number | null;
  acknowledged_at: number | null;
  /** When the holder had given back everything it held. */
  completed_at: number | null;
}

/** recall_codes: every identifier a recall covers, with the holder it was found at and how much it weighs. */
export interface RecallCodesTable {
  recall_id: number;
  identifier_id: number;
  holder_id: number | null;
  items: number;
  quantity: number | null;
  uom: string | null;
  recovered_at: number | null;
}

/** recall_returns: each return or destruction event credited to a recall. */
export interface RecallReturnsTable {
  id: Generated<number>;
  recall_id: number;
  holder_id: number;
  event_pk: number;
  /** `returned` or `destroyed`. */
  kind: string;
  items: number;
  quantity: number;
  at: number;
}

/** notifications: the in-app inbox of an organisation. */
export interface NotificationsTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  subject: string;
  body: unknown;
  recall_id: number | null;
  complaint_id: number | null;
  created_at: number;
  read_at: number | null;
}

/** complaints: filed by the public about a scanned code; routed to a department and a county. */
export interface ComplaintsTable {
  id: Generated<number>;
  /** The receipt number the complainant follows the complaint with (unguessable). */
  receipt: string;
  code: string;
  canonical: string | null;
  text: string;
  photo: string | null;
  photo_type: string | null;
  contact: string | null;
  category: string | null;
  /** County-level division where it was bought. */
  division: string | null;
  responsible_org_id: number | null;
  department_org_id: number | null;
  county_org_id: number | null;
  /** received, assigned, investigating, answered, closed */
  status: string;
  /** SHA-256 of the client address, for the per-client filing limit (never the address itself). */
  client_hash: string;
  created_at: number;
  updated_at: number;
}

/** complaint_history: every status a complaint went through. */
export interface ComplaintHistoryTable {
  id: Generated<number>;
  complaint_id: number;
  status: string;
  note: string | null;
  by_org_id: number | null;
  at: number;
}

/** The recall module's slice of the database. */
export interface RecallTables {
  recalls: RecallsTable;
  recall_holders: RecallHoldersTable;
  recall_codes: RecallCodesTable;
  recall_returns: RecallReturnsTable;
  notifications: NotificationsTable;
  complaints: ComplaintsTable;
  complaint_history: ComplaintHistoryTable;
}
