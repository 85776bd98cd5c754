/** End-to-end: the public story pages, the public JSON, the Digital Link resolver and the lookup log, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushLookups } from '../src/modules/story/index.js';
import { type StoryFixtures, seedStoryFixtures } from '../src/modules/story/story.fixtures.js';
import { STORY_FIRST_EVENTS, STORY_LATEST_EVENTS } from '../src/modules/story/story.repository.js';
import { startPlatform, type TestPlatform } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const HTML = { accept: 'text/html,application/xhtml+xml' };
const path = (dl: string) => dl.replace('https://id.gs1.org', '');
const q = (code: string) => `/q/${encodeURIComponent(code)}`;

describe.each(ENGINES)('public story on $name', (engine) => {
  let p: TestPlatform;
  let f: StoryFixtures;

  beforeAll(async () => {
    p = await startPlatform(engine);
    f = await seedStoryFixtures(p.database, p.app.captureHooks);
  });
  afterAll(async () => p?.close());

  const growerId = async () =>
    Number(
      (
        await p.database.db
          .selectFrom('organisations')
          .select('id')
          .where('name', '=', f.names.grower)
          .executeTakeFirstOrThrow()
      ).id,
    );
  const page = (url: string, headers: Record<string, string> = {}) =>
    p.app.inject({ url, headers: { ...HTML, ...headers } });
  const noSecrets = (body: string) => {
    for (const s of f.secrets) expect(body, `the page leaks ${s}`).not.toContain(s);
    expect(body).not.toMatch(/recorder_org_id|event_pk|"orgId"|"id":\s*\d/);
  };

  it('a tea packet scanned in a shop shows product, producer, county, plain-words timeline, documents and a clean status in the HTML', async () => {
    const res = await page(q(f.tea.item));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.body;
    expect(html).toContain('井冈山绿茶');
    expect(html).toContain(f.names.grower);
    expect(html).toContain('泰和县');
    // Harvest (from the lot), test, packing, shipping and sale, in order and in plain words.
    const order = ['采收/捕捞', '检测', '生产赋码', '发货', '零售'].map((w) => html.indexOf(w));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain(f.names.market);
    expect(html).toContain('HG-360826-0001');
    expect(html).toContain('JC-2026-0403');
    expect(html).toContain('L2026A');
    expect(html).toContain('2027-04-03');
    expect(html).toMatch(/data-status="ok"/);
    expect(html).toMatch(/此码已被查询 \d+ 次/);
    // Readable without JavaScript: the only scripts are the signed head and proofs as inert JSON and the web
    // build's integrity check, which adds the browser's own verdict.
    for (const tag of html.match(/<script[^>]*>/g) ?? []) {
      expect(tag).toMatch(
        /^<script (type="application\/json" id="zs-integrity-data"|type="module" src="\/assets\/[\w-]+\.js")>$/,
      );
    }
    noSecrets(html);
  });

  it('the same page reads in English with ?lang=en and remembers the choice in a cookie', async () => {
    const res = await page(q(f.tea.item) + '?lang=en');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Jinggangshan green tea');
    expect(res.body).toContain('Taihe County');
    expect(res.body).toMatch(/looked up (once|\d+ times)/);
    expect(String(res.headers['set-cookie'])).toContain('zs_lang=en');
    const again = await page(q(f.tea.item), { cookie: 'zs_lang=en' });
    expect(again.body).toContain('<html lang="en">');
    const accept = await page(q(f.tea.item), { 'accept-language': 'en-GB,en;q=0.9' });
    expect(accept.body).toContain('<html lang="en">');
  });

  it('a recalled packet shows the recall banner', async () => {
    const res = await page(q(f.tea.recalledItem));
    expect(res.body).toMatch(/data-status="warn"/);
    expect(res.body).toContain('该产品已被召回');
  });

  it('lookups far apart within minutes show the copied-code warning', async () => {
    const code = f.tea.item.replace('/21/T001', '/21/T001');
    const before = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(code)}` });
    expect(before.json().status.warnings).not.toContain('copied-code');
    await page(`${q(code)}?near=27.11,114.99`); // 吉州区
    await page(`${q(code)}?near=39.90,116.40`); // Beijing, moments later
    const after = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(code)}` });
    expect(after.json().status.warnings).toContain('copied-code');
    const html = await page(q(code));
    expect(html.body).toMatch(/data-status="caution"/);
    // The first lookup with a place names its county.
    const first = await p.app.inject({
      url: `/api/public/codes/${encodeURIComponent(f.tea.recalledItem)}?near=26.79,114.91`,
    });
    expect(first.statusCode).toBe(200);
    await flushLookups(p.database);
    const stored = await p.database.db
      .selectFrom('public_lookups')
      .select(['lat', 'lon', 'division_code'])
      .where('division_code', '=', '360826')
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(Number(stored[0]!.lat)).toBeCloseTo(26.8, 5);
  });

  it('a special drug shows genuine, manufacturer and its own steps, never the hospital or the patient', async () => {
    const res = await page(q(f.drug.code));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(f.names.drugMaker);
    expect(res.body).toContain('此码为登记在册的真实追溯码');
    expect(res.body).toContain('data-stage="DRUG.manufacture"');
    expect(res.body).toContain('data-stage="DRUG.wholesale"');
    expect(res.body).not.toContain('data-stage="DRUG.dispensing"');
    expect(res.body).not.toContain('data-stage="dispensing"');
    noSecrets(res.body);
    const json = await p.app.inject({ url: `/api/public/codes/${f.drug.code}` });
    expect(json.json().category).toBe('DRUG');
    noSecrets(json.body);
  });

  it('a detonator shows only that it is registered and to call the police', async () => {
    const res = await page(path(f.hazmat.item));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('请勿触碰，立即拨打 110 报警');
    expect(res.body).not.toContain('工业电雷管');
    expect(res.body).not.toContain('发货');
    noSecrets(res.body);
    const json = (
      await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(f.hazmat.item)}` })
    ).json();
    expect(json.kind).toBe('restricted');
    expect(json.producer).toBeNull();
    expect(json.timeline).toEqual([]);
  });

  it('the public JSON has the documented shape and the same content as the page', async () => {
    const res = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(f.tea.item)}` });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.code).toMatchObject({ canonical: f.tea.item, scheme: 'gs1-digital-link' });
    expect(s.category).toBe('AGRI');
    expect(s.product).toMatchObject({ name: '井冈山绿茶', batch: 'L2026A', expiry: '2027-04-03' });
    expect(s.producer).toMatchObject({
      name: f.names.grower,
      division: { division: '360826' },
      credit: null,
    });
    expect(s.status).toMatchObject({ recalled: false, expired: null });
    expect(s.status.lookups.count).toBeGreaterThan(0);
    expect(s.timeline.map((e: { stage: string }) => e.stage)).toEqual([
      'AGRI.harvesting',
      'AGRI.testing',
      'commissioning',
      'AGRI.shipping',
      'AGRI.retail',
    ]);
    expect(s.timeline[0]).toMatchObject({
      label: { 'zh-CN': '采收/捕捞' },
      place: { division: '360826' },
      organisation: f.names.grower,
    });
    expect(s.timeline[4].organisation).toBe(f.names.market);
    expect(s.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['certificate', 'testReport']);
    noSecrets(res.body);
  });

  it('GS1 Digital Link paths: a page to browsers, a linkset to clients that ask, a redirect to others', async () => {
    const dl = path(f.tea.item);
    const html = await page(`/01/${f.tea.gtin}/10/${f.tea.lot}/21/T001`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('井冈山绿茶');
    const linkset = await p.app.inject({ url: dl, headers: { accept: 'application/linkset+json' } });
    expect(linkset.statusCode).toBe(200);
    expect(linkset.headers['content-type']).toMatch(/application\/linkset\+json/);
    const body = linkset.json();
    const entry = body.linkset[0];
    expect(entry.anchor).toBe(f.tea.item);
    expect(entry['https://gs1.org/voc/pip'][0].href).toContain(`/q/${encodeURIComponent(f.tea.item)}`);
    expect(entry['https://gs1.org/voc/certificationInfo']).toBeDefined();
    expect(entry['https://gs1.org/voc/recallStatus']).toBeUndefined();
    const recalled = (await p.app.inject({ url: `${path(f.tea.recalledItem)}?linkType=all` })).json();
    expect(recalled.linkset[0]['https://gs1.org/voc/recallStatus']).toBeDefined();
    const redirect = await p.app.inject({ url: dl, headers: { accept: 'application/json' } });
    expect(redirect.statusCode).toBe(307);
    expect(redirect.headers.location).toBe(`/q/${encodeURIComponent(f.tea.item)}`);
    const wellKnown = await p.app.inject({ url: '/.well-known/gs1resolver' });
    expect(wellKnown.json().supportedPrimaryKeys).toContain('01');
  });

  it('an unknown serial of a registered product falls back to the product', async () => {
    const res = await page(path(f.tea.unknownSerial));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('井冈山绿茶');
    expect(res.body).toContain(f.names.grower);
  });

  it('bad input fails well: script in the path, emoji, 5 000 characters, an unknown GTIN, the search form', async () => {
    const script = await page(`/q/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(script.statusCode).toBe(400);
    expect(script.body).not.toContain('<script>');
    expect(script.body).toContain('&#60;script&#62;');
    expect(script.body).toContain('这不是一个有效的码');
    const emoji = await page(`/q/${encodeURIComponent('😀🍵')}`);
    expect(emoji.statusCode).toBe(400);
    const long = await page(`/q/${'9'.repeat(5000)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('4096');
    expect(long.body.length).toBeLessThan(20_000);
    const unknown = await page(q('6901234567915'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('没有找到这个码的追溯信息');
    expect(unknown.body).toContain('06901234567915');
    const form = await page('/q?code=%206901234567892%20');
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe('/q/6901234567892');
    const bad = await p.app.inject({ url: `/api/public/codes/${encodeURIComponent('<b>')}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().kind).toBe('invalid');
  });

  it('a new event invalidates the cached story at once', async () => {
    const before = (
      await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(f.tea.item)}` })
    ).json();
    expect(before.status.recalled).toBe(false);
    const { captureEvents } = await import('../src/modules/events/index.js');
    await captureEvents(p.database, { orgId: await growerId(), hooks: p.app.captureHooks }, {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'ObjectEvent',
      eventTime: '2026-05-01T00:00:00+08:00',
      eventTimeZoneOffset: '+08:00',
      action: 'OBSERVE',
      bizStep: 'holding',
      disposition: 'recalled',
      epcList: [f.tea.item],
    } as never);
    const after = (await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(f.tea.item)}` })).json();
    expect(after.status.recalled).toBe(true);
  });

  it('a long life shows its first events and its latest ones, not the oldest only', async () => {
    const url = `/api/public/codes/${encodeURIComponent(f.tea.item)}`;
    const before = (await p.app.inject({ url })).json();
    const { captureEvents } = await import('../src/modules/events/index.js');
    const eventList = Array.from({ length: 150 }, (_, i) => ({
      type: 'ObjectEvent',
      eventTime: new Date(Date.UTC(2026, 5, 1) + i * 3_600_000).toISOString(),
      eventTimeZoneOffset: '+08:00',
      action: 'OBSERVE',
      bizStep: 'inspecting',
      epcList: [f.tea.item],
      // One failed test among the ones the story leaves out: the status still reads it.
      ...(i === 60 ? { 'zs:testResult': 'fail' } : {}),
    }));
    await captureEvents(p.database, { orgId: await growerId(), hooks: p.app.captureHooks }, {
      '@context': [
        'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
        { zs: 'https://zhuisu.org/voc/' },
      ],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-06-08T00:00:00Z',
      epcisBody: { eventList },
    } as never);
    const after = (await p.app.inject({ url })).json();
    expect(after.timeline).toHaveLength(STORY_FIRST_EVENTS + STORY_LATEST_EVENTS);
    // Where it came from: the same first steps as before.
    expect(after.timeline.slice(0, 3)).toEqual(before.timeline.slice(0, 3));
    // Where it stands: the latest event is the last step shown; the ones between the first and the latest are left out.
    expect(after.timeline.at(-1).time).toBe(eventList.at(-1)!.eventTime);
    expect(after.timeline.at(-STORY_LATEST_EVENTS).time).toBe(eventList.at(-STORY_LATEST_EVENTS)!.eventTime);
    const between = eventList.at(-STORY_LATEST_EVENTS - 10)!.eventTime;
    expect(after.timeline.map((t: { time: string }) => t.time)).not.toContain(between);
    expect(after.integrity.proofs).toHaveLength(STORY_FIRST_EVENTS + STORY_LATEST_EVENTS);
    expect(before.status.warnings).not.toContain('failed-sampling');
    expect(eventList.at(-STORY_LATEST_EVENTS - 10)).toBe(eventList[60]);
    expect(after.status.warnings).toContain('failed-sampling');
    // The page and the JSON say how many steps lie between, and where.
    expect(before.timelineOmitted).toBeNull();
    expect(after.timelineOmitted).toEqual({
      after: STORY_FIRST_EVENTS,
      count: before.timeline.length + eventList.length - STORY_FIRST_EVENTS - STORY_LATEST_EVENTS,
    });
    const html = (await page(`/q/${encodeURIComponent(f.tea.item)}`)).body;
    const items = html.slice(html.indexOf('<ol class="zs-timeline">'), html.indexOf('</ol>'));
    const omitted = items.split('<li').findIndex((li) => li.includes('zs-omitted'));
    expect(omitted - 1).toBe(STORY_FIRST_EVENTS);
    expect(html).toContain(`中间还有 ${after.timelineOmitted.count} 条记录`);
  });
});

describe('public pages over the rate limit', () => {
  it('a browser gets a friendly 429 page in its language; an API client a problem document', async () => {
    const p = await startPlatform(ENGINES[0]!, { publicRateLimit: 3 });
    try {
      let last = await p.app.inject({
        url: '/q/6901234567892',
        headers: { accept: 'text/html', 'accept-language': 'en' },
      });
      for (let i = 0; i < 4; i++)
        last = await p.app.inject({
          url: '/q/6901234567892',
          headers: { accept: 'text/html', 'accept-language': 'en' },
        });
      expect(last.statusCode).toBe(429);
      expect(last.headers['content-type']).toMatch(/text\/html/);
      expect(last.body).toContain('Too many lookups');
      const api = await p.app.inject({
        url: '/01/06901234567892',
        headers: { accept: 'application/linkset+json' },
      });
      expect(api.statusCode).toBe(429);
      expect(api.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await p.close();
    }
  });
});
