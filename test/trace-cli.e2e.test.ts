/**
 * End-to-end: `zhuisu trace <code> --backward|--forward` on a local store holding the multi-company tea chain —
 * the JSON is what GET /api/gov/trace/{code} answers for a platform administrator, the text is a readable summary,
 * and bad input exits 1 (unknown code) or 2 (usage).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { type Database, migrateUp, openDatabase } from '../src/db/index.js';
import { type Principal, scopeFor } from '../src/modules/access/index.js';
import { type TraceResult, traceCode } from '../src/modules/trace/index.js';
import { buildTeaChain, canonicalOf, TEA, type TeaChain } from '../src/modules/trace/tea-chain.fixtures.js';
import { captureHooks } from '../src/pipeline.js';
import { zhuisu } from './helpers/cli.js';

const ADMIN: Principal = {
  via: 'key',
  userId: null,
  keyId: null,
  username: null,
  role: 'admin',
  org: { id: 0, kind: 'admin', name: 'test', uscc: null, divisionCode: null, categories: [] },
};

describe('zhuisu trace', () => {
  const data = mkdtempSync(join(tmpdir(), 'zhuisu-trace-cli-'));
  let database: Database;
  let chain: TeaChain;

  beforeAll(async () => {
    const config = loadConfig({ env: 'test', dataDir: data, logLevel: 'silent', demoSeed: false }, {});
    database = await openDatabase(config);
    await migrateUp(database);
    chain = await buildTeaChain(database, captureHooks(database, config));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('prints the same JSON as the regulator API for a backward trace from a retail item', async () => {
    const r = await zhuisu(['trace', TEA.items[1]!, '--backward', '--json', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as TraceResult;
    const expected = await traceCode(
      database.db,
      scopeFor(ADMIN, () => []),
      TEA.items[1]!,
      {
        direction: 'backward',
      },
    );
    expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(got.root.id).toBe(canonicalOf(TEA.items[1]!));
    expect(got.summary.origins.map((o) => o.code)).toContain(canonicalOf(TEA.pesticideLot));
  }, 60_000);

  it('summarises a forward trace as text: holders with what they hold, counties, custody', async () => {
    const r = await zhuisu(['trace', TEA.pesticideLot, '--forward', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^forward trace of https:\/\/id\.gs1\.org\/01\/\d{14}\/10\/PL2026/);
    expect(r.stdout).toContain('holders:');
    expect(r.stdout).toContain(chain.orgs.supermarket.name);
    expect(r.stdout).toMatch(/counties:\n {2}360802 /);
    expect(r.stdout).toContain('custody:');
  }, 60_000);

  it('honours --depth and --at', async () => {
    const shallow = await zhuisu([
      'trace',
      TEA.pesticideLot,
      '--forward',
      '--depth',
      '1',
      '--json',
      '--data',
      data,
    ]);
    expect(shallow.code, shallow.stderr).toBe(0);
    const s = JSON.parse(shallow.stdout) as TraceResult;
    expect(s.depth).toBe(1);
    expect(s.truncated).toBe(true);
    expect(s.summary.items).toBe(0);
    const before = await zhuisu([
      'trace',
      TEA.pesticideLot,
      '--forward',
      '--at',
      new Date(chain.times.packed - 1).toISOString(),
      '--json',
      '--data',
      data,
    ]);
    expect(before.code, before.stderr).toBe(0);
    const b = JSON.parse(before.stdout) as TraceResult;
    const cut = new Date(chain.times.packed - 1).toISOString();
    expect(b.at).toBe(cut);
    expect(b.events.length).toBeGreaterThan(0);
    expect(b.events.every((e) => e.eventTime <= cut)).toBe(true);
    const expected = await traceCode(
      database.db,
      scopeFor(ADMIN, () => []),
      TEA.pesticideLot,
      {
        direction: 'forward',
        at: cut,
      },
    );
    expect(b).toEqual(JSON.parse(JSON.stringify(expected)));
    const full = await traceCode(
      database.db,
      scopeFor(ADMIN, () => []),
      TEA.pesticideLot,
      {
        direction: 'forward',
      },
    );
    expect(b.events.length).toBeLessThan(full.events.length);
  }, 60_000);

  it('exits 1 naming what it understood of an unknown code, 2 on usage errors', async () => {
    const unknown = await zhuisu([
      'trace',
      'https://id.gs1.org/01/09506000134352/21/NEVER',
      '--backward',
      '--data',
      data,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /parses as gs1-digital-link .* was ever captured\. \[TRACE_CODE_NOT_FOUND\]/,
    );
    const [neither, both, depth, future, help] = await Promise.all([
      zhuisu(['trace', TEA.pesticideLot, '--data', data]),
      zhuisu(['trace', TEA.pesticideLot, '--backward', '--forward', '--data', data]),
      zhuisu(['trace', TEA.pesticideLot, '--forward', '--depth', '10000', '--data', data]),
      zhuisu(['trace', TEA.pesticideLot, '--forward', '--at', '2999-01-01T00:00:00Z', '--data', data]),
      zhuisu(['trace', '--help']),
    ]);
    for (const r of [neither, both]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('exactly one of --backward or --forward');
    }
    expect(depth.code).toBe(2);
    expect(depth.stderr).toMatch(/--depth: depth must be a whole number from 1 to 500; got 10000/);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/--at: .*lies in the future/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--backward');
    expect(help.stdout).toContain('--json');
  }, 60_000);
});
