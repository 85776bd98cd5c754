/**
 * Breadth-first walks over the trace graph: one indexed query per hop for the whole frontier (never one per node),
 * a visited set (cycles end), a depth limit and a time cut-off. Containers a node travelled in are followed upward
 * only within the aggregation window, so siblings in a shared case are not reached and a reused pallet's later
 * loads are not mixed in.
 */
import { type Kysely, sql } from 'kysely';
import { inValueList } from '../../db/dialects/value-list.js';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../access/index.js';
import { eventVisibleTo, seesAll } from './trace-scope.js';

/** Which way a walk goes: `backward` to origins and inputs, `forward` to everything made from or shipped in it. */
export type Direction = 'backward' | 'forward';

/** A time window [from, to) in epoch ms; `to` is Infinity while it is open. */
export interface Window {
  from: number;
  to: number;
}

/** One link the walk crossed. */
export interface WalkEdge {
  linkId: number;
  kind: 'aggregation' | 'membership' | 'transformation';
  fromId: number;
  toId: number;
  eventPk: number;
  time: number;
  quantity: number | null;
  uom: string | null;
}

/** What a walk found. */
export interface WalkResult {
  /** Nodes reached as goods in their own right, with the hop they were reached at. */
  nodes: Map<number, number>;
  /** For each node, the containers it travelled in and when (transitively: case, then pallet). */
  containersOf: Map<number, Array<{ id: number; window: Window }>>;
  edges: WalkEdge[];
  /** Whether the depth limit stopped the walk with nodes still unexplored. */
  truncated: boolean;
}

/** Options of a walk. */
export interface WalkOptions {
  direction: Direction;
  /** Maximum number of hops. */
  depth: number;
  /** Time cut-off: links made after it are not followed. */
  at: number | null;
}

/** A link as the hop query returns it: already shaped as the edge it becomes, plus when it stopped holding. */
interface LinkRow extends WalkEdge {
  validTo: number | null;
  /** Which side of the link the frontier matched (a link between two frontier nodes comes once per side). */
  side: 'from_id' | 'to_id';
}

type LinkQuery = { column: 'from_id' | 'to_id'; ids: number[]; kinds: 'aggregation' | null };

/**
 * Every link of one hop in one query (one round trip): for each side (links leaving the frontier, links reaching
 * it) an index search per frontier id on trace_links_from / trace_links_to, the list bound as one parameter.
 */
async function hopLinks(
  db: Kysely<DB>,
  scope: Scope,
  parts: LinkQuery[],
  at: number | null,
): Promise<LinkRow[]> {
  const queries = parts
    .filter((p) => p.ids.length > 0)
    .map((p) => {
      // Columns are read under the edge's own names and the rows kept as the edges: a forward walk from an input
      // lot crosses tens of thousands of links, and copying each into a second object was a good part of its time.
      // Integer columns arrive as numbers on both engines (the PostgreSQL dialect parses int8; better-sqlite3
      // returns numbers).
      let q = db
        .selectFrom('trace_links as l')
        .select([
          'l.id as linkId',
          'l.kind',
          'l.from_id as fromId',
          'l.to_id as toId',
          'l.event_pk as eventPk',
          'l.valid_from as time',
          'l.valid_to as validTo',
          'l.quantity',
          'l.uom',
          sql<string>`${sql.lit(p.column)}`.as('side'),
        ])
        .where(inValueList(db, `l.${p.column}`, p.ids))
        .where('l.erroneous', '=', 0);
      if (p.kinds) q = q.where('l.kind', '=', p.kinds);
      if (at !== null) q = q.where('l.valid_from', '<=', at);
      if (!seesAll(scope)) {
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('events as e')
              .select('e.id')
              .whereRef('e.id', '=', 'l.event_pk')
              .where((eb2) => eventVisibleTo(eb2, scope)),
          ),
        );
      }
      return q;
    });
  if (queries.length === 0) return [];
  const [first, ...rest] = queries;
  let q = first!;
  for (const r of rest) q = q.unionAll(r);
  return (await q.execute()) as LinkRow[];
}

