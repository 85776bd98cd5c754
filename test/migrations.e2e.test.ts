/** The one migration stream runs up → down → up on every engine and leaves a working store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateDown, migrateUp, migrationStatus, openDatabase } from '../src/db/index.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { lookupCodeKey } from '../src/modules/story/lookup-key.js';
import { lookupSummary } from '../src/modules/story/story.repository.js';
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
    expect(await migrateUp(database)).toEqual(['applied 20261206090000_lookup_counts']);
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
});
