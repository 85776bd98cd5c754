/** End-to-end: `zhuisu codes parse|issue|label` run as a shell user would, on the embedded store. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { migrateUp, openDatabase } from '../src/db/index.js';
import { createOrganisation, scopeFor } from '../src/modules/access/index.js';
import { parse } from '../src/modules/codes/index.js';
import { createProduct } from '../src/modules/masterdata/index.js';
import { testUscc } from './helpers/app.js';
import { zhuisu } from './helpers/cli.js';

describe('zhuisu codes', () => {
  const data = mkdtempSync(join(tmpdir(), 'zhuisu-codes-cli-'));
  let uscc: string;
  let tea: number;
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  beforeAll(async () => {
    // Products have no CLI command yet: seed the store the CLI will open.
    const database = await openDatabase(loadConfig({ dataDir: data, logLevel: 'silent' }, {}));
    try {
      await migrateUp(database);
      const org = await createOrganisation(database.db, database.dialect, {
        kind: 'enterprise',
        name: '遂川狗牯脑茶叶合作社',
        uscc: testUscc('360827'),
        divisionCode: '360827',
      });
      uscc = org.uscc as string;
      const scope = scopeFor(
        {
          via: 'key',
          userId: null,
          keyId: null,
          username: null,
          role: 'manager',
          org: {
            id: org.id,
            kind: 'enterprise',
            name: org.name,
            uscc,
            divisionCode: '360827',
            categories: [],
          },
        },
        () => [],
      );
      tea = (await createProduct(database.db, scope, { name: '遂川狗牯脑茶', category: 'AGRI' })).id;
    } finally {
      await database.close();
    }
  });

  it('prints help for every codes command and exits 0', async () => {
    const all = [
      ['codes', '--help'],
      ['codes', 'parse', '--help'],
      ['codes', 'issue', '--help'],
      ['codes', 'label', '--help'],
    ];
    const results = await Promise.all(all.map((args) => zhuisu(args)));
    results.forEach((r, i) => {
      expect(r.code, `${all[i]?.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/Usage: zhuisu codes/);
      expect(r.stdout).toMatch(/--data <dir>|Commands:/);
    });
  }, 120_000);

  it('parse exits 0 for a valid GTIN, 1 for a bad check digit, 2 without an argument; --json is parse()', async () => {
    const [ok, bad, missing] = await Promise.all([
      zhuisu(['codes', 'parse', '06901234567892', '--json']),
      zhuisu(['codes', 'parse', '06901234567893', '--json']),
      zhuisu(['codes', 'parse']),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(JSON.parse(JSON.stringify(parse('06901234567892'))));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual(JSON.parse(JSON.stringify(parse('06901234567893'))));
    expect(bad.stderr).toMatch(/CODES_INVALID/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument/);
  }, 120_000);

  it('issue writes N unique valid codes to a .txt and a .csv, then label prints them', async () => {
    const txt = join(data, 'codes.txt');
    const r = await zhuisu([
      'codes',
      'issue',
      '--org',
      uscc,
      '--product',
      String(tea),
      '--count',
      '5000',
      '--out',
      txt,
      '--data',
      data,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/issued 5000 platform-code codes for 遂川狗牯脑茶/);
    const lines = readFileSync(txt, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5000);
    expect(new Set(lines).size).toBe(5000);
    expect(lines.every((l) => parse(l).valid)).toBe(true);

    const csv = join(data, 'codes.csv');
    const c = await zhuisu([
      'codes',
      'issue',
      '--org',
      uscc,
      '--product',
      String(tea),
      '--count',
      '7',
      '--batch',
      'B2024-05',
      '--out',
      csv,
      '--data',
      data,
    ]);
    expect(c.code, c.stderr).toBe(0);
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('code,url');
    expect(rows.slice(1).map((row) => row.split(',')[0])).not.toContain(lines[0]);

    const pdf = join(data, 'labels.pdf');
    const l = await zhuisu([
      'codes',
      'label',
      '--in',
      csv,
      '--layout',
      'a4-3x8',
      '--out',
      pdf,
      '--data',
      data,
    ]);
    expect(l.code, l.stderr).toBe(0);
    expect(l.stdout).toMatch(/wrote 7 labels/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('issue and label refuse bad usage with exit 2 and an unknown product with exit 1', async () => {
    const bad = join(data, 'bad.txt');
    writeFileSync(bad, '06901234567893\n');
    const [ext, count, product, label] = await Promise.all([
      zhuisu([
        'codes',
        'issue',
        '--org',
        uscc,
        '--product',
        String(tea),
        '--count',
        '5',
        '--out',
        join(data, 'x.pdf'),
        '--data',
        data,
      ]),
      zhuisu([
        'codes',
        'issue',
        '--org',
        uscc,
        '--product',
        String(tea),
        '--count',
        '0',
        '--out',
        join(data, 'x.txt'),
        '--data',
        data,
      ]),
      zhuisu([
        'codes',
        'issue',
        '--org',
        uscc,
        '--product',
        '999',
        '--count',
        '5',
        '--out',
        join(data, 'y.txt'),
        '--data',
        data,
      ]),
      zhuisu([
        'codes',
        'label',
        '--in',
        bad,
        '--out',
        join(data, 'bad.pdf'),
        '--product-name',
        '茶',
        '--data',
        data,
      ]),
    ]);
    expect(ext.code).toBe(2);
    expect(ext.stderr).toMatch(/\.csv, \.txt or \.xlsx/);
    expect(count.code).toBe(2);
    expect(product.code).toBe(1);
    expect(product.stderr).toMatch(/MASTERDATA_PRODUCT_NOT_FOUND/);
    expect(label.code).toBe(1);
    expect(label.stderr).toMatch(/CODES_INVALID/);
  }, 120_000);
});
