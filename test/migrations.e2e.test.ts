/** The one migration stream runs up → down → up on every engine and leaves a working store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateDown, migrateUp, migrationStatus, openDatabase } from '../src/db/index.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
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
});
