/** End-to-end: the `zhuisu` command, run as a newcomer would, on the embedded store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testUscc } from './helpers/app.js';
import { serve, zhuisu } from './helpers/cli.js';

describe('zhuisu command line', () => {
  const data = mkdtempSync(join(tmpdir(), 'zhuisu-cli-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('prints help for every command and exits 0', async () => {
    const all = [
      ['--help'],
      ['serve', '--help'],
      ['migrate', '--help'],
      ['orgs', 'add', '--help'],
      ['users', 'add', '--help'],
      ['keys', 'create', '--help'],
      ['keys', 'revoke', '--help'],
    ];
    const results = await Promise.all(all.map((args) => zhuisu(args)));
    results.forEach((r, i) => {
      expect(r.code, `${all[i]!.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Usage: zhuisu/);
    });
  }, 120_000);

  it('exits 2 on a usage error and 1 on a failure', async () => {
    const usage = await Promise.all([
      zhuisu(['orgs', 'add', '--data', data]), // missing required options
      zhuisu(['migrate', 'sideways', '--data', data]),
      zhuisu(['no-such-command']),
    ]);
    expect(usage.map((r) => r.code)).toEqual([2, 2, 2]);
    const bad = await zhuisu([
      'orgs',
      'add',
      '--kind',
      'enterprise',
      '--name',
      '坏',
      '--uscc',
      '91360802MA3AB12C5X',
      '--county',
      '360802',
      '--data',
      data,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a valid USCC/);
  }, 120_000);

  it('migrates, creates an organisation, a user and a key, and revokes the key', async () => {
    const status = await zhuisu(['migrate', 'status', '--json', '--data', data]);
    expect(status.code).toBe(0);
    const uscc = testUscc('360827');
    const org = await zhuisu([
      'orgs',
      'add',
      '--kind',
      'enterprise',
      '--uscc',
      uscc,
      '--name',
      '遂川县汤湖茶厂',
      '--county',
      '360827',
      '--json',
      '--data',
      data,
    ]);
    expect(org.code, org.stderr).toBe(0);
    const { id } = JSON.parse(org.stdout) as { id: number };
    expect(id).toBeGreaterThan(0);
    const user = await zhuisu([
      'users',
      'add',
      '--org',
      uscc,
      '--username',
      'tanghu',
      '--role',
      'manager',
      '--json',
      '--data',
      data,
    ]);
    expect(user.code, user.stderr).toBe(0);
    expect(JSON.parse(user.stdout).oneTimePassword).toMatch(/^\S{16}$/);
    const key = await zhuisu([
      'keys',
      'create',
      '--org',
      String(id),
      '--name',
      'ERP',
      '--expires',
      '2099-01-01',
      '--json',
      '--data',
      data,
    ]);
    expect(key.code, key.stderr).toBe(0);
    const created = JSON.parse(key.stdout) as { key: string; id: number };
    expect(created.key).toMatch(/^zsk_/);
    const revoked = await zhuisu(['keys', 'revoke', String(created.id), '--data', data]);
    expect(revoked.code).toBe(0);
    expect((await zhuisu(['keys', 'revoke', '999999', '--data', data])).code).toBe(1);
  }, 180_000);

  it('serves, works beside a CLI on the same store, and shuts down cleanly on SIGTERM', async () => {
    const server = await serve(['--port', '0', '--data', data], { ZHUISU_DEMO: 'false' });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      // A CLI command writes to the store while the server runs on it.
      const org = await zhuisu([
        'orgs',
        'add',
        '--kind',
        'county',
        '--name',
        '泰和县人民政府',
        '--county',
        '360826',
        '--json',
        '--data',
        data,
      ]);
      expect(org.code, org.stderr).toBe(0);
      // A slow in-flight request still completes when SIGTERM arrives.
      const inflight = fetch(`${server.url}/api/public/divisions`);
      server.child.kill('SIGTERM');
      expect((await inflight).status).toBe(200);
      const code = await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
      expect(code).toBe(0);
      expect(server.output()).toMatch(/SIGTERM received/);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 180_000);

  it('prints the first admin password once on first start', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'zhuisu-cli-first-'));
    try {
      const first = await serve(['--port', '0', '--data', fresh], { ZHUISU_DEMO: 'false' });
      expect(first.output()).toBeDefined();
      await new Promise((r) => setTimeout(r, 300));
      expect(first.output()).toMatch(/one-time password/);
      first.child.kill('SIGTERM');
      await new Promise((r) => first.child.once('exit', r));
      const second = await serve(['--port', '0', '--data', fresh], { ZHUISU_DEMO: 'false' });
      await new Promise((r) => setTimeout(r, 300));
      expect(second.output()).not.toMatch(/one-time password/);
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 180_000);
});
