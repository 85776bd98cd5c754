/**
 * End-to-end: the Ji'an demo builds through the real capture pipeline on both engines, covers all 13 county-level
 * divisions and every category, and each sample code a shopper could scan resolves to events over EPCIS queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../src/modules/codes/index.js';
import { type DemoSummary, seedDemo } from '../src/modules/demo/index.js';
import { captureHooks } from '../src/pipeline.js';
import { login, type Session, startPlatform, type TestPlatform } from './helpers/app.js';
import { zhuisu } from './helpers/cli.js';
import { ENGINES } from './helpers/engines.js';

const COUNTIES = [
  '360802',
  '360803',
  '360821',
  '360822',
  '360823',
  '360824',
  '360825',
  '360826',
  '360827',
  '360828',
  '360829',
  '360830',
  '360881',
];
const hashesByEngine: string[][] = [];

describe.each(ENGINES)('the small demo on $name', (engine) => {
  let p: TestPlatform;
  let demo: DemoSummary;
  let admin: Session;

  beforeAll(async () => {
    p = await startPlatform(engine);
    demo = await seedDemo(p.database, p.config, captureHooks(p.database, p.config), {
      scale: 'small',
      seed: 7,
    });
    admin = await login(p, 'admin', p.adminPassword);
  }, 120_000);
  afterAll(async () => p?.close());

  it('seats enterprises in all 13 county-level divisions and creates a login per audience', async () => {
    const seats = await p.database.db
      .selectFrom('organisations')
      .select('division_code')
      .where('kind', '=', 'enterprise')
      .execute();
    for (const c of COUNTIES) expect(seats.map((s) => s.division_code)).toContain(c);
    for (const audience of ['regulator', 'county', 'enterprise', 'platform'] as const) {
      const l = demo.logins[audience]!;
      const res = await p.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: l.username, password: l.password },
      });
      expect(res.statusCode, `${audience} ${l.username}`).toBe(200);
    }
    const departments = await p.database.db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'department')
      .execute();
    expect(departments.length).toBeGreaterThanOrEqual(10);
  });

  it('stores every chain through the pipeline: events of every category, the ledger, the messy parts', async () => {
    expect(demo.events).toBeGreaterThan(80);
    const count = async (q: (db: TestPlatform['database']['db']) => Promise<{ n: unknown } | undefined>) =>
      Number((await q(p.database.db))?.n ?? 0);
    const stored = await count((db) =>
      db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    );
    expect(stored).toBe(demo.events);
    const steps = (await p.database.db.selectFrom('events').select('biz_step').distinct().execute()).map(
      (r) => r.biz_step,
    );
    for (const step of [
      'unpacking',
      'packing',
      'killing',
      'dispensing',
      'retail_selling',
      'zs:BizStep-filling',
      'zs:BizStep-blasting_use',
      'zs:BizStep-periodic_inspection',
    ]) {
      expect(steps).toContain(step);
    }
    expect(
      await count((db) =>
        db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('event_type', '=', 'TransformationEvent')
          .executeTakeFirst(),
      ),
    ).toBeGreaterThanOrEqual(3);
    expect(
      await count((db) =>
        db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('disposition', '=', 'returned')
          .executeTakeFirst(),
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await count((db) =>
        db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('error_declared_at', 'is not', null)
          .executeTakeFirst(),
      ),
    ).toBe(1);
    expect(
      await count((db) =>
        db
          .selectFrom('input_applications')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst(),
      ),
    ).toBeGreaterThan(0);
    expect(
      await count((db) =>
        db
          .selectFrom('compliance_certificates')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst(),
      ),
    ).toBe(4);
    const hashes = (
      await p.database.db.selectFrom('events').select('event_hash').orderBy('event_hash').execute()
    ).map((r) => r.event_hash);
    hashesByEngine.push(hashes);
    if (hashesByEngine.length > 1)
      expect(hashes, 'the same seed builds the same events on every engine').toEqual(hashesByEngine[0]);
  });

  it.each(['AGRI', 'FOOD', 'DRUG', 'INPUT', 'EQUIP', 'HAZMAT'])(
    'the %s sample code resolves to its events',
    async (category) => {
      const code = demo.samples[category]!;
      expect(code).toBeTruthy();
      // What a scanner reads (a bare 20-digit drug code, an 18-digit 设备代码, a Digital Link) becomes the canonical
      // identifier the store uses, as the public query does.
      const canonical = parse(code).canonical ?? code;
      const byEpc = await admin.call(
        'GET',
        `/epcis/events?MATCH_anyEPC=${encodeURIComponent(canonical)}&perPage=100`,
      );
      expect(byEpc.statusCode, byEpc.body).toBe(200);
      const events = byEpc.json().epcisBody.queryResults.resultsBody.eventList as { bizStep: string }[];
      expect(events.length, `${category} ${code}`).toBeGreaterThanOrEqual(2);
    },
  );

  it('the mixed vegetable lot resolves by MATCH_anyEPCClass to its transformation and certificate', async () => {
    const merges = await admin.call(
      'GET',
      '/epcis/events?eventType=TransformationEvent&EQ_bizStep=commissioning',
    );
    const merge = merges.json().epcisBody.queryResults.resultsBody.eventList[0] as {
      inputQuantityList: unknown[];
      outputQuantityList: { epcClass: string }[];
    };
    expect(merge.inputQuantityList).toHaveLength(2);
    const res = await admin.call(
      'GET',
      `/epcis/events?MATCH_anyEPCClass=${encodeURIComponent(merge.outputQuantityList[0]!.epcClass)}&perPage=100`,
    );
    const events = res.json().epcisBody.queryResults.resultsBody.eventList as {
      type: string;
      bizStep: string;
    }[];
    expect(events.map((e) => e.type)).toContain('TransformationEvent');
    expect(events.map((e) => e.bizStep)).toEqual(
      expect.arrayContaining(['zs:BizStep-certificate_issue', 'shipping', 'receiving']),
    );
  });
});

describe('zhuisu demo on the command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zhuisu-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints orgs, events, a sample per category and the logins as JSON, and refuses a second run', async () => {
    const first = await zhuisu(['demo', '--scale', 'small', '--json', '--data', dir]);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as DemoSummary;
    expect(out.orgs).toBeGreaterThanOrEqual(40);
    expect(Object.keys(out.samples)).toEqual(
      expect.arrayContaining(['AGRI', 'FOOD', 'DRUG', 'INPUT', 'EQUIP', 'HAZMAT']),
    );
    expect(out.logins.admin!.password).toBeTruthy();
    const again = await zhuisu(['demo', '--data', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/DEMO_STORE_NOT_EMPTY/);
    const bad = await zhuisu(['demo', '--scale', 'huge', '--data', dir]);
    expect(bad.code).toBe(2);
  }, 120_000);
});
