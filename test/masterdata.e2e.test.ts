/**
 * End-to-end: master data and the profile check at capture, over HTTP on both engines. One valid and several
 * invalid events per stage profile go through POST /epcis/events; invalid ones answer a problem document listing
 * each element and store nothing. Bad master data is refused whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_STAGES,
  findItem,
  ITEMS,
  isRequired,
  type Stage,
  stageAppliesTo,
  ZS_NAMESPACE,
} from '../src/modules/catalogue/index.js';
import { BAD, EVENT_TIME, VALID } from '../src/modules/catalogue/profile-check.fixtures.js';
import { withGs1CheckDigit } from '../src/modules/codes/index.js';
import {
  login,
  type Session,
  seedKey,
  seedOrg,
  startPlatform,
  type TestPlatform,
  testUscc,
} from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

type Obj = Record<string, unknown>;
const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { zs: ZS_NAMESPACE }];

// The first item each stage applies to; civil-explosive stages take industrial explosives here (the detonator job
// balance has its own scenario below).
const STAGE_CASES = ALL_STAGES.map((stage) => {
  const category = stage.id.split('.')[0]!;
  const item = ITEMS.find((i) => i.category === category && stageAppliesTo(stage, i.code))!;
  return { stage, item: item.code, label: `${stage.id} (${item.code})` };
});

let serial = 0;
const gtinOf = (n: number) => withGs1CheckDigit(`69012${String(4000 + n).padStart(7, '0')}`);
const epcOf = (gtin: string) => `https://id.gs1.org/01/0${gtin}/21/S${++serial}`;

function put(ev: Obj, use: Stage['elements'][number], value: unknown): void {
  if (use.place === 'ilmd')
    ev.ilmd = { ...((ev.ilmd as Obj | undefined) ?? {}), [`zs:${use.element}`]: value };
  else ev[`zs:${use.element}`] = value;
}

/** An event at `stage` about a unit of `gtin`, carrying the required elements (or all) with valid values. */
function stageEvent(stage: Stage, item: string, gtin: string, extra: Obj = {}): Obj {
  const type = stage.eventTypes?.[0] ?? 'ObjectEvent';
  const ev: Obj = {
    '@context': CONTEXT,
    type,
    eventTime: EVENT_TIME,
    eventTimeZoneOffset: '+08:00',
    bizStep: stage.bizStep,
  };
  if (type === 'ObjectEvent') {
    ev.action = stage.elements.some((u) => u.place === 'ilmd') ? 'ADD' : 'OBSERVE';
    ev.epcList = [epcOf(gtin)];
  } else {
    ev.inputEPCList = [epcOf(gtin)];
    ev.outputEPCList = [epcOf(gtin)];
  }
  for (const use of stage.elements) if (isRequired(use, item)) put(ev, use, VALID[use.element]);
  return { ...ev, ...extra };
}

