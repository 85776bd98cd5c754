/** Issuance on every engine: atomic allocation under concurrency, scopes, GS1 schemes and the log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUscc } from '../../../test/helpers/app.js';
import { ENGINES } from '../../../test/helpers/engines.js';
import { type Database, migrateUp, openDatabase } from '../../db/index.js';
import { createOrganisation, type Principal, type Scope, scopeFor } from '../access/index.js';
import { digitalLinkToEpcUrn, parse } from '../codes/index.js';
import { createProduct } from '../masterdata/index.js';
import { type Issuance, issueCodes, listIssuances, rangeCodes } from './index.js';

const CLI = { userId: null, keyId: null, via: 'cli' } as const;

function scopeOf(org: { id: number; kind: Principal['org']['kind'] }): Scope {
  return scopeFor(
    {
      via: 'key',
      userId: null,
      keyId: null,
      username: null,
      role: 'manager',
      org: { id: org.id, kind: org.kind, name: 'test', uscc: null, divisionCode: null, categories: [] },
    },
    () => [],
  );
}

describe.each(ENGINES)('code issuance on $name', (engine) => {
  let database: Database;
  let second: Database;
  let dispose: () => Promise<void>;
  let scopeA: Scope;
  let scopeB: Scope;
  let teaA: number;
  let pepperA: number;
  let milkB: number;
  let gs1A: number;

  beforeAll(async () => {
    const fresh = await engine.fresh({ pgPoolSize: 8 });
    dispose = fresh.dispose;
    database = await openDatabase(fresh.config);
    await migrateUp(database);
    // A second server node on the same PostgreSQL (its own pool). SQLite is one file in one process: better-sqlite3
    // blocks the thread while it waits for a lock, so a second handle here would deadlock against the first.
    second = database.dialect.serialisedWrites ? database : await openDatabase(fresh.config);
    const { db, dialect } = database;
    const a = await createOrganisation(db, dialect, {
      kind: 'enterprise',
      name: '遂川狗牯脑茶叶合作社',
      uscc: testUscc('360827'),
      divisionCode: '360827',
    });
    const b = await createOrganisation(db, dialect, {
      kind: 'enterprise',
      name: '吉州乳业有限公司',
      uscc: testUscc('360802'),
      divisionCode: '360802',
    });
    scopeA = scopeOf(a);
    scopeB = scopeOf(b);
    teaA = (await createProduct(db, scopeA, { name: '狗牯脑茶', category: 'AGRI' })).id;
    pepperA = (await createProduct(db, scopeA, { name: '遂川辣椒', category: 'AGRI' })).id;
    milkB = (await createProduct(db, scopeB, { name: '婴幼儿配方奶粉', category: 'FOOD' })).id;
    gs1A = (await createProduct(db, scopeA, { name: '井冈山红米', category: 'AGRI', gtin: '6901234567892' }))
      .id;
  });
  afterAll(async () => {
    if (second && second !== database) await second.close();
    await database?.close();
    await dispose?.();
  });

  it('20 concurrent allocations from two server nodes never hand out the same code', async () => {
    const counts = Array.from({ length: 20 }, (_, i) => 1 + ((i * 37) % 50));
    const results = await Promise.all(
      counts.map((count, i) => {
        const node = i % 2 === 0 ? database : second;
        return issueCodes(
          node.db,
          node.dialect,
          scopeA,
          { productId: i % 3 === 0 ? pepperA : teaA, count },
          { issuer: CLI },
        );
      }),
    );
    const ranges = results
      .map((r) => [r.firstSerial, r.firstSerial + r.count - 1] as const)
      .sort((x, y) => x[0] - y[0]);
    // Contiguous and disjoint: each range starts right after the previous one.
    expect(ranges[0]?.[0]).toBe(1);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0]).toBe((ranges[i - 1]?.[1] ?? 0) + 1);
    const codes = results.flatMap((r) => rangeCodes(r, 'https://zs.example.cn').map((c) => c.code));
    expect(codes).toHaveLength(counts.reduce((s, n) => s + n, 0));
    expect(new Set(codes).size).toBe(codes.length);
    // Every code is a valid platform code of category A (食用农产品), item level, one organisation serial.
    const orgs = new Set(
      codes.map((c) => {
        const p = parse(c);
        expect(p.valid, c).toBe(true);
        expect(p.fields.category).toBe('edible-agricultural');
        expect(p.fields.level).toBe('unit');
        return p.fields.org;
      }),
    );
    expect(orgs.size).toBe(1);
  });

  it('allocates each organisation its own platform serial, also when both issue for the first time at once', async () => {
    const [a, b] = await Promise.all([
      issueCodes(
        second.db,
        second.dialect,
        scopeB,
        { productId: milkB, count: 3, level: 'batch', batch: 'B2024-05' },
        { issuer: CLI },
      ),
      issueCodes(
        database.db,
        database.dialect,
        scopeA,
        { productId: teaA, count: 2, level: 'batch' },
        { issuer: CLI },
      ),
    ]);
    const orgOf = (i: Issuance) => parse(i.firstCode).fields.org;
    expect(orgOf(a)).not.toBe(orgOf(b));
    expect(a.firstCode.slice(0, 2)).toBe('FB'); // 食品, batch level
    expect(b.firstCode.slice(0, 2)).toBe('AB');
    expect(a.batchLot).toBe('B2024-05');
    const rows = await database.db.selectFrom('code_org_serials').select(['org_id', 'serial']).execute();
    expect(new Set(rows.map((r) => r.serial)).size).toBe(rows.length);
    expect(rows).toHaveLength(2);
  });

  it("refuses to issue for another enterprise's product with 404, and shows each its own log only", async () => {
    await expect(
      issueCodes(database.db, database.dialect, scopeB, { productId: teaA, count: 1 }, { issuer: CLI }),
    ).rejects.toMatchObject({ status: 404, code: 'MASTERDATA_PRODUCT_NOT_FOUND' });
    const logB = await listIssuances(database.db, scopeB);
    expect(logB.items.length).toBeGreaterThan(0);
    expect(logB.items.every((i) => i.orgId !== scopeA.orgId)).toBe(true);
    const logA = await listIssuances(database.db, scopeA, { productId: pepperA });
    expect(logA.items.every((i) => i.productId === pepperA && i.productName === '遂川辣椒')).toBe(true);
    expect(logA.total).toBe(logA.items.length);
  });

  it('refuses bad requests with the field path', async () => {
    const issue = (input: Parameters<typeof issueCodes>[3]) =>
      issueCodes(database.db, database.dialect, scopeA, input, { issuer: CLI });
    await expect(issue({ productId: teaA, count: 0 })).rejects.toMatchObject({
      code: 'CODES_BAD_ISSUE',
      path: '/count',
    });
    await expect(issue({ productId: teaA, count: 1_000_001 })).rejects.toMatchObject({ path: '/count' });
    await expect(issue({ productId: teaA, count: 1, level: 'case' as never })).rejects.toMatchObject({
      path: '/level',
    });
    await expect(issue({ productId: gs1A, count: 1, level: 'batch' })).rejects.toMatchObject({
      path: '/batch',
    });
    await expect(issue({ productId: teaA, count: 1, batch: 'a\u0007b' })).rejects.toMatchObject({
      path: '/batch',
    });
  });

  it('issues GS1 SGTIN serials for a product with a GTIN, with element strings and EPC URNs that agree', async () => {
    const runs = await Promise.all(
      [5, 7, 3].map((count) =>
        issueCodes(database.db, database.dialect, scopeA, { productId: gs1A, count }, { issuer: CLI }),
      ),
    );
    const codes = runs.flatMap((r) => rangeCodes(r, 'https://zs.example.cn/'));
    expect(new Set(codes.map((c) => c.code)).size).toBe(15);
    for (const c of codes) {
      expect(c.code).toMatch(/^https:\/\/id\.gs1\.org\/01\/06901234567892\/21\/\d+$/);
      expect(parse(c.code).canonical).toBe(c.code);
      expect(parse(c.elementString as string).canonical).toBe(c.code);
      expect(parse(c.url).canonical).toBe(c.code);
      expect(c.url.startsWith('https://zs.example.cn/01/')).toBe(true);
      expect(c.epcUrn).toBe(digitalLinkToEpcUrn(c.code, { gcpLength: 7 }).value);
    }
    expect(runs[0]?.scheme).toBe('gs1-sgtin');
  });

  it('issues a GS1 batch code (GTIN + lot) once, and SSCCs under the configured company-prefix length', async () => {
    const issue = (input: Parameters<typeof issueCodes>[3], gcpLength?: number) =>
      issueCodes(database.db, database.dialect, scopeA, input, { issuer: CLI, gcpLength });
    const lot = await issue({ productId: gs1A, count: 1, level: 'batch', batch: 'LOT-2024/05' });
    expect(lot.firstCode).toBe('https://id.gs1.org/01/06901234567892/10/LOT-2024%2F05');
    expect(parse(lot.firstCode).valid).toBe(true);
    await expect(
      issue({ productId: gs1A, count: 1, level: 'batch', batch: 'LOT-2024/05' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'CODES_LOT_ALREADY_ISSUED',
    });
    const sscc = await issue({ productId: gs1A, count: 4, level: 'logistic-unit' });
    const ssccs = rangeCodes(sscc, 'https://zs.example.cn');
    for (const c of ssccs) {
      const p = parse(c.elementString as string);
      expect(p.valid, c.elementString).toBe(true);
      expect(p.canonical).toBe(c.code);
      expect(c.epcUrn).toBe(digitalLinkToEpcUrn(c.code, { gcpLength: 7 }).value);
    }
    // A 12-digit company prefix leaves 4 digits of serial reference: 9 999 SSCCs, then the series is exhausted.
    const big = await issue({ productId: gs1A, count: 9_999, level: 'logistic-unit' }, 12);
    expect(big.prefix).toBe('0690123456789');
    await expect(issue({ productId: gs1A, count: 1, level: 'logistic-unit' }, 12)).rejects.toMatchObject({
      status: 409,
      code: 'CODES_SERIES_EXHAUSTED',
    });
  });
});
