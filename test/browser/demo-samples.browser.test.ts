/**
 * In a real browser on a phone-sized screen, the sample code of every category of the small Ji'an demo: each public
 * page shows what its category's projection allows (producer, journey, status; a drug only its genuine line,
 * manufacturer, batch and expiry; hazardous goods only "registered, call 110"). From one page a shopper files a
 * complaint through the plain HTML form and follows it on the receipt page; one page switches to English. A demo
 * sample's QR image goes through the scanner's upload fallback, another is looked up in places too far apart (the
 * copied-code warning), and one is recalled through the regulator API (the recall banner).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import bwipjs from 'bwip-js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, seedDemo } from '../../src/modules/demo/index.js';
import { captureHooks } from '../../src/pipeline.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { ENGINES } from '../helpers/engines.js';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const OPEN_CATEGORIES = ['AGRI', 'FOOD', 'INPUT', 'EQUIP'] as const;

describe.runIf(browserAvailable())('the demo sample of every category in Chromium on a phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let dispose: () => Promise<void>;
  let demo: DemoSummary;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const fresh = await ENGINES[0]!.fresh({
      port: 0,
      host: '127.0.0.1',
      adminPassword: 'Zs-browser-test-pass-1',
    });
    dispose = fresh.dispose;
    server = await startServer(fresh.config);
    demo = await seedDemo(server.database, fresh.config, captureHooks(server.database, fresh.config), {
      scale: 'small',
      seed: 7,
    });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dispose?.();
  });

  async function phone(locale = 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE, locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${m.location().url}: ${m.text()}`);
    });
    return { context, page };
  }

  const pageOf = (category: string) => `${server.url}/q/${encodeURIComponent(demo.samples[category]!)}`;

  /** The `<dt>` labels of a facts list, to check which facts a page shows. */
  const labels = (page: Page, section: string) =>
    page.$$eval(`${section} dt`, (els) => els.map((e) => e.textContent ?? ''));

  it.each(OPEN_CATEGORIES)(
    'the %s sample shows its producer, its journey and its status',
    async (category) => {
      const { context, page } = await phone();
      const res = await page.goto(pageOf(category));
      expect(res?.status(), `${category} ${demo.samples[category]}`).toBe(200);
      // The product's name, not the code standing in for a product the page could not name.
      const name = (await page.textContent('#product h1'))?.trim() ?? '';
      expect(name.length, `${category} has no product name`).toBeGreaterThan(1);
      expect(name).not.toBe(demo.samples[category]);
      expect(demo.samples[category]!.includes(name)).toBe(false);
      expect(await labels(page, '#producer')).toContain('生产经营者');
      const producer = await page.$$eval('#producer dd', (els) => els[0]?.textContent ?? '');
      expect(producer.trim().length).toBeGreaterThan(1);
      expect(await page.locator('#timeline li').count()).toBeGreaterThanOrEqual(1);
      expect(['ok', 'caution', 'warn']).toContain(await page.getAttribute('#status', 'data-status'));
      expect(await page.locator('#status p').count()).toBeGreaterThanOrEqual(1);
      expect(await page.getAttribute('#integrity', 'data-integrity')).toBe('verified');
      // The browser's own check of the signed head and every proof (WebCrypto), under the server's line.
      await page.waitForSelector('#integrity-browser[data-browser="verified"]', { timeout: 10_000 });
      await page.screenshot({ path: `${SHOTS}demo-${category}.png`, fullPage: true });
      // Nothing wider than the phone: no horizontal scrolling (the message names what sticks out).
      const wide = await page.$$eval('main *', (els) =>
        els
          .filter((e) => e.getBoundingClientRect().right > 390 && e.children.length === 0)
          .map((e) => e.outerHTML.slice(0, 160)),
      );
      expect(
        await page.evaluate('document.documentElement.scrollWidth'),
        wide.join('\n'),
      ).toBeLessThanOrEqual(390);
      await context.close();
    },
    60_000,
  );

  it('the DRUG sample shows only the genuine line, the manufacturer, the batch and the expiry', async () => {
    const { context, page } = await phone();
    expect((await page.goto(pageOf('DRUG')))?.status()).toBe(200);
    expect(await page.textContent('#status')).toContain('真实追溯码');
    // The product card holds only the category, the code, and the batch and expiry the manufacturer recorded when
    // it coded the pack (its commissioning ILMD).
    const facts = await page.$$eval('#product dt', (els) =>
      Object.fromEntries(els.map((e) => [e.textContent ?? '', e.nextElementSibling?.textContent ?? ''])),
    );
    for (const label of Object.keys(facts)) {
      expect(['品类', '批次', '有效期至', '追溯码', '码制']).toContain(label);
    }
    expect(facts['批次']).toMatch(/^\S{2,}$/);
    expect(facts['有效期至']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Not expired: the demo's packs are made in 2026 with a 24-month shelf life.
    expect(await page.getAttribute('#status', 'data-status')).toBe('ok');
    const producer = await page.$$eval('#producer dd', (els) => els[0]?.textContent ?? '');
    expect(producer.trim().length).toBeGreaterThan(1);
    // The manufacturer, not the wholesaler that registered the product in the city.
    expect(producer).not.toMatch(/医药有限公司/);
    // 药品管理法 2019 第三十六条: the chain after the manufacturer is for regulators, so every step shown is the
    // manufacturer's own, and no partner or document is named.
    const organisations = await page.$$eval('#timeline li .zs-meta', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(organisations.length).toBeGreaterThanOrEqual(1);
    for (const meta of organisations) {
      expect(meta).not.toMatch(/医院|药房|药店|医药公司|配送/);
      const named = meta.split(' · ').slice(2);
      for (const org of named) expect(org).toBe(producer.trim());
    }
    expect(await page.locator('#documents li').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}demo-DRUG.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('the HAZMAT sample shows only "registered, call 110"', async () => {
    const { context, page } = await phone();
    expect((await page.goto(pageOf('HAZMAT')))?.status()).toBe(200);
    expect(await page.getAttribute('#status', 'data-status')).toBe('restricted');
    expect(await page.textContent('#restricted h1')).toBe('此码已登记');
    expect(await page.textContent('#restricted')).toContain('110');
    for (const absent of ['#producer', '#timeline', '#documents', '#product']) {
      expect(await page.locator(absent).count(), absent).toBe(0);
    }
    await page.screenshot({ path: `${SHOTS}demo-HAZMAT.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('files a complaint from a story page through the form and follows it on the receipt page', async () => {
    const { context, page } = await phone();
    await page.goto(pageOf('FOOD'));
    await Promise.all([page.waitForURL(/\/complaint\?/), page.click('#complain')]);
    expect(await page.textContent('#complaint h1')).toBe('投诉/举报这件产品');
    await page.fill('#text', '罐头鼓胀，打开后有异味。');
    await page.fill('#contact', '13800000000');
    await page.screenshot({ path: `${SHOTS}demo-complaint-form.png`, fullPage: true });
    await Promise.all([
      page.waitForURL(/\/complaints\/TS\d{8}[0-9A-F]{12}/),
      page.click('#complaint button'),
    ]);
    const receipt = /\/complaints\/(TS\d{8}[0-9A-F]{12})/.exec(page.url())![1]!;
    expect(await page.textContent('#receipt-number')).toContain(receipt);
    // Filed, then routed at once to the office responsible for the code (the service assigns on filing).
    const steps = await page.$$eval('#complaint-history li', (els) =>
      els.map((e) => e.getAttribute('data-status')),
    );
    expect(steps[0]).toBe('received');
    expect(await page.getAttribute('#receipt', 'data-status')).toBe(steps.at(-1));
    expect(await page.textContent('#complaint-history')).toContain('已收到');
    // The contact is for the office handling it, never shown back on the public receipt.
    expect(await page.content()).not.toContain('13800000000');
    await page.screenshot({ path: `${SHOTS}demo-complaint-receipt.png`, fullPage: true });
    // Following it later, by the receipt number alone, in a fresh browser.
    const later = await phone('en');
    await later.page.goto(`${server.url}/complaints/${receipt}`);
    expect(await later.page.textContent('#complaint-history')).toContain('Received');
    await later.context.close();
    await context.close();
  }, 60_000);

  it('an empty complaint is refused on the form, with what was typed kept', async () => {
    const { context, page } = await phone();
    await page.goto(`${pageOf('AGRI')}/complaint`);
    await page.fill('#contact', 'me@example.com');
    // Only spaces: past the browser's `required`, refused by the service.
    await page.fill('#text', '   ');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('#complaint button')]);
    expect(res?.status()).toBe(400);
    errors.splice(0); // Chromium logs the deliberate 400 as a console error.
    expect(await page.textContent('#complaint-error')).toContain('投诉没有提交成功');
    expect(await page.inputValue('#contact')).toBe('me@example.com');
    await context.close();
  }, 60_000);

  it('the language switch turns a sample page to English', async () => {
    const { context, page } = await phone();
    await page.goto(pageOf('AGRI'));
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await Promise.all([page.waitForURL(/lang=en/), page.click('nav.zs-lang a[lang=en]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#timeline h2')).toBe('Its journey');
    expect(await labels(page, '#producer')).toContain('Producer');
    expect(await page.textContent('#complain')).toBe('Complain / report');
    await page.screenshot({ path: `${SHOTS}demo-AGRI-en.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it("the browser's own integrity check fails visibly when a proof it is given was altered", async () => {
    const { context, page } = await phone();
    // A server that altered one recorded leaf hash: the signature still holds, the proof no longer leads to it.
    await page.route(/\/q\//, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(
        /("leafHash":")([0-9a-f])/,
        (_, head: string, c: string) => `${head}${c === '0' ? '1' : '0'}`,
      );
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(pageOf('FOOD'));
    await page.waitForSelector('#integrity-browser[data-browser="failed"]', { timeout: 10_000 });
    expect(await page.getAttribute('#integrity-browser', 'role')).toBe('alert');
    expect(await page.textContent('#integrity-browser')).toContain('核验失败');
    await page.screenshot({ path: `${SHOTS}demo-FOOD-browser-check-failed.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('the upload fallback decodes a QR image of a demo sample code and opens its page', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/scan`);
    await page.waitForSelector('#photo');
    const png = await bwipjs.toBuffer({
      bcid: 'qrcode',
      text: demo.samples.DRUG!,
      scale: 6,
      paddingwidth: 8,
      paddingheight: 8,
      backgroundcolor: 'FFFFFF',
    });
    await Promise.all([
      page.waitForURL(/\/q\//, { timeout: 30_000 }),
      page.setInputFiles('#photo', { name: 'label.png', mimeType: 'image/png', buffer: png }),
    ]);
    await page.waitForSelector('#producer');
    expect(decodeURIComponent(page.url())).toContain(demo.samples.DRUG!);
    expect(await page.textContent('#status')).toContain('真实追溯码');
    expect(await page.locator('#product dt', { hasText: '批次' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}demo-DRUG-from-qr.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('a demo sample looked up in 吉州区 and moments later in Beijing shows the copied-code warning', async () => {
    const { context, page } = await phone();
    await page.goto(`${pageOf('FOOD')}?near=27.11,114.99`);
    expect(await page.textContent('#status')).not.toContain('复制');
    await page.goto(`${pageOf('FOOD')}?near=39.90,116.40`);
    expect(await page.getAttribute('#status', 'data-status')).toBe('caution');
    expect(await page.textContent('#status')).toContain('复制');
    await page.screenshot({ path: `${SHOTS}demo-FOOD-copied.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('a demo sample recalled through the regulator API shows the recall banner at once', async () => {
    const { context, page } = await phone();
    await page.goto(pageOf('AGRI'));
    expect(await page.textContent('#status')).not.toContain('召回');
    // The demo's regulator login is the agriculture department, which supervises AGRI.
    const l = demo.logins.regulator!;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: l.username, password: l.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const recall = await fetch(`${server.url}/api/gov/recalls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        code: demo.samples.AGRI,
        level: 'II',
        reason: '农药残留超标 pesticide residue above limit',
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      }),
    });
    expect(recall.status, await recall.clone().text()).toBe(201);
    await page.reload();
    expect(await page.getAttribute('#status', 'data-status')).toBe('warn');
    expect(await page.textContent('#status')).toContain('该产品已被召回');
    await page.screenshot({ path: `${SHOTS}demo-AGRI-recalled.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('printed no console errors on any page', () => {
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
