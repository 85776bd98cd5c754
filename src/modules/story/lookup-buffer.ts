/**
 * The lookup log's write buffer, per open database. A public lookup must not wait for a disk write, and the
 * "looked up N times, first on … in …" line must not cost a query per request: lookups are kept in memory and
 * written in batches (one transaction per flush, every {@link LOOKUP_FLUSH_MS} and when the server stops), and
 * each code's stored counts are read once, then kept up to date from the lookups this node records.
 *
 * Counting stays exact on one node: a code's stored summary is read while no flush runs, so the rows it counts
 * are exactly the flushed ones, and the rows still pending at that moment (never in the store yet) start the
 * node's own tally for the code. Lookups other nodes record appear when a summary is re-read after
 * {@link LOOKUP_SUMMARY_TTL_MS}. NOTE: buffered lookups live in this process until flushed; a graceful stop
 * (`app.close()`, SIGTERM) writes them, a crash loses at most one flush interval.
 */
import type { Database } from '../../db/index.js';
import { type LookupWriter, lookupWriterFor } from './lookup-writer.js';
import type { LookupRow } from './story.repository.js';
import * as repo from './story.repository.js';

/** How long a recorded lookup may wait in memory before it is written. */
export const LOOKUP_FLUSH_MS = 1000;
/** How long a code's stored summary is trusted before it is re-read (lookups recorded by other server nodes). */
export const LOOKUP_SUMMARY_TTL_MS = 60_000;
/** Pending rows beyond which a lookup waits for the write instead of queueing more (a store that keeps failing). */
const MAX_PENDING = 100_000;
/** Background re-reads of stored summaries at once; a code past its time waits for a free slot. */
const MAX_REREADS = 2;
/** Code summaries kept in memory (oldest read first dropped). */
const MAX_CODES = 50_000;
/** Recent placed lookups kept per code for copied-code detection (as many as the stored summary reads). */
export const PLACED_KEPT = 50;

/** A code's lookups: how many, the first one, and the most recent ones that carried a place (newest first). */
export interface LookupSummary {
  count: number;
  first: { at: number; divisionCode: string | null } | null;
  placed: { at: number; lat: number; lon: number }[];
}

interface CodeState {
  /** What the store held when last read (null until the first read completes). */
  stored: LookupSummary | null;
  /** This node's lookups of the code since `stored` was read (flushed or not). */
  own: LookupSummary;
  readAt: number;
  reading: Promise<void> | null;
}

const empty = (): LookupSummary => ({ count: 0, first: null, placed: [] });

function add(s: LookupSummary, row: LookupRow): void {
  s.count += 1;
  if (!s.first || row.at < s.first.at) s.first = { at: row.at, divisionCode: row.divisionCode };
  if (row.lat !== null && row.lon !== null) {
    s.placed.unshift({ at: row.at, lat: row.lat, lon: row.lon });
    if (s.placed.length > PLACED_KEPT) s.placed.length = PLACED_KEPT;
  }
}

/** The earlier of two first lookups (either may be null). */
function earliest(a: LookupSummary['first'], b: LookupSummary['first']): LookupSummary['first'] {
  if (!a || !b) return a ?? b;
  return a.at <= b.at ? a : b;
}

function merge(stored: LookupSummary, own: LookupSummary): LookupSummary {
  const first = earliest(stored.first, own.first);
  const placed =
    own.placed.length === 0
      ? stored.placed
      : [...own.placed, ...stored.placed].sort((a, b) => b.at - a.at).slice(0, PLACED_KEPT);
  return { count: stored.count + own.count, first, placed };
}

/** The buffer of one database. */
class LookupBuffer {
  private pending: LookupRow[] = [];
  private readonly codes = new Map<string, CodeState>();
  private timer: NodeJS.Timeout | null = null;
  /** The flush in progress (reads of stored summaries wait for it). */
  private flushing: Promise<void> | null = null;
  /** Summary reads in progress (a flush waits for them). */
  private reads = 0;
  /** Background re-reads in progress (bounded, so that a busy node does not re-read every code at once). */
  private rereads = 0;
  private readsDone: (() => void) | null = null;
  /** Once the server is stopping, every lookup is written before its request completes. */
  private writeThrough = false;
  onError: (error: unknown) => void = (e) =>
    process.emitWarning(`lookup log: ${(e as Error).message ?? String(e)}`);

  private readonly writer: LookupWriter;

  constructor(private readonly database: Database) {
    this.writer = lookupWriterFor(database);
  }

  /** Records one lookup; resolves at once unless the server is stopping or the store keeps failing. */
  async record(row: LookupRow): Promise<void> {
    if (this.recordNow(row)) return;
    this.push(row);
    await this.flush();
  }

