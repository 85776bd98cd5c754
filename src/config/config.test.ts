import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from './config.js';

describe('configuration', () => {
  it('uses SQLite in ./data by default and freezes the result', () => {
    const c = loadConfig({}, {}, '/srv/zhuisu');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('/srv/zhuisu/data');
    expect(c.port).toBe(8080);
    expect(c.baseUrl).toBe('http://localhost:8080');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('selects PostgreSQL when DATABASE_URL is set and reads typed values from the environment', () => {
    const c = loadConfig(
      {},
      {
        DATABASE_URL: 'postgres://u@h/db',
        ZHUISU_PUBLIC_RATE_LIMIT: '0',
        ZHUISU_PORT: '9000',
        ZHUISU_WEBHOOK_ALLOW: '127.0.0.1, 10.0.0.0/8',
      },
    );
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.publicRateLimit).toBe(0);
    expect(c.port).toBe(9000);
    expect(c.webhookAllow).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('names the key and the value that is wrong', () => {
    expect(() => loadConfig({}, { ZHUISU_PORT: 'eighty' })).toThrow(
      /ZHUISU_PORT must be an integer .* got "eighty"/,
    );
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres/);
    expect(() => loadConfig({}, { ZHUISU_LOG_LEVEL: 'loud' })).toThrow(/ZHUISU_LOG_LEVEL/);
  });

  it('stops a production start without its secrets and names them', () => {
    expect(() => loadConfig({}, { NODE_ENV: 'production' })).toThrow(/ZHUISU_SESSION_SECRET/);
    const ok = loadConfig({}, { NODE_ENV: 'production', ZHUISU_SESSION_SECRET: 'x'.repeat(40) });
    expect(ok.secureCookies).toBe(true);
    expect(ok.demoSeed).toBe(false);
  });

  it('reads an optional JSON config file below the environment and refuses unknown keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhuisu-cfg-'));
    writeFileSync(join(dir, 'z.json'), JSON.stringify({ port: 7000, gcpLength: 9 }));
    const c = loadConfig({}, { ZHUISU_CONFIG: join(dir, 'z.json'), ZHUISU_PORT: '7100' });
    expect(c.port).toBe(7100);
    expect(c.gcpLength).toBe(9);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({}, { ZHUISU_CONFIG: join(dir, 'bad.json') })).toThrow(/unknown key "prot"/);
  });

  it('documents every key in README.md', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const k of CONFIG_KEYS) expect(readme).toContain(`\`${k.env}\``);
  });
});
