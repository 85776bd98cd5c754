/**
 * Hooks run inside the capture transaction, after the events are stored: the tamper-evident log appends their
 * leaves, the trace graph derives its links, subscriptions write their outbox — all in the same transaction, so
 * either everything about a document is stored or nothing is. The composition root (src/pipeline.ts) decides
 * which hooks run; this module knows none of them (DESIGN.md: modules depend only on those listed before them).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import type { EventRecord } from './event-record.js';

/** One event the capture just stored (duplicates are not passed again). */
export interface StoredEvent {
  /** Row id in `events`, increasing in capture order. */
  pk: number;
  hash: string;
  eventId: string;
  recordTime: number;
  category: string | null;
  record: EventRecord;
  /** The stored JSON-LD event. */
  doc: Record<string, unknown>;
  /** Identifier row ids by canonical string. */
  identifierIds: ReadonlyMap<string, number>;
  /** JSON pointer of the event in the captured input (`/epcisBody/eventList/<i>`, or '' for a bare event). */
  pointer?: string;
}

/** Events whose earlier capture an error declaration just marked. */
export interface DeclaredEvent {
  pk: number;
  eventId: string;
  reason: string | null;
}

/** What a hook receives. */
export interface CaptureHookInput {
  trx: Transaction<DB>;
  database: Database;
  /** The recorder organisation. */
  orgId: number;
  stored: StoredEvent[];
  declared: DeclaredEvent[];
  /** The captured document's `epcisHeader` (its epcisMasterData vocabularies), or null for a bare event. */
  epcisHeader?: Readonly<Record<string, unknown>> | null;
  /**
   * Runs `fn` once the capture has committed (never if it rolls back): for what other readers must only see
   * afterwards, such as dropping cached views that a reader could otherwise rebuild from the pre-capture state.
   */
  afterCommit?: (fn: () => void) => void;
}

/** A step of the capture pipeline after storage; throwing rolls the whole capture back. */
export type CaptureHook = (input: CaptureHookInput) => Promise<void>;
