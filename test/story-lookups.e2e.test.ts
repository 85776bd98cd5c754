/**
 * End-to-end, on both engines: the lookup log is written in batches, yet every lookup counts at once, every lookup
 * reaches the store, and a server that stops writes the lookups it still holds — those of requests still in flight
 * included. A capture reaches the public JSON at once, although its serialised form is kept; a capture made by
 * another server node on the same store reaches it after one check of the store.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../src/db/index.js';
import { captureEvents } from '../src/modules/events/index.js';
import {
  flushLookups,
  pendingLookups,
  publicStory,
  publicStoryJson,
  STORY_MAX_AGE_MS,
  STORY_TTL_MS,
  type StoryJson,
} from '../src/modules/story/index.js';
import { type StoryFixtures, seedStoryFixtures } from '../src/modules/story/story.fixtures.js';
import { insertLookups } from '../src/modules/story/story.repository.js';
import { captureHooks } from '../src/pipeline.js';
import { startPlatform, type TestPlatform } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

describe.each(ENGINES)('the lookup log on $name', (engine) => {
  let p: TestPlatform | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  async function platform(): Promise<{ p: TestPlatform; f: StoryFixtures }> {
    p = await startPlatform(engine);
    return { p, f: await seedStoryFixtures(p.database, p.app.captureHooks) };
  }
  const stored = async (pl: TestPlatform, code: string) =>
    Number(
      (
        await pl.database.db
          .selectFrom('public_lookups')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const lookup = (pl: TestPlatform, code: string, near?: string) =>
    pl.app.inject({
      url: `/api/public/codes/${encodeURIComponent(code)}${near ? `?near=${near}` : ''}`,
    });

  it('counts each lookup at once, and writes them all in one flush', async () => {
    const { p, f } = await platform();
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) counts.push((await lookup(p, f.tea.item)).json().status.lookups.count);
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    // Written within a flush interval, without being asked.
    await expect.poll(() => stored(p, f.tea.item), { timeout: 10_000 }).toBe(5);
    expect(pendingLookups(p.database)).toBe(0);
  });

  it('keeps the first lookup and its county, and counts stored lookups it did not record itself', async () => {
    const { p, f } = await platform();
    await lookup(p, f.tea.item, '26.79,114.91'); // 泰和县
    await lookup(p, f.tea.item, '27.11,114.99'); // 吉州区
    await flushLookups(p.database);
    // Another node's lookups, already in the store, count as soon as the summary is read.
    await insertLookups(p.database.db, [
      { code: f.tea.recalledItem, at: Date.now() - 86_400_000, lat: null, lon: null, divisionCode: null },
    ]);
    const other = (await lookup(p, f.tea.recalledItem)).json();
    expect(other.status.lookups.count).toBe(2);
    const mine = (await lookup(p, f.tea.item)).json();
    expect(mine.status.lookups.count).toBe(3);
    expect(mine.status.lookups.first.place.division).toBe('360826');
  });

  it('writes the lookups it still holds when the server stops', async () => {
    const { p, f } = await platform();
    const inFlight = Array.from({ length: 20 }, () => lookup(p, f.tea.item));
    const closing = p.app.close();
    await Promise.allSettled(inFlight);
    await closing;
    const answered = (await Promise.allSettled(inFlight)).filter(
      (r) => r.status === 'fulfilled' && r.value.statusCode === 200,
    ).length;
    expect(answered).toBeGreaterThan(0);
    expect(pendingLookups(p.database)).toBe(0);
    expect(await stored(p, f.tea.item)).toBe(answered);
  });

  const inspection = (code: string) =>
    ({
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: new Date().toISOString(),
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent',
            eventTime: new Date().toISOString(),
            eventTimeZoneOffset: '+08:00',
            action: 'OBSERVE',
            bizStep: 'inspecting',
            epcList: [code],
          },
        ],
      },
    }) as never;
  const marketId = async (pl: TestPlatform, name: string) =>
    Number(
      (
        await pl.database.db
          .selectFrom('organisations')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id,
    );

  it('an event captured by another node on the same store reaches the story after one check of the store', async () => {
    const { p, f } = await platform();
    const t0 = Date.now();
    const before = await publicStory(p.database, f.tea.item, { now: t0 });
    // A second node: its own connection to the same store, with its own hooks and caches.
    const other = await openDatabase(p.config);
    try {
      await captureEvents(
        other,
        { orgId: await marketId(p, f.names.market), hooks: captureHooks(other, p.config) },
        inspection(f.tea.item),
      );
    } finally {
      await other.close();
    }
    // Within the interval this node serves what it built; past it, one check of the store drops the story.
    expect((await publicStory(p.database, f.tea.item, { now: t0 + 1000 })).timeline).toHaveLength(
      before.timeline.length,
    );
    await publicStory(p.database, f.tea.item, { now: t0 + STORY_TTL_MS + 1000 });
    await expect
      .poll(async () => (await publicStory(p.database, f.tea.item)).timeline.length, { timeout: 10_000 })
      .toBe(before.timeline.length + 1);
  });

  it('a new event reaches the kept JSON of a code at once', async () => {
    const { p, f } = await platform();
    const before = (await lookup(p, f.tea.item)).json();
    const again = (await lookup(p, f.tea.item)).json();
    expect(again.timeline).toEqual(before.timeline);
    await captureEvents(
      p.database,
      { orgId: await marketId(p, f.names.market), hooks: p.app.captureHooks },
      inspection(f.tea.item),
    );
    const after = (await lookup(p, f.tea.item)).json();
    expect(after.timeline.length).toBe(before.timeline.length + 1);
  });

  it('a story past its age is answered from its kept JSON at once while it is rebuilt, and the rebuild reaches the JSON', async () => {
    const { p, f } = await platform();
    // Only the clock moves (the store's checks and the rebuild run on real timers).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.now();
      const body = (j: StoryJson) => JSON.parse(j.body.toString('latin1'));
      const first = body(await publicStoryJson(p.database, f.tea.item));
      // A master-data edit leaves the cache no signal: it shows once the story is rebuilt for its age.
      await p.database.db
        .updateTable('products')
        .set({ name: '狗牯脑茶（更名）' })
        .where('name', '=', first.product.name)
        .execute();
      let answer: StoryJson | Promise<StoryJson> | undefined;
      // Traffic every 10 s: each due check of the store finds it unchanged, so the story stays current until its age.
      for (let t = 10_000; t <= STORY_MAX_AGE_MS + 10_000; t += 10_000) {
        vi.setSystemTime(t0 + t);
        answer = publicStoryJson(p.database, f.tea.item);
        await answer;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (t <= STORY_MAX_AGE_MS) expect(body(await answer).product.name).toBe(first.product.name);
      }
      // Past its age: the kept JSON answers without waiting (no promise), still with the old name …
      expect(answer).not.toBeInstanceOf(Promise);
      // … and the rebuild in the background brings the new one.
      await expect
        .poll(async () => body(await publicStoryJson(p.database, f.tea.item)).product.name, {
          timeout: 10_000,
        })
        .toBe('狗牯脑茶（更名）');
    } finally {
      vi.useRealTimers();
    }
  });
});
