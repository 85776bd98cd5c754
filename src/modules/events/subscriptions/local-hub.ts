/**
 * What one process shares between the capture hook, the WebSocket route and the delivery worker of one database:
 * a wake-up signal (a capture just wrote outbox rows) and the WebSocket sockets this process holds. Neither is
 * state another node needs: the outbox and the claims in the database are the truth, the signal only saves a poll.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../../../db/index.js';

/** Where a WebSocket subscription's deliveries go: sends one message and resolves when it is written. */
export interface SocketSink {
  /** When the socket opened (epoch ms): a socket younger than its subscription row is not an orphan. */
  openedAt: number;
  send(body: string): Promise<void>;
  /** Closes the socket with a reason (subscription deleted, query gone). */
  close(code: number, reason: string): void;
}

/** The in-process hub of one database. */
export class LocalHub {
  /** This process's worker identity: claims, leases and WebSocket subscriptions carry it. */
  readonly nodeId = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly sockets = new Map<string, SocketSink>();
  private readonly listeners = new Set<() => void>();

  /** Tells local workers that outbox rows were written (the transaction may commit a moment later). */
  nudge(): void {
    for (const l of this.listeners) l();
  }

  /** Listens for nudges; returns the function that stops listening. */
  onNudge(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const hubs = new WeakMap<Database, LocalHub>();

/** The hub of a database in this process (one per open Database object). */
export function hubOf(database: Database): LocalHub {
  let hub = hubs.get(database);
  if (!hub) {
    hub = new LocalHub();
    hubs.set(database, hub);
  }
  return hub;
}
