/**
 * The Ji'an demo data set (issue 6): organisations in all 13 county-level divisions with demo logins, master
 * data, and complete chains for every category, captured THROUGH THE REAL PIPELINE (captureEvents with the
 * hooks the caller passes: src/pipeline.ts `captureHooks`) — so the profile checks, the ledger and the trace
 * links see demo data exactly as they see any capture. Deterministic for a given seed (record times aside).
 */
import type { Config } from '../../config/index.js';
import type { Database } from '../../db/index.js';
import { AppError } from '../../lib/errors.js';
import type { CaptureHook } from '../events/index.js';
import { pigChain, type Samples, silkieChain, teaChain, vegetableChain } from './demo-chains-farm.js';
import {
  cylinderChain,
  drugChain,
  elevatorChain,
  errorDeclarationChain,
  formulaChain,
  hazmatChain,
  importChain,
} from './demo-chains-goods.js';
import { DemoContext, type DemoLogin, seededRandom } from './demo-context.js';
import { createDemoOrgs } from './demo-orgs.js';
import { setupMasterData } from './demo-setup.js';

/** Sizes of the data set. */
export const DEMO_SCALES = {
  /** One run of every chain: seconds. */
  small: { repetitions: 1, units: 4, minEvents: 0 },
  /** Ten runs with bigger lots. */
  medium: { repetitions: 10, units: 20, minEvents: 0 },
  /** Runs until at least 1 000 000 events (benchmarks). */
  large: { repetitions: Number.POSITIVE_INFINITY, units: 200, minEvents: 1_000_000 },
} as const;

/** A scale name. */
export type DemoScale = keyof typeof DEMO_SCALES;

/** What to build. */
export interface DemoOptions {
  scale?: DemoScale;
  seed?: number;
  /** Called after each repetition with the events stored so far. */
  onProgress?: (events: number) => void;
}

/** What was built: counts, one code per category a shopper could scan, and the demo logins. */
export interface DemoSummary {
  scale: DemoScale;
  seed: number;
  orgs: number;
  events: number;
  /** Category code → a code on a product of that category (scan it, or query it with MATCH_anyEPC). */
  samples: Record<string, string>;
  /** One login per audience (the admin's password is the configured one, or the one printed at first start). */
  logins: Record<string, { username: string; password: string | null }>;
  /** Every demo account. */
  accounts: DemoLogin[];
  seconds: number;
}

/** Whether the store holds nothing but the platform administration (the demo builds only into such a store). */
export async function storeIsEmpty(database: Database): Promise<boolean> {
  const org = await database.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '!=', 'admin')
    .limit(1)
    .executeTakeFirst();
  const event = await database.db.selectFrom('events').select('id').limit(1).executeTakeFirst();
  return !org && !event;
}

function pickUser(logins: DemoLogin[], username: string) {
  const l = logins.find((x) => x.username === username);
  return l ? { username: l.username, password: l.password } : undefined;
}

/** Builds the demo into an empty store. */
export async function seedDemo(
  database: Database,
  config: Config,
  hooks: readonly CaptureHook[],
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const started = Date.now();
  const scale = options.scale ?? 'small';
  const seed = options.seed ?? 2018;
  const plan = DEMO_SCALES[scale];
  if (!plan)
    throw new AppError(
      'DEMO_BAD_SCALE',
      `scale must be small, medium or large, got ${JSON.stringify(scale)}.`,
      { status: 400 },
    );
  if (!(await storeIsEmpty(database))) {
    throw new AppError(
      'DEMO_STORE_NOT_EMPTY',
      'The demo builds into an empty store, and this one already holds organisations or events; use a fresh data directory (--data) or database.',
      { status: 409 },
    );
  }
  const ctx = new DemoContext(database, config, hooks, seededRandom(seed));
  await createDemoOrgs(ctx);
  const cat = await setupMasterData(ctx);
  const samples: Samples = {};
  for (let r = 0; r < plan.repetitions; r++) {
    const u = plan.units;
    await teaChain(ctx, cat, r, u, samples);
    await silkieChain(ctx, cat, r);
    await pigChain(ctx, cat, r);
    await vegetableChain(ctx, cat, r, samples);
    await formulaChain(ctx, cat, r, u, samples);
    await importChain(ctx, cat, r);
    await drugChain(ctx, cat, r, u, samples);
    await elevatorChain(ctx, cat, r, samples);
    await cylinderChain(ctx, cat, r);
    await hazmatChain(ctx, cat, r, u, samples);
    await errorDeclarationChain(ctx, cat, r);
    options.onProgress?.(ctx.events);
    if (plan.minEvents > 0 && ctx.events >= plan.minEvents) break;
  }
  const pick = (audience: string) => {
    const l = ctx.logins.find((x) => x.audience === audience);
    return l ? { username: l.username, password: l.password } : { username: '', password: null };
  };
  return {
    scale,
    seed,
    orgs: ctx.orgs.size,
    events: ctx.events,
    samples: {
      AGRI: samples.AGRI!,
      FOOD: samples.FOOD!,
      DRUG: samples.DRUG!,
      INPUT: samples.INPUT!,
      EQUIP: samples.EQUIP!,
      HAZMAT: samples.HAZMAT!,
    },
    logins: {
      admin: { username: 'admin', password: config.adminPassword ?? null },
      regulator: pickUser(ctx.logins, 'gov-agriculture') ?? pick('regulator'),
      county: pick('county'),
      enterprise: pick('enterprise'),
      platform: pick('platform'),
    },
    accounts: ctx.logins,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
