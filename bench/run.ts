/**
 * `npm run bench`: measures the raw limits of this machine and then every platform figure in the same run, prints
 * a table and writes bench/results.json as [{name, value, unit, ratio?: {to, value}}]. BENCH_QUICK=1 shortens it;
 * BENCH_ONLY=<suite,suite> runs some suites (raw limits always run first).
 */
import { fileURLToPath } from 'node:url';
import { BenchContext, saveResults } from './lib/results.js';
import * as codes from './suites/codes.js';
import * as demo from './suites/demo.js';
import * as epcis from './suites/epcis.js';
import * as ledger from './suites/ledger.js';
import * as platformHttp from './suites/platform-http.js';
import * as publicQuery from './suites/public.js';
import * as rawLimits from './suites/raw-limits.js';
import * as subscriptions from './suites/subscriptions.js';
import * as trace from './suites/trace.js';

/** Suites in order; raw limits first, since later figures are ratios to them. */
const SUITES: Record<string, { run(ctx: BenchContext): Promise<void> }> = {
  'raw-limits': rawLimits,
  'platform-http': platformHttp,
  codes,
  epcis,
  ledger,
  subscriptions,
  trace,
  public: publicQuery,
  demo,
};

const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const ctx = new BenchContext(quick);
for (const [name, suite] of Object.entries(SUITES)) {
  if (only && name !== 'raw-limits' && !only.includes(name)) continue;
  process.stdout.write(`\n# ${name}\n`);
  await suite.run(ctx);
}
saveResults(ctx, fileURLToPath(new URL('./results.json', import.meta.url)));
