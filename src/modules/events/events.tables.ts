/** Table types of the event store: identifiers, events, their links, capture jobs and named queries. */
import type { Generated } from 'kysely';

/** identifiers: one row per code the platform has met, found by its canonical string (DESIGN.md, Identifier). */
export interface IdentifiersTable {
  id: Generated<number>;
  canonical: string;
  scheme: string;
}

/** events: an EPCIS 2.0 event stored whole plus the columns queries filter on. `id` is the capture order. */
export interface EventsTable {
  id: Generated<number>;
  /** CBV 2.0 event hash `ni:///sha-256;…?ver=CBV2.0`. */
  event_hash: string;
  /** The client's eventID, or the hash when it gave none. */
  event_id: string;
  event_type: string;
  action: string | null;
  event_time: number;
  event_tz: string | null;
  record_time: number;
  biz_step: string | null;
  disposition: string | null;
  read_point: string | null;
  biz_location: string | null;
  recorder_org_id: number;
  /** Category code (AGRI, FOOD, …) derived from the identifiers the event names, when known. */
  category: string | null;
  capture_id: string | null;
  /** The event as captured (JSON-LD), with recordTime and eventID, plus `@context` of its document. */
  doc: unknown;
  error_declared_at: number | null;
  error_reason: string | null;
}

/** event_identifiers: every identifier an event names, with its role and quantity. */
export interface EventIdentifiersTable {
  event_pk: number;
  identifier_id: number;
  /** epc, parent, child, input, output, quantity, child_quantity, input_quantity, output_quantity */
  role: string;
  quantity: number | null;
  uom: string | null;
}

/** event_attrs: typed values an event lists (bizTransaction, source, destination, persistent dispositions …). */
export interface EventAttrsTable {
  event_pk: number;
  kind: string;
  type: string;
  value: string;
}

/** event_orgs: organisations an event names as a source or destination party (what partners shipped to them). */
export interface EventOrgsTable {
  event_pk: number;
  org_id: number;
}

/** capture_jobs: one per POST /epcis/capture, with its outcome. */
export interface CaptureJobsTable {
  id: string;
  org_id: number;
  status: string;
  created_at: number;
  finished_at: number | null;
  event_count: number;
  stored_count: number;
  duplicate_count: number;
  errors: unknown;
}

/** named_queries: saved SimpleEventQuery parameter sets of an organisation. */
export interface NamedQueriesTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  params: unknown;
  created_at: number;
}

/** The events module's slice of the database. */
export interface EventsTables {
  identifiers: IdentifiersTable;
  events: EventsTable;
  event_identifiers: EventIdentifiersTable;
  event_attrs: EventAttrsTable;
  event_orgs: EventOrgsTable;
  capture_jobs: CaptureJobsTable;
  named_queries: NamedQueriesTable;
}