  /**
   * Records one lookup if it needs no wait (false, and nothing recorded, while the server is stopping or the store
   * keeps failing: {@link record} then writes it before answering).
   */
  recordNow(row: LookupRow): boolean {
    if (this.writeThrough || this.pending.length >= MAX_PENDING) return false;
    this.push(row);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch((e: unknown) => this.onError(e));
    }, LOOKUP_FLUSH_MS).unref();
    return true;
  }

  private push(row: LookupRow): void {
    this.pending.push(row);
    const state = this.codes.get(row.code);
    // A read in flight recounts the node's own rows from the pending ones when it completes (this one included).
    if (state) add(state.own, row);
  }

  /** The summary of a code: stored counts (read once, re-read in the background when old) plus this node's own. */
  async summary(code: string, now: number): Promise<LookupSummary> {
    let state = this.codes.get(code);
    if (!state) {
      if (this.codes.size >= MAX_CODES) {
        for (const [k, s] of this.codes) {
          if (!s.reading) {
            this.codes.delete(k);
            break;
          }
        }
      }
      state = { stored: null, own: empty(), readAt: now, reading: null };
      this.codes.set(code, state);
      state.reading = this.read(code, state, now);
    } else this.rereadIfDue(code, state, now);
    if (state.stored === null) await state.reading;
    return merge(state.stored ?? empty(), state.own);
  }

  /** The summary of a code when its stored counts are already known (starting a due re-read), else undefined. */
  summaryNow(code: string, now: number): LookupSummary | undefined {
    const state = this.codes.get(code);
    if (!state?.stored) return undefined;
    this.rereadIfDue(code, state, now);
    return merge(state.stored, state.own);
  }

  /**
   * A code's first lookup (null when never looked up) when its stored counts are already known (starting a due
   * re-read), else undefined: what {@link summaryNow} would say of it, without building the summary.
   */
  firstNow(code: string, now: number): LookupSummary['first'] | undefined {
    const state = this.codes.get(code);
    if (!state?.stored) return undefined;
    this.rereadIfDue(code, state, now);
    return earliest(state.stored.first, state.own.first);
  }

  /** Starts a background re-read of a code's stored counts when they are old (the current figures answer meanwhile). */
  private rereadIfDue(code: string, state: CodeState, now: number): void {
    if (state.reading || now - state.readAt <= LOOKUP_SUMMARY_TTL_MS || this.rereads >= MAX_REREADS) return;
    this.rereads += 1;
    state.reading = this.read(code, state, now).finally(() => {
      this.rereads -= 1;
    });
    state.reading.catch((e: unknown) => this.onError(e));
  }

  private async read(code: string, state: CodeState, now: number): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    this.reads += 1;
    try {
      const stored = await repo.lookupSummary(this.database.db, code);
      // No flush ran during the read: the pending rows of the code are exactly those the store does not hold.
      const own = empty();
      for (const row of this.pending) if (row.code === code) add(own, row);
      state.stored = stored;
      state.own = own;
      state.readAt = now;
    } finally {
      state.reading = null;
      this.reads -= 1;
      if (this.reads === 0) this.readsDone?.();
    }
  }

  /** Writes every pending lookup in one transaction; on failure the rows stay pending for the next flush. */
  flush(): Promise<void> {
    const previous = this.flushing ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        if (this.reads > 0) await new Promise<void>((resolve) => (this.readsDone = resolve));
        this.readsDone = null;
        const rows = this.pending;
        this.pending = [];
        try {
          await this.writer.write(rows);
        } catch (e) {
          this.pending = rows.concat(this.pending);
          this.timer ??= setTimeout(() => {
            this.timer = null;
            this.flush().catch((err: unknown) => this.onError(err));
          }, LOOKUP_FLUSH_MS).unref();
          throw e;
        }
      });
    const tracked = run.finally(() => {
      if (this.flushing === tracked) this.flushing = null;
    });
    this.flushing = tracked;
    return tracked;
  }

  /** The server is stopping: write what is pending, and every later lookup before its request completes. */
  async drain(): Promise<void> {
    this.writeThrough = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    await this.writer.close();
  }

  /** Rows waiting to be written. */
  get waiting(): number {
    return this.pending.length;
  }
}

const buffers = new WeakMap<Database, LookupBuffer>();

function bufferOf(database: Database): LookupBuffer {
  let b = buffers.get(database);
  if (!b) {
    b = new LookupBuffer(database);
    buffers.set(database, b);
  }
  return b;
}

/** Records a public lookup in the buffer of the database (written within {@link LOOKUP_FLUSH_MS}). */
export function recordLookup(database: Database, row: LookupRow): Promise<void> {
  return bufferOf(database).record(row);
}

/** Records a public lookup without waiting, when that is allowed (see LookupBuffer.recordNow); false otherwise. */
export function recordLookupNow(database: Database, row: LookupRow): boolean {
  return bufferOf(database).recordNow(row);
}

/** A code's lookup summary if it can be answered without waiting (stored counts known and current); else undefined. */
export function lookupSummaryNow(database: Database, code: string, now: number): LookupSummary | undefined {
  return buffers.get(database)?.summaryNow(code, now);
}

/** A code's first lookup (null: never) if its stored counts are known; else undefined (see LookupBuffer.firstNow). */
export function firstLookupNow(
  database: Database,
  code: string,
  now: number,
): LookupSummary['first'] | undefined {
  return buffers.get(database)?.firstNow(code, now);
}

/** A code's lookup summary, this node's unwritten lookups included, without a query once the code is known. */
export function lookupSummaryOf(database: Database, code: string, now: number): Promise<LookupSummary> {
  return bufferOf(database).summary(code, now);
}

/** Writes the buffered lookups now (tests, statistics that must see every lookup). */
export async function flushLookups(database: Database): Promise<void> {
  const b = buffers.get(database);
  if (b) await b.flush();
}

/**
 * For the server's close: writes the buffered lookups, and from then on writes each lookup before its request
 * completes, so requests still in flight while the server stops lose nothing either.
 */
export async function drainLookups(database: Database): Promise<void> {
  await bufferOf(database).drain();
}

/** Where failed background writes are reported (the server's logger); they are retried on the next flush. */
export function onLookupLogError(database: Database, report: (error: unknown) => void): void {
  bufferOf(database).onError = report;
}

/** Lookups recorded but not yet written (for tests and diagnostics). */
export function pendingLookups(database: Database): number {
  return buffers.get(database)?.waiting ?? 0;
}
