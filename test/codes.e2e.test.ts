/** End-to-end: issuing codes, the issuance log, exports, label PDFs, barcodes and the public parser, on every engine. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../src/modules/codes/index.js';
import { login, type Session, seedOrg, startPlatform, type TestPlatform, testUscc } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
// Without poppler-utils the PDF text check cannot run: CI must have it (fail), a laptop may not (skip, say so).
const withPoppler = hasPdftotext || process.env.CI ? it : it.skip;
if (!hasPdftotext && !process.env.CI) console.warn('codes e2e: pdftotext not found; install poppler-utils.');

const BASE = 'https://zs.example.cn';

describe.each(ENGINES)('codes over HTTP on $name', (engine) => {
  let p: TestPlatform;
  let a: Session;
  let b: Session;
  let tea: number;
  let rice: number;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zhuisu-codes-e2e-'));
    p = await startPlatform(engine, { baseUrl: BASE });
    const entA = await seedOrg(
      p,
      { kind: 'enterprise', name: '遂川狗牯脑茶叶合作社', uscc: testUscc('360827'), divisionCode: '360827' },
      `codes-tea-${engine.name}`,
    );
    const entB = await seedOrg(
      p,
      { kind: 'enterprise', name: '吉州乳业有限公司', uscc: testUscc('360802'), divisionCode: '360802' },
      `codes-dairy-${engine.name}`,
    );
    expect(entA.orgId).not.toBe(entB.orgId);
    a = await login(p, entA.username);
    b = await login(p, entB.username);
    tea = (
      await a.call('POST', '/api/enterprise/products', { name: '遂川狗牯脑茶', category: 'AGRI' })
    ).json().id;
    rice = (
      await a.call('POST', '/api/enterprise/products', {
        name: '井冈山红米',
        category: 'AGRI',
        gtin: '6901234567892',
      })
    ).json().id;
  });
  afterAll(async () => {
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents the codes routes in /openapi.json', async () => {
    const doc = (await p.app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
    for (const path of [
      '/api/enterprise/codes',
      '/api/enterprise/codes/export',
      '/api/enterprise/labels.pdf',
      '/api/enterprise/codes/{code}/barcode.svg',
      '/api/enterprise/codes/{code}/barcode.png',
      '/api/public/codes/parse',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('issues platform codes as JSON: the range and the first codes', async () => {
    const res = await a.call('POST', '/api/enterprise/codes', {
      productId: tea,
      count: 30,
      batch: 'B2024-05',
      preview: 5,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { issuance: Record<string, unknown>; codes: { code: string; url: string }[] };
    expect(body.issuance).toMatchObject({
      productId: tea,
      productName: '遂川狗牯脑茶',
      count: 30,
      scheme: 'platform-code',
    });
    expect(body.codes).toHaveLength(5);
    expect(body.codes[0]?.code).toBe(body.issuance.firstCode);
    expect(body.codes[0]?.url).toBe(`${BASE}/q/${body.codes[0]?.code}`);
    expect(parse(body.codes[0]?.code as string)).toMatchObject({ valid: true, scheme: 'platform-code' });
  });

  it('streams a TXT and a CSV file of the range, and the log lists them for their owner only', async () => {
    const txt = await a.call('POST', '/api/enterprise/codes', { productId: tea, count: 2000, format: 'txt' });
    expect(txt.statusCode, txt.body).toBe(201);
    expect(txt.headers['content-type']).toMatch(/^text\/plain/);
    expect(txt.headers['content-disposition']).toMatch(/attachment; filename="codes-\d+\.txt"/);
    const lines = txt.body.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(2000);
    expect(lines.every((l) => parse(l).valid)).toBe(true);

    const csv = await a.call('POST', '/api/enterprise/codes', { productId: rice, count: 3, format: 'csv' });
    expect(csv.statusCode, csv.body).toBe(201);
    const [header, ...rows] = csv.body.trimEnd().split('\r\n');
    expect(header).toBe('code,url,element_string,epc_urn');
    expect(rows.map((r) => r.split(',')[0])).toEqual(
      [1, 2, 3].map((s) => `https://id.gs1.org/01/06901234567892/21/${s}`),
    );

    const id = Number(txt.headers['x-issuance-id']);
    const again = await a.call('GET', `/api/enterprise/codes/export?issuance=${id}&format=txt`);
    expect(again.body).toBe(txt.body);

    const logA = (await a.call('GET', '/api/enterprise/codes')).json() as {
      items: { id: number }[];
      total: number;
    };
    expect(logA.items.map((i) => i.id)).toContain(id);
    const logB = (await b.call('GET', '/api/enterprise/codes')).json() as { items: unknown[]; total: number };
    expect(logB).toEqual({ items: [], total: 0 });
    expect((await b.call('GET', `/api/enterprise/codes/export?issuance=${id}&format=csv`)).statusCode).toBe(
      404,
    );
  });

  it("answers bad input with a problem document naming the field, and another enterprise's product with 404", async () => {
    const zero = await a.call('POST', '/api/enterprise/codes', { productId: tea, count: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zero.json()).toMatchObject({ code: 'VALIDATION_FAILED', path: '/count' });
    const extra = await a.call('POST', '/api/enterprise/codes', { productId: tea, count: 1, colour: 'red' });
    expect(extra.json()).toMatchObject({ status: 400, path: '/colour' });
    const lot = await a.call('POST', '/api/enterprise/codes', { productId: rice, count: 1, level: 'batch' });
    expect(lot.json()).toMatchObject({ status: 400, code: 'CODES_BAD_ISSUE', path: '/batch' });
    const foreign = await b.call('POST', '/api/enterprise/codes', { productId: tea, count: 1 });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'MASTERDATA_PRODUCT_NOT_FOUND' });
  });

  withPoppler(
    'renders a label PDF of an issuance whose text shows the Chinese name, batch and codes',
    async () => {
      const issued = (
        await a.call('POST', '/api/enterprise/codes', {
          productId: tea,
          count: 24,
          batch: 'B2024-05',
          preview: 24,
        })
      ).json() as { issuance: { id: number }; codes: { code: string }[] };
      const res = await a.call(
        'GET',
        `/api/enterprise/labels.pdf?issuance=${issued.issuance.id}&layout=a4-3x8`,
      );
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const file = join(dir, `labels-${engine.name}.pdf`);
      writeFileSync(file, res.rawPayload);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('遂川狗牯脑茶');
      expect(text).toContain('批次 B2024-05');
      // A narrow label breaks a long code over two lines; the characters are all there, in order.
      const flat = text.replace(/\s+/g, '');
      for (const c of issued.codes) expect(flat).toContain(c.code);
    },
  );

  withPoppler('renders labels for codes given one by one, finding their product from the log', async () => {
    const issued = (await a.call('POST', '/api/enterprise/codes', { productId: rice, count: 2 })).json() as {
      codes: { code: string; elementString: string }[];
    };
    const codes = issued.codes.map((c) => encodeURIComponent(c.code)).join(',');
    const res = await a.call('GET', `/api/enterprise/labels.pdf?codes=${codes}&symbology=gs1-datamatrix`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const file = join(dir, `codes-${engine.name}.pdf`);
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('井冈山红米');
    expect(text.replace(/\s+/g, '')).toContain(issued.codes[0]?.elementString);
    // Enterprise B did not issue them: it must name the product itself.
    const other = await b.call('GET', `/api/enterprise/labels.pdf?codes=${codes}`);
    expect(other.json()).toMatchObject({ status: 400, code: 'CODES_BAD_EXPORT' });
  });

  it('renders barcodes: QR SVG of a platform code, GS1 DataMatrix PNG of a Digital Link; refuses a mismatch', async () => {
    const { codes } = (
      await a.call('POST', '/api/enterprise/codes', { productId: tea, count: 1 })
    ).json() as {
      codes: { code: string }[];
    };
    const svg = await a.call('GET', `/api/enterprise/codes/${codes[0]?.code}/barcode.svg`);
    expect(svg.statusCode, svg.body).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
    const dl = encodeURIComponent('https://id.gs1.org/01/06901234567892/21/7');
    const png = await a.call('GET', `/api/enterprise/codes/${dl}/barcode.png?symbology=gs1-datamatrix`);
    expect(png.statusCode, png.body).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const bad = await a.call('GET', `/api/enterprise/codes/${codes[0]?.code}/barcode.svg?symbology=ean13`);
    expect(bad.json()).toMatchObject({ status: 400, code: 'CODES_SYMBOLOGY_MISMATCH', path: '/code' });
    const invalid = await a.call('GET', '/api/enterprise/codes/06901234567893/barcode.svg');
    expect(invalid.json()).toMatchObject({ status: 400, code: 'CODES_INVALID', path: '/code' });
  });

  it('answers the public parser with exactly the parse() JSON, without a login', async () => {
    for (const code of [
      '(01)06901234567892(21)ABC',
      'https://id.gs1.org/01/06901234567892/10/L1?17=291231',
      '06901234567893',
      '91360802MA35F0TG1Y',
      '  not a code  ',
    ]) {
      const res = await p.app.inject(`/api/public/codes/parse?code=${encodeURIComponent(code)}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(JSON.parse(JSON.stringify(parse(code))));
    }
    const missing = await p.app.inject('/api/public/codes/parse');
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', path: '/code' });
  });
});
