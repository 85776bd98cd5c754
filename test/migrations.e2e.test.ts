/** The one migration stream runs up → down → up on every engine and leaves a working store. */
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateDown, migrateUp, migrationStatus, openDatabase } from '../src/db/index.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { lookupCodeKey } from '../src/modules/story/lookup-key.js';
import { lookupSummary, placedLookupsQuery } from '../src/modules/story/story.repository.js';
import { ENGINES } from './helpers/engines.js';

describe.each(ENGINES)('migrations on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await engine.fresh();
    dispose = fresh.dispose;
    database = await openDatabase(fresh.config);
  });
  afterAll(async () => {
    await database?.close();
    await dispose?.();
  });

  it('applies, reverts and re-applies every migration', async () => {
    const names = Object.keys(MIGRATIONS);
    expect(await migrateUp(database)).toEqual(names.map((n) => `applied ${n}`));
    expect((await migrationStatus(database)).every((m) => m.executedAt !== null)).toBe(true);
    const reverted = await migrateDown(database, { all: true });
    expect(reverted).toEqual([...names].reverse().map((n) => `reverted ${n}`));
    expect((await migrationStatus(database)).every((m) => m.executedAt === null)).toBe(true);
    expect(await migrateUp(database)).toEqual(names.map((n) => `applied ${n}`));
    const divisions = await database.db.selectFrom('divisions').select('code').execute();
    expect(divisions.map((d) => d.code)).toContain('360827');
    expect(divisions).toHaveLength(17);
    expect(await migrateUp(database)).toEqual([]);
  });

  it('counts the lookups a store already holds when it adds the lookup counts', async () => {
    await migrateUp(database);
    expect(await migrateDown(database)).toEqual(['reverted 20261206100000_lookup_placed_index']);
    expect(await migrateDown(database)).toEqual(['reverted 20261206090000_lookup_counts']);
    const t0 = Date.UTC(2026, 11, 1);
    const row = (code: string, at: number, division: string | null) => ({
      code_key: lookupCodeKey(code),
      code,
      at,
      lat: null,
      lon: null,
      division_code: division,
    });
    await database.db
      .insertInto('public_lookups')
      .values([
        row('urn:test:m1', t0 + 5, '360802'),
        row('urn:test:m1', t0, '360821'),
        row('urn:test:m1', t0, '360803'),
        row('urn:test:m2', t0 + 9, null),
      ])
      .execute();
    expect(await migrateUp(database)).toEqual([
      'applied 20261206090000_lookup_counts',
      'applied 20261206100000_lookup_placed_index',
    ]);
    expect(await lookupSummary(database.db, 'urn:test:m1')).toMatchObject({
      count: 3,
      // Of two first lookups at one time, the one stored first.
      first: { at: t0, divisionCode: '360821' },
    });
    expect(await lookupSummary(database.db, 'urn:test:m2')).toMatchObject({
      count: 1,
      first: { at: t0 + 9, divisionCode: null },
    });
  });

  it("reads a code's placed lookups through their own index, newest first, whatever its unplaced ones", async () => {
    await migrateUp(database);
    const code = 'urn:test:placed';
    const t0 = Date.UTC(2026, 11, 2);
    const rows = Array.from({ length: 160 }, (_, i) => ({
      code_key: lookupCodeKey(code),
      code,
      at: t0 + i,
      // Every third lookup carried a place.
      lat: i % 3 === 0 ? 27.1 : null,
      lon: i % 3 === 0 ? 114.9 : null,
      division_code: null,
    }));
    await database.db.insertInto('public_lookups').values(rows).execute();
    await database.db
      .insertInto('public_lookup_counts')
      .values({ code_key: lookupCodeKey(code), code, count: 160, first_at: t0, first_division: null })
      .execute();
    const { placed } = await lookupSummary(database.db, code);
    const expected = rows
      .filter((r) => r.lat !== null)
      .reverse()
      .slice(0, 50);
    expect(placed).toEqual(expected.map((r) => ({ at: r.at, lat: 27.1, lon: 114.9 })));
    if (engine.name === 'sqlite') {
      const q = placedLookupsQuery(database.db, code).compile();
      const plan = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      );
      expect(plan.rows.map((r) => r.detail).join('\n')).toContain('COVERING INDEX public_lookups_placed');
    }
  });
});
