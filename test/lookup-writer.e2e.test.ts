/** The lookup log's writer: a worker thread on an embedded store on disk, the server's connection otherwise. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, migrateUp, openDatabase } from '../src/db/index.js';
import { lookupWriterFor } from '../src/modules/story/lookup-writer.js';
import { type LookupRow, lookupSummary } from '../src/modules/story/story.repository.js';
import { ENGINES } from './helpers/engines.js';
import { LOOKUP_KEY_COLLISION } from './helpers/lookup-key-collision.js';

const rows = (code: string, n: number): LookupRow[] =>
  Array.from({ length: n }, (_, i) => ({
    code,
    at: Date.UTC(2026, 11, 5) + i,
    lat: i % 2 === 0 ? 27.1 : null,
    lon: i % 2 === 0 ? 115 : null,
    divisionCode: i % 2 === 0 ? '360802' : null,
  }));

const stored = async (database: Database, code: string) =>
  database.db
    .selectFrom('public_lookups')
    .select(['code_key', 'code', 'at', 'lat', 'division_code'])
    .where('code', '=', code)
    .orderBy('at')
    .execute();

describe.each(ENGINES)('lookup log writer on $name', (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function store(): Promise<Database> {
    const { config, dispose } = await engine.fresh();
    const database = await openDatabase(config);
    await migrateUp(database);
    cleanup.push(dispose, () => database.close());
    return database;
  }

  it('writes each batch whole, readable at once on the server connection, before and after it closes', async () => {
    const database = await store();
    const writer = lookupWriterFor(database);
    await writer.write(rows('urn:test:a', 500));
    const a = await stored(database, 'urn:test:a');
    expect(a).toHaveLength(500);
    expect(a[0]).toMatchObject({ code: 'urn:test:a', lat: 27.1, division_code: '360802' });
    expect(new Set(a.map((r) => Number(r.code_key))).size).toBe(1);
    await writer.close();
    await writer.write(rows('urn:test:b', 3));
    expect(await stored(database, 'urn:test:b')).toHaveLength(3);
  });

  it('counts two codes that share a key apart', async () => {
    const database = await store();
    const writer = lookupWriterFor(database);
    const [a, b] = LOOKUP_KEY_COLLISION;
    await writer.write([...rows(a, 4), ...rows(b, 7).map((r) => ({ ...r, at: r.at + 60_000 }))]);
    await writer.close();
    const [ra, rb] = [await stored(database, a), await stored(database, b)];
    expect(Number(ra[0]!.code_key)).toBe(Number(rb[0]!.code_key));
    const [sa, sb] = [await lookupSummary(database.db, a), await lookupSummary(database.db, b)];
    expect(sa).toMatchObject({ count: 4, first: { at: Date.UTC(2026, 11, 5), divisionCode: '360802' } });
    expect(sa.placed).toHaveLength(2);
    expect(sb).toMatchObject({ count: 7, first: { at: Date.UTC(2026, 11, 5) + 60_000 } });
    expect(sb.placed).toHaveLength(4);
  });

  it("keeps each code's count and first lookup as batches arrive, by the worker and by the server connection", async () => {
    const database = await store();
    const writer = lookupWriterFor(database);
    const t0 = Date.UTC(2026, 11, 5);
    // The worker (on an embedded store): a first batch.
    await writer.write(rows('urn:test:d', 5).map((r) => ({ ...r, at: r.at + 10_000 })));
    expect(await lookupSummary(database.db, 'urn:test:d')).toMatchObject({
      count: 5,
      first: { at: t0 + 10_000, divisionCode: '360802' },
    });
    await writer.close();
    // The server connection: a batch older than the stored first lookup (another node's, written late) moves the
    // first lookup back; a later one only adds to the count.
    await writer.write([{ code: 'urn:test:d', at: t0, lat: null, lon: null, divisionCode: '360821' }]);
    await writer.write(rows('urn:test:d', 3).map((r) => ({ ...r, at: r.at + 20_000 })));
    expect(await lookupSummary(database.db, 'urn:test:d')).toMatchObject({
      count: 9,
      first: { at: t0, divisionCode: '360821' },
    });
    // More codes in one batch than one statement takes: every code counted once.
    const many = Array.from({ length: 2500 }, (_, i) => rows(`urn:test:many:${i}`, 1)[0]!);
    await writer.write([...many, ...many]);
    const counts = await database.db
      .selectFrom('public_lookup_counts')
      .select((eb) => [eb.fn.countAll<number>().as('codes'), eb.fn.sum<number>('count').as('lookups')])
      .where('code', 'like', 'urn:test:many:%')
      .executeTakeFirstOrThrow();
    expect([Number(counts.codes), Number(counts.lookups)]).toEqual([2500, 5000]);
  });
});

describe('lookup log writer when its worker cannot open the store', () => {
  it('refuses the batch it was given (kept for the next flush), then writes through the server connection', async () => {
    const { config, dispose } = await ENGINES[0]!.fresh();
    const database = await openDatabase(config);
    try {
      await migrateUp(database);
      const broken: Database = {
        ...database,
        dialect: { ...database.dialect, embeddedFile: '/proc/zhuisu-no-such-dir/store.db' },
      };
      const writer = lookupWriterFor(broken);
      await expect(writer.write(rows('urn:test:c', 2))).rejects.toThrow();
      await writer.write(rows('urn:test:c', 2));
      expect(await stored(database, 'urn:test:c')).toHaveLength(2);
      await writer.close();
    } finally {
      await database.close();
      await dispose();
    }
  });
});
