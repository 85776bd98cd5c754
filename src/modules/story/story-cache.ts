/**
 * The cache of built stories, per open database. Hot public lookups repeat (one product, many shoppers), and a
 * story costs a dozen queries. A capture invalidates at once every story naming an identifier it touched (the
 * capture hook below), a recall drops them all (the recall routes), and a build that an invalidation overtook is
 * returned but not kept, so a capture or recall during a build cannot leave an outdated story behind.
 *
 * What another process or server node changed (`zhuisu import`, a second node behind the load balancer) reaches
 * the cache through a probe: at most every {@link STORY_TTL_MS}, one query reads the log's size and the recalls'
 * state; if they moved by more than this node's own captures account for, every story is dropped. Master data
 * edits (a product renamed, a licence added) have no such signal, so a story older than {@link STORY_MAX_AGE_MS}
 * is rebuilt in the background while it is still served. Neither step makes a request wait: a busy code never
 * waits for its rebuild. NOTE: per node, in memory — docs/deployment.md plans a shared cache for scale-out.
 */
import type { Database } from '../../db/index.js';
import type { CaptureHook } from '../events/index.js';
import { type StoreVersion, storeVersion } from './story.repository.js';
import type { PublicStory } from './story.types.js';

/** How long a story may be served without the store being checked for changes made elsewhere. */
export const STORY_TTL_MS = 15_000;
/** Past this age since the last successful check a story is rebuilt before it is served (the check keeps failing). */
export const STORY_MAX_STALE_MS = 4 * STORY_TTL_MS;
/** Past this age a story is rebuilt in the background (master data edits leave no signal to check). */
export const STORY_MAX_AGE_MS = 5 * 60_000;
/** Entries kept per database (least recently built dropped first). */
const MAX_ENTRIES = 20_000;
/** Background rebuilds at once per database: enough to keep hot stories fresh, few enough not to crowd out requests. */
const MAX_REFRESHES = 2;

interface Entry {
  story: PublicStory;
  at: number;
  ids: readonly number[];
  canonicals: readonly string[];
}

interface Cache {
  byCode: Map<string, Entry>;
  byId: Map<number, Set<string>>;
  byCanonical: Map<string, Set<string>>;
  /** Bumped by every invalidation: a build that started under an older generation is not kept. */
  generation: number;
  refreshing: Set<string>;
  /** When the store was last found unchanged (every kept story is current as of then), and what it held. */
  verifiedAt: number;
  version: StoreVersion | null;
  /** Events this node captured since `version` was read (each adds one log leaf). */
  ownLeaves: number;
  probing: boolean;
  baseline: Promise<void> | null;
}

const caches = new WeakMap<Database, Cache>();

function cacheOf(database: Database): Cache {
  let c = caches.get(database);
  if (!c) {
    c = {
      byCode: new Map(),
      byId: new Map(),
      byCanonical: new Map(),
      generation: 0,
      refreshing: new Set(),
      verifiedAt: 0,
      version: null,
      ownLeaves: 0,
      probing: false,
      baseline: null,
    };
    caches.set(database, c);
  }
  return c;
}

/** The cache generation a build starts under (pass it to {@link rememberStory}). */
export function storyGeneration(database: Database): number {
  return cacheOf(database).generation;
}

/**
 * Before the first build of a database, records what the store holds, so that every change made elsewhere after
 * any kept story was read is seen by a later check. Resolves at once afterwards.
 */
export async function storyBaseline(database: Database, onError: (e: unknown) => void): Promise<void> {
  const c = cacheOf(database);
  if (c.version !== null) return;
  c.baseline ??= probe(database, c, onError).finally(() => {
    c.baseline = null;
  });
  await c.baseline;
}

function dropAll(c: Cache): void {
  c.generation += 1;
  c.byCode.clear();
  c.byId.clear();
  c.byCanonical.clear();
}

/**
 * Checks the store for changes made elsewhere (see the header). The first check only records what the store
 * holds: stories built before it were built from the store as it was then, at most one probe interval earlier.
 */
async function probe(database: Database, c: Cache, onError: (e: unknown) => void): Promise<void> {
  if (c.probing) return;
  c.probing = true;
  const startedAt = Date.now();
  const own = c.ownLeaves;
  try {
    const v = await storeVersion(database.db);
    const before = c.version;
    const moved =
      before !== null &&
      (v.leaves !== before.leaves + own ||
        v.lastRecall !== before.lastRecall ||
        v.openRecalls !== before.openRecalls ||
        v.recallCodes !== before.recallCodes);
    if (moved) dropAll(c);
    c.version = v;
    c.ownLeaves -= own;
    c.verifiedAt = startedAt;
  } catch (e) {
    onError(e);
  } finally {
    c.probing = false;
  }
}

