/**
 * Where the lookup log's batches are written. On an embedded store on disk (SQLite) a worker thread with its own
 * connection writes them, so the server's thread — which answers the public lookups — never spends its time on
 * the log's inserts (measured: a sixth of a cached lookup's time at 25 000 lookups a second, and a pause of tens of
 * milliseconds once a second while the batch was written). WAL lets the worker write while the server reads; a
 * write that meets the server's own (a capture) waits for it (busy timeout). On PostgreSQL, and for an in-memory
 * store, the batch goes through the server's own connection (lookup rows then cost the database server's time,
 * not this thread's). If the worker cannot start or stops, batches go through the server's connection as well.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from '../../db/index.js';
import type { LookupRow } from './story.repository.js';
import * as repo from './story.repository.js';

/** Writes batches of lookup rows, each in one transaction: every row is stored, or none. */
export interface LookupWriter {
  write(rows: readonly LookupRow[]): Promise<void>;
  /** Stops a worker, if any; later batches go through the server's connection. */
  close(): Promise<void>;
}

/** A worker with nothing to write for this long stops (it starts again with the next batch). */
const WORKER_IDLE_MS = 10_000;

/** The insert the worker runs per row: the columns and values of repo.insertLookups. */
const INSERT = `insert into public_lookups (${repo.LOOKUP_COLUMNS.join(', ')}) values (${repo.LOOKUP_COLUMNS.map(() => '?').join(', ')})`;

/** The upsert the worker runs per code of a batch: repo.upsertLookupCounts of one code, as SQLite text. */
function countUpsertSql(database: Database): string {
  const { sql, parameters } = repo
    .upsertLookupCounts(database.db, [repo.LOOKUP_COUNT_COLUMNS.map(() => null)])
    .compile();
  if (parameters.length !== repo.LOOKUP_COUNT_COLUMNS.length)
    throw new Error(`lookup count upsert: ${parameters.length} parameters, not one per column`);
  return sql;
}

// The worker's own code, in plain JavaScript: evaluated as it is in every way the server runs (compiled, under a
// TypeScript loader, in the tests), with no file of its own to find. It opens the store with the pragmas of
// src/db/dialects/sqlite.ts, writes each batch and its codes' counts in one transaction and answers
// { id, ok | message }.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 10000');
const insert = db.prepare(workerData.insert);
const count = db.prepare(workerData.countUpsert);
const write = db.transaction((rows, counts) => {
  for (const row of rows) insert.run(row);
  for (const c of counts) count.run(c);
});
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.postMessage({ id: m.id, ok: true }); return; }
  try { write(m.rows, m.counts); parentPort.postMessage({ id: m.id, ok: true }); }
  catch (e) { parentPort.postMessage({ id: m.id, ok: false, message: String((e && e.message) || e) }); }
});
`;

/** Batches through the server's own connection. */
function directWriter(database: Database): LookupWriter {
  return {
    write: (rows) => repo.insertLookups(database.db, rows),
    close: async () => undefined,
  };
}

type Reply = { id: number; ok: true } | { id: number; ok: false; message: string };

/** Batches through a worker thread's connection to the store's file (started on the first batch). */
class ThreadWriter implements LookupWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | null = null;
  /** Set when the worker could not run, or once closed: batches go through the server's connection. */
  private fallback = false;

  constructor(
    private readonly file: string,
    private readonly countUpsert: string,
    private readonly direct: LookupWriter,
  ) {}

  async write(rows: readonly LookupRow[]): Promise<void> {
    if (this.fallback) return this.direct.write(rows);
    const worker = this.started();
    if (this.idle) clearTimeout(this.idle);
    const batch = rows.map(repo.lookupValues);
    try {
      await this.send(worker, { rows: batch, counts: repo.lookupCounts(rows) });
    } finally {
      this.idle = setTimeout(() => void this.stop(), WORKER_IDLE_MS).unref();
    }
  }

  async close(): Promise<void> {
    this.fallback = true;
    await this.stop();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: resolve(this.file),
        insert: INSERT,
        countUpsert: this.countUpsert,
      },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) w?.resolve();
      else w?.reject(new Error(`lookup log write failed: ${reply.message}`));
    });
    const gone = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      // A worker that cannot run here (its driver failed to load, say) is not tried again.
      if (error.message !== 'stopped') this.fallback = true;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    worker.on('error', gone);
    worker.on('exit', (code) =>
      gone(new Error(code === 0 ? 'stopped' : `lookup log writer exited (${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  private send(
    worker: Worker,
    message: { rows?: unknown[][]; counts?: unknown[][]; close?: true },
  ): Promise<void> {
    const id = ++this.nextId;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  private async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const worker = this.worker;
    if (!worker) return;
    await this.send(worker, { close: true }).catch(() => undefined);
    this.worker = null;
    await worker.terminate();
  }
}

/** The writer for a database: a worker thread for an embedded store on disk, the server's connection otherwise. */
export function lookupWriterFor(database: Database): LookupWriter {
  const direct = directWriter(database);
  const file = database.dialect.embeddedFile;
  return file ? new ThreadWriter(file, countUpsertSql(database), direct) : direct;
}
