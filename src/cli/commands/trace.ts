/**
 * `zhuisu trace <code> --backward|--forward`: walk the trace graph of the local store from any code the codes module
 * parses, with the platform's (admin) scope — the operator at the shell owns the store. `--json` prints the same
 * shape as GET /api/gov/trace/{code}; otherwise a readable summary.
 */
import type { Command } from 'commander';
import { isAppError } from '../../lib/errors.js';
import type { TraceResult } from '../../modules/trace/index.js';
import { type DataOptions, output, UsageError, withDatabase } from '../context.js';

// NOTE: the trace and access modules load only when the command runs, so `--help` stays instant.
const trace = () => import('../../modules/trace/index.js');
const access = () => import('../../modules/access/index.js');

interface TraceFlags extends DataOptions {
  backward?: boolean;
  forward?: boolean;
  depth?: string;
  at?: string;
  json?: boolean;
}

/** Registers `trace`. */
export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description(
      'Trace a code backward (origins, inputs, custodians) or forward (every holder, quantities, counties) in the local store.',
    )
    .argument(
      '<code>',
      'any code: GS1 Digital Link or EPC URI, element string, Chinese trace code, platform code',
    )
    .option('--backward', 'where it came from')
    .option('--forward', 'where it went')
    .option('--depth <n>', 'maximum number of hops (1–500, default 100)')
    .option('--at <iso>', 'time cut-off: what the graph looked like then (ISO 8601, not in the future)')
    .option('--data <dir>', 'data directory of the embedded store')
    .option('--json', 'print the trace as JSON (the shape of GET /api/gov/trace/{code})')
    .action(async (code: string, opts: TraceFlags) => {
      if (opts.backward === opts.forward) {
        throw new UsageError('give exactly one of --backward or --forward.');
      }
      let depth: number | undefined;
      if (opts.depth !== undefined) {
        if (!/^\d+$/.test(opts.depth))
          throw new UsageError(`--depth must be a whole number, got ${JSON.stringify(opts.depth)}.`);
        depth = Number(opts.depth);
      }
      const t = await trace();
      try {
        t.traceLimits({
          ...(depth !== undefined ? { depth } : {}),
          ...(opts.at !== undefined ? { at: opts.at } : {}),
        });
      } catch (e) {
        // A flag value out of range is a usage error at the shell (exit 2), as the API answers it with 400.
        if (isAppError(e)) throw new UsageError(`--${e.path ?? 'depth'}: ${e.message}`);
        throw e;
      }
      await withDatabase(opts, async (database) => {
        const a = await access();
        const scope = a.scopeFor(
          {
            via: 'key',
            userId: null,
            keyId: null,
            username: null,
            role: 'admin',
            org: { id: 0, kind: 'admin', name: 'cli', uscc: null, divisionCode: null, categories: [] },
          },
          () => [],
        );
        const result = await t.traceCode(database.db, scope, code, {
          direction: opts.backward ? 'backward' : 'forward',
          ...(depth !== undefined ? { depth } : {}),
          ...(opts.at !== undefined ? { at: opts.at } : {}),
        });
        output(opts.json, result, () => describe(result));
      });
    });
}

const named = (p: { name: string | null; uscc: string | null; party?: string | null }) =>
  `${p.name ?? p.party ?? 'unknown party'}${p.uscc ? ` (${p.uscc})` : ''}`;

/** The readable summary of a trace. */
export function describe(r: TraceResult): string {
  const lines: string[] = [];
  const product = r.root.product ? ` — ${r.root.product.name}` : '';
  lines.push(`${r.direction} trace of ${r.root.id} (${r.root.kind}${product})`);
  if (r.at) lines.push(`as at ${r.at}`);
  lines.push(
    `${r.nodes.length} nodes, ${r.edges.length} edges, ${r.events.length} events, ${r.parties.length} parties; ` +
      `${r.summary.items} items, ${r.summary.batches} batches${r.truncated ? ` (stopped at depth ${r.depth})` : ''}`,
  );
  if (r.direction === 'backward') {
    lines.push('origins:');
    for (const o of r.summary.origins)
      lines.push(`  ${o.code}  ${named(o)}${o.division ? ` [${o.division}]` : ''}`);
    if (r.summary.origins.length === 0) lines.push('  none found');
  } else {
    lines.push('holders:');
    for (const h of r.summary.holders) {
      const held = [
        h.items > 0 ? `${h.items} in stock` : '',
        h.itemsInTransit > 0 ? `${h.itemsInTransit} in transit` : '',
        h.itemsSold > 0 ? `${h.itemsSold} sold` : '',
        ...h.quantities.map((q) =>
          `${q.quantity} ${q.uom ?? ''}${q.sold ? ` (+${q.sold} sold)` : ''}`.trim(),
        ),
      ].filter(Boolean);
      lines.push(
        `  ${named(h)}${h.division ? ` [${h.division}]` : ''}: ${held.join(', ') || 'nothing left'}`,
      );
    }
    if (r.summary.holders.length === 0) lines.push('  none found');
    lines.push('counties:');
    for (const c of r.summary.counties)
      lines.push(
        `  ${c.division} ${c.name ?? ''}: ${c.parties} parties, ${c.items} items${c.itemsSold ? `, ${c.itemsSold} sold` : ''}${c.quantity ? `, ${c.quantity} ${c.uom ?? ''}` : ''}`.trimEnd(),
      );
  }
  const custody = r.edges.filter((e) => e.type === 'custody');
  if (custody.length > 0) {
    lines.push('custody:');
    for (const e of custody) lines.push(`  ${e.time}  ${e.from} → ${e.to}  ${e.status ?? ''}`.trimEnd());
  }
  if (r.erroneous.length > 0) {
    lines.push('declared erroneous (left out):');
    for (const e of r.erroneous) lines.push(`  ${e.eventID}${e.reason ? `: ${e.reason}` : ''}`);
  }
  return lines.join('\n');
}