const intersect = (a: Window, b: Window): Window | null => {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from < to || (from === to && a.from === a.to) ? { from, to } : null;
};

/** Walks the graph from the root identifiers, seeing only links whose events the scope may see. */
export async function walk(
  db: Kysely<DB>,
  scope: Scope,
  roots: number[],
  options: WalkOptions,
): Promise<WalkResult> {
  const { direction, depth, at } = options;
  const nodes = new Map<number, number>();
  const containersOf = new Map<number, Array<{ id: number; window: Window }>>();
  // Leaves already known to have travelled in each container (numbers, not string keys: 10 000s of pairs).
  const containerSeen = new Map<number, Set<number>>();
  const edges = new Map<number, LinkRow>();
  const cut = at ?? Number.POSITIVE_INFINITY;

  let normal: number[] = [];
  for (const r of roots) {
    if (!nodes.has(r)) {
      nodes.set(r, 0);
      normal.push(r);
    }
  }
  let containers: Array<{ id: number; leaf: number; window: Window }> = [];
  const addEdge = (r: LinkRow) => {
    if (!edges.has(r.linkId)) edges.set(r.linkId, r);
  };
  const linkWindow = (r: LinkRow): Window => ({
    from: r.time,
    to: Math.min(r.validTo ?? Number.POSITIVE_INFINITY, cut),
  });

  let hop = 0;
  for (; hop < depth && (normal.length > 0 || containers.length > 0); hop++) {
    const nextNormal: number[] = [];
    const nextContainers: typeof containers = [];
    const visitNormal = (id: number, r: LinkRow) => {
      addEdge(r);
      if (nodes.has(id)) return;
      nodes.set(id, hop + 1);
      nextNormal.push(id);
    };
    const visitContainer = (id: number, leaf: number, window: Window, r: LinkRow) => {
      if (id === leaf) return;
      let seen = containerSeen.get(id);
      if (!seen) {
        seen = new Set();
        containerSeen.set(id, seen);
      } else if (seen.has(leaf)) return;
      seen.add(leaf);
      addEdge(r);
      const list = containersOf.get(leaf);
      if (list) list.push({ id, window });
      else containersOf.set(leaf, [{ id, window }]);
      nextContainers.push({ id, leaf, window });
    };

    const upIds = [...new Set([...normal, ...containers.map((c) => c.id)])];
    const rows = await hopLinks(
      db,
      scope,
      [
        { column: 'from_id', ids: normal, kinds: direction === 'forward' ? null : 'aggregation' },
        { column: 'to_id', ids: upIds, kinds: direction === 'forward' ? 'aggregation' : null },
      ],
      at,
    );
    const byFrom = new Map<number, LinkRow[]>();
    const byTo = new Map<number, LinkRow[]>();
    for (const r of rows) {
      const fromSide = r.side === 'from_id';
      const m = fromSide ? byFrom : byTo;
      const key = fromSide ? r.fromId : r.toId;
      const list = m.get(key);
      if (list) list.push(r);
      else m.set(key, [r]);
    }
    for (const id of normal) {
      // Downstream (forward: every kind) or contents (backward: where each thing inside came from).
      for (const r of byFrom.get(id) ?? []) visitNormal(r.toId, r);
      for (const r of byTo.get(id) ?? []) {
        if (r.kind === 'aggregation') visitContainer(r.fromId, id, linkWindow(r), r);
        else visitNormal(r.fromId, r); // backward only: inputs and the lot of an item
      }
    }
    for (const c of containers) {
      for (const r of byTo.get(c.id) ?? []) {
        if (r.kind !== 'aggregation') continue;
        const w = intersect(c.window, linkWindow(r));
        if (w) visitContainer(r.fromId, c.leaf, w, r);
      }
    }
    normal = nextNormal;
    containers = nextContainers;
  }
  return {
    nodes,
    containersOf,
    edges: [...edges.values()],
    truncated: normal.length > 0 || containers.length > 0,
  };
}