describe.each(ENGINES)('master data and profile checks on $name', (engine) => {
  let p: TestPlatform;
  let farm: Session;
  let platformKey: string;
  let farmKey: string;
  const gtins = new Map<string, string>();
  const auth = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' });
  const capture = (key: string, body: unknown) =>
    p.app.inject({ method: 'POST', url: '/epcis/events', headers: auth(key), payload: body as Obj });
  const captureDoc = (key: string, body: unknown) =>
    p.app.inject({ method: 'POST', url: '/epcis/capture', headers: auth(key), payload: body as Obj });
  const eventCount = async () =>
    Number(
      (
        await p.database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const count = async (
    table: 'locations' | 'products' | 'documents' | 'batches' | 'licences' | 'profile_gaps',
  ) =>
    Number(
      (
        await p.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    p = await startPlatform(engine);
    const a = await seedOrg(
      p,
      { kind: 'enterprise', name: '遂川狗牯脑茶业合作社', uscc: testUscc('360827'), divisionCode: '360827' },
      `coop-${engine.name}`,
    );
    farm = await login(p, a.username);
    farmKey = (await seedKey(p, a.orgId)).key;
    const platform = await seedOrg(
      p,
      { kind: 'platform', name: '省级追溯平台', divisionCode: '360800' },
      `prov-${engine.name}`,
    );
    platformKey = (await seedKey(p, platform.orgId)).key;
    // One product per item the stage cases need, registered with the registration number its item requires.
    const regNo: Record<string, string> = {
      INPUT_PESTICIDE: 'PD20080005',
      INPUT_VET_DRUG: '兽药字150015233',
      FOOD_INFANT_FORMULA: '国食注字YP20160001',
    };
    let n = 0;
    for (const item of new Set([...STAGE_CASES.map((c) => c.item), 'HAZMAT_DETONATOR', 'AGRI_VEGETABLE'])) {
      const def = findItem(item)!;
      const reg = regNo[item] ?? (item.startsWith('DRUG_') ? '国药准字H20010001' : undefined);
      const gtin = gtinOf(++n);
      const res = await farm.call('POST', '/api/enterprise/products', {
        name: `${def.zh} 测试品`,
        category: def.category,
        item,
        gtin,
        ...(reg ? { registrationNo: reg } : {}),
        ...(item === 'INPUT_PESTICIDE'
          ? { attributes: { safetyIntervalDays: 7, activeIngredients: ['吡虫啉'] } }
          : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      gtins.set(item, gtin);
    }
  });
  afterAll(async () => p?.close());

  describe.each(STAGE_CASES)('stage $label', ({ stage, item }) => {
    it('accepts a valid event and refuses invalid ones, listing each element, storing nothing', async () => {
      const gtin = gtins.get(item)!;
      const ok = await capture(farmKey, stageEvent(stage, item, gtin));
      expect(ok.statusCode, ok.body).toBe(201);

      const required = stage.elements.filter((u) => isRequired(u, item));
      const before = await eventCount();
      if (required.length > 0) {
        // Every required element missing: one problem per element, each naming it.
        const bare = stageEvent(stage, item, gtin);
        for (const use of required) {
          if (use.place === 'ilmd') delete (bare.ilmd as Obj)[`zs:${use.element}`];
          else delete bare[`zs:${use.element}`];
        }
        if (bare.ilmd && Object.keys(bare.ilmd as Obj).length === 0) delete bare.ilmd;
        const res = await capture(farmKey, bare);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        const problem = res.json() as {
          code: string;
          errors: { code: string; path: string; message: string }[];
        };
        expect(problem.code).toBe('CATALOGUE_PROFILE_VIOLATION');
        for (const use of required) {
          expect(problem.errors.map((e) => e.path)).toContain(
            `${use.place === 'ilmd' ? '/ilmd' : ''}/zs:${use.element}`,
          );
        }
        expect(problem.errors.every((e) => e.code === 'CATALOGUE_MISSING_ELEMENT')).toBe(true);
      }
      // A malformed value of each element that has a bad fixture: its own problem at its own path.
      for (const use of stage.elements) {
        const bad = (BAD[use.element] ?? []).find((b) => b.onlyFor === undefined || b.onlyFor.includes(item));
        if (!bad) continue;
        const ev = stageEvent(stage, item, gtin);
        put(ev, use, bad.value);
        const res = await capture(farmKey, ev);
        expect(res.statusCode, `${use.element}=${JSON.stringify(bad.value)}: ${res.body}`).toBe(400);
        const paths = (res.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
        expect(paths).toContain(`${use.place === 'ilmd' ? '/ilmd' : ''}/zs:${use.element}`);
      }
      // An element the stage does not know.
      const unknown = stageEvent(stage, item, gtin, { 'zs:colourOfTheSky': 'blue' });
      const res = await capture(farmKey, unknown);
      expect(res.statusCode).toBe(400);
      expect((res.json() as { errors: { code: string }[] }).errors.map((e) => e.code)).toContain(
        'CATALOGUE_UNKNOWN_ELEMENT',
      );
      expect(await eventCount()).toBe(before);
    });
  });

  it('a document with one bad event among good ones is refused whole, the path pointing into the document', async () => {
    const stage = ALL_STAGES.find((s) => s.id === 'AGRI.receiving')!;
    const gtin = gtins.get('AGRI_VEGETABLE')!;
    const good = stageEvent(stage, 'AGRI_VEGETABLE', gtin);
    const bad = stageEvent(stage, 'AGRI_VEGETABLE', gtin);
    delete bad['zs:certificateNo'];
    const before = await eventCount();
    const doc = {
      '@context': CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: EVENT_TIME,
      epcisBody: { eventList: [good, bad] },
    };
    const res = await p.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: auth(farmKey),
      payload: doc,
    });
    expect(res.statusCode).toBe(202);
    const job = await waitJob(res.headers.location as string);
    expect(job.success).toBe(false);
    expect(job.errors[0]).toMatchObject({
      code: 'CATALOGUE_MISSING_ELEMENT',
      path: '/epcisBody/eventList/1/zs:certificateNo',
    });
    expect(await eventCount()).toBe(before);
  });

  async function waitJob(location: string): Promise<{ success: boolean; errors: Obj[] }> {
    for (let i = 0; i < 200; i++) {
      const job = (await p.app.inject({ url: location, headers: auth(farmKey) })).json();
      if (!job.running) return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('job did not finish');
  }

  it('under warn strictness a platform client stores the event and the gaps are recorded', async () => {
    const stage = ALL_STAGES.find((s) => s.id === 'AGRI.receiving')!;
    const ev = stageEvent(stage, 'AGRI_VEGETABLE', gtins.get('AGRI_VEGETABLE')!);
    delete ev['zs:certificateNo'];
    const gaps = await count('profile_gaps');
    const res = await capture(platformKey, ev);
    expect(res.statusCode, res.body).toBe(201);
    expect(await count('profile_gaps')).toBe(gaps + 1);
    const listed = await p.app.inject({
      url: '/api/enterprise/profile-gaps',
      headers: { authorization: `Bearer ${platformKey}` },
    });
    expect(listed.json().items[0]).toMatchObject({
      code: 'CATALOGUE_MISSING_ELEMENT',
      element: 'certificateNo',
      item: 'AGRI_VEGETABLE',
    });
  });

  it('a harvest inside the safety interval of a recorded pesticide use is refused; after it, accepted', async () => {
    const gtin = gtins.get('AGRI_VEGETABLE')!;
    const apply = ALL_STAGES.find((s) => s.id === 'AGRI.pesticide_application')!;
    const harvest = ALL_STAGES.find((s) => s.id === 'AGRI.harvesting')!;
    const plot = 'urn:zhuisu:loc:93360826MA3CD45E1D:plot-99';
    const used = stageEvent(apply, 'AGRI_VEGETABLE', gtin, {
      eventTime: '2025-06-01T08:00:00+08:00',
      'zs:plotId': plot,
      'zs:applicationDate': '2025-06-01',
    });
    expect((await capture(farmKey, used)).statusCode).toBe(201);
    const early = stageEvent(harvest, 'AGRI_VEGETABLE', gtin, {
      eventTime: '2025-06-04T08:00:00+08:00',
      ilmd: { 'zs:plotId': plot },
    });
    const res = await capture(farmKey, early);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ code: 'CATALOGUE_SAFETY_INTERVAL', path: '/eventTime' });
    expect(res.json().errors[0].message).toMatch(/2025-06-08/);
    const late = stageEvent(harvest, 'AGRI_VEGETABLE', gtin, {
      eventTime: '2025-06-09T08:00:00+08:00',
      ilmd: { 'zs:plotId': plot },
    });
    expect((await capture(farmKey, late)).statusCode).toBe(201);
  });

  it('detonators: issue 3, use 2, return 1 balance; returning one more is refused', async () => {
    const gtin = gtins.get('HAZMAT_DETONATOR')!;
    const step = (id: string) => ALL_STAGES.find((s) => s.id === id)!;
    const job = { 'zs:blastingJobId': 'JOB-E2E-1', 'zs:handlerIds': ['blaster-7'] };
    const at = (h: number) => `2025-06-10T0${h}:00:00+08:00`;
    const ev = (id: string, count: number, h: number, extra: Obj = {}) =>
      stageEvent(step(id), 'HAZMAT_DETONATOR', gtin, {
        ...job,
        'zs:detonatorCount': count,
        eventTime: at(h),
        ...extra,
      });
    expect((await capture(farmKey, ev('HAZMAT.explosive_issue', 3, 1))).statusCode).toBe(201);
    expect((await capture(farmKey, ev('HAZMAT.blasting_use', 2, 2))).statusCode).toBe(201);
    expect((await capture(farmKey, ev('HAZMAT.explosive_return', 1, 3))).statusCode).toBe(201);
    const extra = await capture(farmKey, ev('HAZMAT.explosive_return', 1, 4));
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors.map((e: Obj) => e.code)).toContain('CATALOGUE_DETONATOR_NEGATIVE_BALANCE');
  });

  it('a licence the event names that expired before the event date is refused', async () => {
    const lic = await farm.call('POST', '/api/enterprise/licences', {
      type: 'food_production',
      number: 'SC10536082700019',
      validFrom: '2020-01-01',
      expiresOn: '2025-01-31',
    });
    expect(lic.statusCode, lic.body).toBe(201);
    const stage = ALL_STAGES.find((s) => s.id === 'FOOD.production')!;
    const item = 'FOOD_INFANT_FORMULA';
    const ev = stageEvent(stage, item, gtins.get(item) ?? gtins.get('FOOD_DAIRY')!, {});
    (ev.ilmd as Obj)['zs:scLicenceNo'] = 'SC10536082700019';
    const res = await capture(farmKey, ev);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      code: 'MASTERDATA_LICENCE_EXPIRED',
      path: '/ilmd/zs:scLicenceNo',
    });
    (ev.ilmd as Obj)['zs:scLicenceNo'] = VALID.scLicenceNo;
    expect((await capture(farmKey, ev)).statusCode).toBe(201);
  });

  describe('bad master data is refused with a clear problem and nothing stored', () => {
    it.each([
      [
        'an unknown item',
        { name: '白茶', category: 'AGRI', item: 'AGRI_UNICORN' },
        'MASTERDATA_UNKNOWN_ITEM',
        '/item',
      ],
      [
        'an item of another category',
        { name: '农药', category: 'AGRI', item: 'INPUT_PESTICIDE', registrationNo: 'PD20080005' },
        'MASTERDATA_WRONG_CATEGORY',
        '/category',
      ],
      [
        'a malformed pesticide registration number',
        { name: '吡虫啉', category: 'INPUT', item: 'INPUT_PESTICIDE', registrationNo: 'XX2008' },
        'MASTERDATA_BAD_REGISTRATION_NUMBER',
        '/registrationNo',
      ],
      [
        'a drug without its approval number',
        { name: '吗啡片', category: 'DRUG', item: 'DRUG_NARCOTIC' },
        'MASTERDATA_REGISTRATION_REQUIRED',
        '/registrationNo',
      ],
      [
        'a malformed drug approval number',
        { name: '吗啡片', category: 'DRUG', item: 'DRUG_NARCOTIC', registrationNo: '国药准字H2001' },
        'MASTERDATA_BAD_REGISTRATION_NUMBER',
        '/registrationNo',
      ],
    ])('product with %s', async (_label, body, code, path) => {
      const before = await count('products');
      const res = await farm.call('POST', '/api/enterprise/products', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ code, path }));
      expect(await count('products')).toBe(before);
    });

    it('a location with coordinates outside China, or an unknown division', async () => {
      const before = await count('locations');
      const res = await farm.call('POST', '/api/enterprise/locations', {
        name: '茶园',
        kind: 'farm_plot',
        divisionCode: '360827',
        localId: 'plot-x',
        latitude: 48.85,
        longitude: 2.35,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ code: 'MASTERDATA_COORDINATES_OUTSIDE_CHINA' });
      const div = await farm.call('POST', '/api/enterprise/locations', {
        name: '茶园',
        kind: 'farm_plot',
        divisionCode: '999999',
        localId: 'plot-x',
      });
      expect(div.json().errors[0]).toMatchObject({
        code: 'MASTERDATA_UNKNOWN_DIVISION',
        path: '/divisionCode',
      });
      expect(await count('locations')).toBe(before);
      const ok = await farm.call('POST', '/api/enterprise/locations', {
        name: '汤湖茶园 7 号地块',
        kind: 'farm_plot',
        divisionCode: '360827',
        localId: 'plot-7',
        latitude: 26.31,
        longitude: 114.52,
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().identifier).toMatch(/^urn:zhuisu:loc:[0-9A-Z]{18}:plot-7$/);
    });

    it('a PNG named .pdf, and a file of no accepted type', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const before = await count('documents');
      const res = await p.app.inject({
        method: 'POST',
        url: '/api/enterprise/documents?name=report.pdf&kind=test_report',
        headers: { cookie: farm.cookie, 'x-csrf-token': farm.csrf, 'content-type': 'application/pdf' },
        payload: png,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0]).toMatchObject({
        code: 'MASTERDATA_DOCUMENT_TYPE_MISMATCH',
        path: '/content',
      });
      const exe = await p.app.inject({
        method: 'POST',
        url: '/api/enterprise/documents?name=x.pdf&kind=other',
        headers: {
          cookie: farm.cookie,
          'x-csrf-token': farm.csrf,
          'content-type': 'application/octet-stream',
        },
        payload: Buffer.from('MZ\x90\x00'),
      });
      expect(exe.json().errors[0].code).toBe('MASTERDATA_DOCUMENT_TYPE_UNSUPPORTED');
      expect(await count('documents')).toBe(before);
      const ok = await p.app.inject({
        method: 'POST',
        url: '/api/enterprise/documents?name=photo.png&kind=photo',
        headers: { cookie: farm.cookie, 'x-csrf-token': farm.csrf, 'content-type': 'image/png' },
        payload: png,
      });
      expect(ok.statusCode, ok.body).toBe(201);
      const back = await farm.call('GET', `/api/enterprise/documents/${ok.json().id}`);
      expect(back.headers['content-type']).toBe('image/png');
      expect(back.rawPayload.equals(png)).toBe(true);
    });

    it('a batch quantity that would go negative', async () => {
      const product = (await farm.call('GET', '/api/enterprise/products?item=AGRI_VEGETABLE')).json()
        .items[0];
      const neg = await farm.call('POST', '/api/enterprise/batches', {
        productId: product.id,
        lot: 'T-NEG',
        quantity: -5,
      });
      expect(neg.json().errors[0]).toMatchObject({ code: 'MASTERDATA_NEGATIVE_QUANTITY', path: '/quantity' });
      const batch = await farm.call('POST', '/api/enterprise/batches', {
        productId: product.id,
        lot: 'T-2025-06',
        quantity: 100,
        uom: 'KGM',
        producedOn: '2025-06-10',
      });
      expect(batch.statusCode, batch.body).toBe(201);
      const take = await farm.call('POST', `/api/enterprise/batches/${batch.json().id}/adjustments`, {
        delta: -60,
      });
      expect(take.json().quantity).toBe(40);
      const over = await farm.call('POST', `/api/enterprise/batches/${batch.json().id}/adjustments`, {
        delta: -41,
      });
      expect(over.statusCode).toBe(400);
      expect(over.json().code).toBe('MASTERDATA_NEGATIVE_QUANTITY');
      expect((await farm.call('GET', `/api/enterprise/batches/${batch.json().id}`)).json().quantity).toBe(40);
    });

    it('a licence that ends before it starts, and a malformed SC number', async () => {
      const before = await count('licences');
      const res = await farm.call('POST', '/api/enterprise/licences', {
        type: 'food_production',
        number: 'QS123',
        validFrom: '2025-01-01',
        expiresOn: '2024-01-01',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: Obj) => e.code)).toContain('MASTERDATA_BAD_LICENCE_NUMBER');
      expect(await count('licences')).toBe(before);
    });
  });

  it('stores a header BusinessLocation as a location with its division and coordinates; refuses one outside China', async () => {
    const stage = ALL_STAGES.find((s) => s.id === 'AGRI.receiving')!;
    const loc = 'urn:epc:id:sgln:6901234.00077.0';
    const vocab = (lat: number, lon: number) => ({
      epcisMasterData: {
        vocabularyList: [
          {
            type: 'urn:epcglobal:epcis:vtype:BusinessLocation',
            vocabularyElementList: [
              {
                id: loc,
                attributes: [
                  { id: 'urn:epcglobal:cbv:mda#name', attribute: '吉州区农贸市场' },
                  { id: 'urn:epcglobal:cbv:mda#latitude', attribute: lat },
                  { id: 'urn:epcglobal:cbv:mda#longitude', attribute: lon },
                  { id: `${ZS_NAMESPACE}division`, attribute: '360802' },
                  { id: `${ZS_NAMESPACE}locationKind`, attribute: 'wholesale_market' },
                ],
              },
            ],
          },
        ],
      },
    });
    const doc = (lat: number, lon: number) => ({
      '@context': CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: EVENT_TIME,
      epcisHeader: vocab(lat, lon),
      epcisBody: {
        eventList: [
          stageEvent(stage, 'AGRI_VEGETABLE', gtins.get('AGRI_VEGETABLE')!, { bizLocation: { id: loc } }),
        ],
      },
    });
    const before = await eventCount();
    const outside = await captureDoc(farmKey, doc(35.68, 139.69));
    const failed = await waitJob(outside.headers.location as string);
    expect(failed.errors[0]).toMatchObject({ code: 'MASTERDATA_COORDINATES_OUTSIDE_CHINA' });
    expect(String(failed.errors[0]!.path)).toMatch(/^\/epcisHeader\/epcisMasterData\/vocabularyList\/0/);
    expect(await eventCount()).toBe(before);
    const ok = await captureDoc(farmKey, doc(27.11, 114.99));
    expect((await waitJob(ok.headers.location as string)).success).toBe(true);
    const list = (await farm.call('GET', '/api/enterprise/locations?q=农贸')).json();
    expect(list.items[0]).toMatchObject({
      name: '吉州区农贸市场',
      divisionCode: '360802',
      latitude: 27.11,
      longitude: 114.99,
      kind: 'wholesale_market',
      source: 'epcis',
    });
  });

  it('issues a certificate of compliance, re-issues it for mixed lots, and prints it as a PDF', async () => {
    const product = (await farm.call('GET', '/api/enterprise/products?item=AGRI_VEGETABLE')).json().items[0];
    const lots = [];
    for (const lot of ['V-A', 'V-B', 'V-MIX'])
      lots.push(
        (
          await farm.call('POST', '/api/enterprise/batches', {
            productId: product.id,
            lot,
            quantity: 200,
            uom: 'KGM',
          })
        ).json(),
      );
    const issue = (batchId: number, extra: Obj = {}) =>
      farm.call('POST', '/api/enterprise/certificates', {
        batchId,
        promise: ['no_banned_inputs', 'residues_within_limits'],
        basis: ['self_test'],
        issuedOn: '2025-06-10',
        contact: '0796-1234567',
        ...extra,
      });
    const a = (await issue(lots[0].id)).json();
    const b = (await issue(lots[1].id, { quantity: 50 })).json();
    expect(a.number).toMatch(/^HGZ-360827-\d{6}$/);
    const mixed = await issue(lots[2].id, { sourceNumbers: [a.number, b.number] });
    expect(mixed.statusCode, mixed.body).toBe(201);
    expect(mixed.json().sources).toEqual([a.number, b.number]);
    const bad = await issue(lots[2].id, { sourceNumbers: ['HGZ-000000-999999'], basis: ['guesswork'] });
    expect(bad.json().errors.map((e: Obj) => e.path)).toEqual(
      expect.arrayContaining(['/basis', '/sourceNumbers/0']),
    );
    const pdf = await farm.call('GET', `/api/enterprise/certificates/${mixed.json().id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('a certification recorded for a product shows on its public story at once, though the story was cached', async () => {
    const stage = ALL_STAGES.find((s) => s.id === 'AGRI.receiving')!;
    const gtin = gtins.get('AGRI_VEGETABLE')!;
    const ev = stageEvent(stage, 'AGRI_VEGETABLE', gtin);
    const code = (ev.epcList as string[])[0]!;
    expect((await capture(farmKey, ev)).statusCode).toBe(201);
    const story = async () =>
      (await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(code)}` })).json() as {
        producer: { certifications: { number: string }[] } | null;
      };
    const numbers = async () => ((await story()).producer?.certifications ?? []).map((c) => c.number);
    expect(await numbers()).not.toContain('LB-18-2611030001');
    expect(await numbers()).not.toContain('LB-18-2611030001'); // served from the cache now
    const product = (await farm.call('GET', '/api/enterprise/products?item=AGRI_VEGETABLE')).json().items[0];
    const cert = await farm.call('POST', `/api/enterprise/products/${product.id}/certifications`, {
      kind: 'green_food',
      number: 'LB-18-2611030001',
      validFrom: '2026-01-01',
      validUntil: '2029-01-01',
    });
    expect(cert.statusCode, cert.body).toBe(201);
    expect(await numbers()).toContain('LB-18-2611030001');
  });
});
