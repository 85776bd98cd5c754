/** Table types of the trace module: the identifier graph derived from captured events (DESIGN.md, Link). */
import type { Generated } from 'kysely';

/**
 * trace_links: one edge of the identifier graph. `from_id` is the upstream or containing side (parent, lot, input),
 * `to_id` the downstream or contained side (child, item, output).
 */
export interface TraceLinksTable {
  id: Generated<number>;
  /** `aggregation` (parent → child), `membership` (lot → item of the lot), `transformation` (input → output). */
  kind: string;
  from_id: number;
  to_id: number;
  /** The event that made the link. */
  event_pk: number;
  /** The aggregation DELETE (or re-pack) that ended it, when it has ended. */
  end_event_pk: number | null;
  /** Epoch ms from which the link holds (the event time). */
  valid_from: number;
  /** Epoch ms at which it stopped holding (aggregation only); null while it holds. */
  valid_to: number | null;
  /** Class-level quantity carried along the edge (child quantity, output quantity), when the event gave one. */
  quantity: number | null;
  uom: string | null;
  /** 1 when the event (or the one that ended it) was declared erroneous: walks leave the link out. */
  erroneous: number;
}

/**
 * trace_handovers: one custody hand-over from one party to the next — a shipment paired with its receipt, or either
 * one alone (flagged: `in_transit` shipment never received, `unshipped` receipt without a shipment).
 */
export interface TraceHandoversTable {
  id: Generated<number>;
  ship_event_pk: number | null;
  receive_event_pk: number | null;
  /** Party (organisation URI or PGLN) the goods left, as named by the events. */
  from_party: string | null;
  to_party: string | null;
  from_org_id: number | null;
  to_org_id: number | null;
  from_location: string | null;
  to_location: string | null;
  shipped_at: number | null;
  received_at: number | null;
  /** `paired`, `in_transit` (shipped, no receipt yet) or `unshipped` (received, no shipment known). */
  status: string;
  /** Despatch-advice numbers and identifiers the pairing matched on (JSON array of strings). */
  keys: unknown;
  erroneous: number;
}

/** The trace module's slice of the database. */
export interface TraceTables {
  trace_links: TraceLinksTable;
  trace_handovers: TraceHandoversTable;
}
