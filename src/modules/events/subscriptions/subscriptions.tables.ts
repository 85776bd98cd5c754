/** Table types of EPCIS query subscriptions: the subscriptions, their outbox, pending batches and delivery log. */
import type { Generated } from 'kysely';

/** How a subscription receives its query results. */
export type SubscriptionTransport = 'webhook' | 'websocket';
/** active: delivered to; paused: kept (and its outbox still fills) but not delivered to until resumed. */
export type SubscriptionStatus = 'active' | 'paused';

/** subscriptions: one standing query of an organisation (EPCIS 2.0 §8.2.5 subscribe, REST binding §12). */
export interface SubscriptionsTable {
  /** subscriptionID (a UUID). */
  id: string;
  org_id: number;
  /** The named query; deleting it deletes its subscriptions (EPCIS 2.0 REST: DELETE /queries/{name} unsubscribes). */
  query_id: number;
  query_name: string;
  transport: SubscriptionTransport;
  /** Webhook URL; null for WebSocket subscriptions. */
  dest: string | null;
  /** The client's signatureToken (the HMAC key): stored as given because signing needs it; never returned. */
  signature_token: string | null;
  /** The cron expression (six fields, seconds first) of a scheduled subscription; null for stream=true. */
  cron: string | null;
  /** The schedule as the client gave it (a cron string or an EPCIS QuerySchedule object), echoed by GET. */
  schedule_spec: unknown;
  report_if_empty: number;
  /** Events recorded before this time are never delivered (EPCIS 2.0 REST `initialRecordTime`). */
  initial_record_time: number;
  epc_format: string;
  status: SubscriptionStatus;
  paused_reason: string | null;
  /** Consecutive failed attempts of the current batch. */
  failures: number;
  /** When a worker may next act on it: now for streams, the next cron time, or the back-off after a failure. */
  next_attempt_at: number;
  /** Backfill of events captured before the subscription: the highest event pk it covers, null when done. */
  backfill_to: number | null;
  /** Last event pk the backfill has looked at. */
  backfill_cursor: number;
  /** Sequence number of the last batch made; a batch keeps its number (and body) until it is acknowledged. */
  last_seq: number;
  /** Sequence number of the last acknowledged batch: the subscriber's cursor. */
  delivered_seq: number;
  /** pk of the last event acknowledged by the subscriber. */
  last_event_pk: number | null;
  /** Last time the subscriber acknowledged a delivery (EPCIS 2.0 REST `lastNotifiedAt`). */
  last_notified_at: number | null;
  /** Last execution time of the standing query (EPCIS 2.0 REST `minRecordTime`). */
  min_record_time: number | null;
  /** WebSocket subscriptions: the node holding the socket, and when it last said it still does. */
  node_id: string | null;
  heartbeat_at: number | null;
  /** The worker holding the lease on this subscription, and until when (a dead worker's lease expires). */
  claimed_by: string | null;
  claim_until: number | null;
  created_at: number;
}

/** subscription_outbox: events a subscription may have to deliver, written in the capture transaction. */
export interface SubscriptionOutboxTable {
  subscription_id: string;
  event_pk: number;
}

/** subscription_batches: a batch made but not yet acknowledged; re-sent byte for byte until it is. */
export interface SubscriptionBatchesTable {
  subscription_id: string;
  seq: number;
  /** pks of the events in the batch, in capture order (JSON array). */
  event_pks: unknown;
  event_count: number;
  /** The exact EPCISQueryDocument sent (so a re-send is identical, signature included). */
  body: string;
  attempts: number;
  created_at: number;
}

/** subscription_deliveries: the delivery log, one row per attempt. */
export interface SubscriptionDeliveriesTable {
  id: Generated<number>;
  subscription_id: string;
  seq: number;
  attempt: number;
  /** delivered | failed */
  status: string;
  event_count: number;
  response_code: number | null;
  latency_ms: number;
  error: string | null;
  node_id: string;
  at: number;
}

/** The subscriptions slice of the database. */
export interface SubscriptionsTables {
  subscriptions: SubscriptionsTable;
  subscription_outbox: SubscriptionOutboxTable;
  subscription_batches: SubscriptionBatchesTable;
  subscription_deliveries: SubscriptionDeliveriesTable;
}
