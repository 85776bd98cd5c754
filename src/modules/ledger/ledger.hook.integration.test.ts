/** The ledger's capture hook in the pipeline on every engine: first in the list, and all-or-nothing with the capture. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUscc } from '../../../test/helpers/app.js';
import { ENGINES } from '../../../test/helpers/engines.js';
import type { Config } from '../../config/index.js';
import { type Database, migrateUp, openDatabase } from '../../db/index.js';
import { captureHooks } from '../../pipeline.js';
import { createOrganisation } from '../access/index.js';
import { type CaptureHook, captureEvents } from '../events/index.js';
import {
  currentHead,
  EMPTY_TREE_HASH,
  headsFrom,
  ledgerHook,
  ledgerSigner,
  loadVerifier,
  toHex,
  verifyTreeHead,
} from './index.js';

const doc = (tag: string, n: number) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-11-29T08:00:00.000+08:00',
  epcisBody: {
    eventList: Array.from({ length: n }, (_, i) => ({
      type: 'ObjectEvent',
      eventTime: `2026-11-29T0${i % 10}:00:00.000+08:00`,
      eventTimeZoneOffset: '+08:00',
      epcList: [`https://id.gs1.org/01/06901234567892/21/${tag}${i}`],
      action: 'OBSERVE',
      bizStep: 'receiving',
    })),
  },
});

describe.each(ENGINES)('the ledger hook on $name', (engine) => {
  let database: Database;
  let config: Config;
  let dispose: () => Promise<void>;
  let orgId: number;
  const count = async (table: 'ledger_leaves' | 'ledger_heads' | 'events') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const fresh = await engine.fresh();
    config = fresh.config;
    dispose = fresh.dispose;
    database = await openDatabase(config);
    await migrateUp(database);
    orgId = (
      await createOrganisation(database.db, database.dialect, {
        kind: 'enterprise',
        name: '吉安县生猪屠宰场',
        uscc: testUscc('360821'),
        divisionCode: '360821',
      })
    ).id;
  });
  afterAll(async () => {
    await database?.close();
    await dispose?.();
  });

  it('an empty log answers a signed head of the empty tree (RFC 9162 §2.1.1: MTH({}) = SHA-256())', async () => {
    await expect(currentHead(database)).rejects.toMatchObject({ status: 404, code: 'LEDGER_HEAD_NOT_FOUND' });
    const { head, publicKey } = await currentHead(database, ledgerSigner(config));
    expect(head).toMatchObject({ treeSize: 0, rootHash: toHex(EMPTY_TREE_HASH) });
    expect(verifyTreeHead(head, loadVerifier(publicKey.publicKeyPem))).toEqual(head);
  });

  it('the pipeline runs the ledger hook, and a capture through it is covered by a signed head', async () => {
    const hooks = captureHooks(database, config);
    await captureEvents(database, { orgId, hooks }, doc('PIG', 4) as never);
    expect(await count('ledger_leaves')).toBe(4);
    expect((await headsFrom(database, 0, 10)).heads.map((h) => h.treeSize)).toEqual([0, 4]);
  });

  it('a later hook that fails rolls the leaves and the head back with the events', async () => {
    const failing: CaptureHook = async () => {
      throw new Error('trace links failed');
    };
    const before = await Promise.all([count('events'), count('ledger_leaves'), count('ledger_heads')]);
    await expect(
      captureEvents(database, { orgId, hooks: [ledgerHook(config), failing] }, doc('LOST', 3) as never),
    ).rejects.toThrow(/trace links failed/);
    expect(await Promise.all([count('events'), count('ledger_leaves'), count('ledger_heads')])).toEqual(
      before,
    );
    // The frontier was not advanced either: the next capture appends right after the last committed leaf.
    await captureEvents(database, { orgId, hooks: [ledgerHook(config)] }, doc('NEXT', 2) as never);
    const leaves = await database.db
      .selectFrom('ledger_leaves')
      .select('leaf_index')
      .orderBy('leaf_index')
      .execute();
    expect(leaves.map((l) => Number(l.leaf_index))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a configured key that cannot be read stops the hook from being built, naming the file', () => {
    const missing = join(config.dataDir, 'no-such-key.pem');
    expect(() => ledgerHook({ ...config, ledgerKey: missing })).toThrow(missing);
  });
});