function drop(c: Cache, code: string): void {
  const e = c.byCode.get(code);
  if (!e) return;
  c.byCode.delete(code);
  for (const id of e.ids) c.byId.get(id)?.delete(code);
  for (const k of e.canonicals) c.byCanonical.get(k)?.delete(code);
}

/**
 * The cached story of a canonical code, if it may be served; `stale` when it should be rebuilt in the background.
 * Starts the check for changes made elsewhere when it is due (reported to `onError` if it fails).
 */
export function cachedStory(
  database: Database,
  canonical: string,
  now: number,
  onError: (e: unknown) => void = () => undefined,
): { story: PublicStory; stale: boolean } | undefined {
  const c = cacheOf(database);
  const e = c.byCode.get(canonical);
  if (!e) return undefined;
  const currentAsOf = Math.max(e.at, c.verifiedAt);
  if (now - currentAsOf > STORY_TTL_MS) void probe(database, c, onError);
  if (now - currentAsOf > STORY_MAX_STALE_MS || now < e.at) {
    drop(c, canonical);
    return undefined;
  }
  return { story: e.story, stale: now - e.at > STORY_MAX_AGE_MS };
}

/**
 * Runs `rebuild` for a stale story in the background unless it is already being rebuilt or enough rebuilds are
 * running; the stale story keeps being served meanwhile. Failures go to `onError`.
 */
export function refreshInBackground(
  database: Database,
  canonical: string,
  rebuild: () => Promise<void>,
  onError: (e: unknown) => void,
): void {
  const c = cacheOf(database);
  if (c.refreshing.has(canonical) || c.refreshing.size >= MAX_REFRESHES) return;
  c.refreshing.add(canonical);
  rebuild()
    .catch(onError)
    .finally(() => c.refreshing.delete(canonical));
}

/** Stores a built story with the identifiers (row ids and canonical strings) it was built from. */
export function rememberStory(
  database: Database,
  canonical: string,
  story: PublicStory,
  ids: readonly number[],
  canonicals: readonly string[],
  now: number,
  generation: number,
): void {
  const c = cacheOf(database);
  if (generation !== c.generation) return;
  drop(c, canonical);
  if (c.byCode.size >= MAX_ENTRIES) {
    const oldest = c.byCode.keys().next().value;
    if (oldest !== undefined) drop(c, oldest);
  }
  c.byCode.set(canonical, { story, at: now, ids, canonicals });
  for (const id of ids) {
    if (!c.byId.has(id)) c.byId.set(id, new Set());
    c.byId.get(id)!.add(canonical);
  }
  for (const k of canonicals) {
    if (!c.byCanonical.has(k)) c.byCanonical.set(k, new Set());
    c.byCanonical.get(k)!.add(canonical);
  }
}

/** Drops the stories built from any of these identifiers (row ids or canonical strings); for recalls and captures. */
export function invalidateStories(
  database: Database,
  ids: Iterable<number>,
  canonicals: Iterable<string> = [],
): void {
  const c = cacheOf(database);
  c.generation += 1;
  const codes = new Set<string>();
  for (const id of ids) for (const code of c.byId.get(id) ?? []) codes.add(code);
  for (const k of canonicals) for (const code of c.byCanonical.get(k) ?? []) codes.add(code);
  for (const code of codes) drop(c, code);
}

/** Drops every cached story of a database (a recall whose reach is not known in identifiers). */
export function clearStories(database: Database): void {
  const c = caches.get(database);
  if (c) dropAll(c);
}

/** The capture hook (src/pipeline.ts): a new event invalidates every story naming one of its identifiers. */
export const storyCacheHook: CaptureHook = async ({ database, stored, afterCommit }) => {
  const c = caches.get(database);
  if (!c) return;
  // `identifierIds` is the whole document's map: collect each event's own identifiers once, then drop in one pass.
  const ids = new Set<number>();
  const canonicals = new Set<string>();
  for (const s of stored) {
    for (const i of s.record.identifiers) {
      canonicals.add(i.canonical);
      const id = s.identifierIds.get(i.canonical);
      if (id !== undefined) ids.add(id);
    }
  }
  // Each stored event adds one leaf to the log: the probe tells these from captures made elsewhere.
  c.ownLeaves += stored.length;
  invalidateStories(database, ids, canonicals);
  // Until the capture commits, another connection (PostgreSQL) still reads the store without it: a story built in
  // that window is dropped, and its build discarded, once more when the capture is visible.
  afterCommit?.(() => invalidateStories(database, ids, canonicals));
};
