/**
 * In a real browser on a phone-sized screen: home → type a code → the story page; the language switch; the scanner
 * with its photo-upload fallback decoding a QR image made with bwip-js; a QR that links to another site; the
 * restricted and recalled pages. No console errors anywhere. Screenshots go to test/browser/screenshots (ignored
 * by git) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import bwipjs from 'bwip-js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoryFixtures, seedStoryFixtures } from '../../src/modules/story/story.fixtures.js';
import { ensureWebBuilt } from '../../src/server/plugins/web.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { ENGINES } from '../helpers/engines.js';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

function qrPng(text: string): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'qrcode',
    text,
    scale: 6,
    paddingwidth: 8,
    paddingheight: 8,
    backgroundcolor: 'FFFFFF',
  });
}

describe.runIf(browserAvailable())('public pages in Chromium on a phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let dispose: () => Promise<void>;
  let f: StoryFixtures;
  const errors: string[] = [];
  const expectedStatus = new Set<string>();

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    const fresh = await ENGINES[0]!.fresh({
      port: 0,
      host: '127.0.0.1',
      adminPassword: 'Zs-browser-test-pass-1',
    });
    dispose = fresh.dispose;
    server = await startServer(fresh.config);
    f = await seedStoryFixtures(server.database, server.app.captureHooks);
    browser = await launchBrowser();
  }, 120_000);
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
      // A page about a bad code is itself answered 400/404 on purpose; Chromium reports that status as an error.
      if (m.type() === 'error' && !(m.location().url === page.url() && expectedStatus.has(page.url()))) {
        errors.push(`${m.location().url}: ${m.text()}`);
      }
    });
    return { context, page };
  }

  it('home → type a code → the story page shows product, producer, timeline and status', async () => {
    const { context, page } = await phone();
    await page.goto(server.url);
    await page.waitForSelector('#code');
    expect(await page.textContent('h1')).toBe('查一查这件产品');
    await page.screenshot({ path: `${SHOTS}home-zh.png`, fullPage: true });
    await page.fill('#code', f.tea.item);
    await Promise.all([page.waitForURL(/\/q\//), page.click('button[type=submit]')]);
    await page.waitForSelector('#timeline');
    expect(await page.textContent('#product h1')).toBe('井冈山绿茶');
    expect(await page.textContent('#producer')).toContain(f.names.grower);
    expect(await page.locator('#timeline li').count()).toBe(5);
    expect(await page.getAttribute('#status', 'data-status')).toBe('ok');
    // Nothing wider than the phone: no horizontal scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}story-tea-zh.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('the language switch turns the app and the server pages to English', async () => {
    const { context, page } = await phone();
    await page.goto(server.url);
    await page.waitForSelector('#code');
    await page.click('nav.zs-lang a[lang=en]');
    await page.waitForFunction("document.querySelector('h1')?.textContent === 'Look up a product'");
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: `${SHOTS}home-en.png`, fullPage: true });
    await page.goto(`${server.url}/q/${encodeURIComponent(f.tea.item)}`);
    expect(await page.textContent('#product h1')).toBe('Jinggangshan green tea');
    expect(await page.textContent('#timeline')).toContain('Harvest');
    await page.screenshot({ path: `${SHOTS}story-tea-en.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('the scanner opens; without a camera the photo upload decodes a QR image and opens its page', async () => {
    const { context, page } = await phone();
    await page.goto(server.url);
    await page.waitForSelector('#code');
    await page.click('a[href="/scan"]');
    await page.waitForSelector('#photo');
    await page.click('button.zs-btn');
    await page.waitForSelector('[data-camera=unavailable]');
    await page.screenshot({ path: `${SHOTS}scan-no-camera.png`, fullPage: true });
    const png = await qrPng(f.drug.code);
    await Promise.all([
      page.waitForURL(/\/q\//, { timeout: 30_000 }),
      page.setInputFiles('#photo', { name: 'code.png', mimeType: 'image/png', buffer: png }),
    ]);
    await page.waitForSelector('#producer');
    expect(await page.textContent('#producer')).toContain(f.names.drugMaker);
    expect(await page.content()).not.toContain(f.names.hospital);
    await page.screenshot({ path: `${SHOTS}story-drug-zh.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('a QR code linking to another site is shown, never followed; an image with no code says so', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/scan`);
    await page.waitForSelector('#photo');
    await page.setInputFiles('#photo', {
      name: 'link.png',
      mimeType: 'image/png',
      buffer: await qrPng('https://phish.example.com/win?prize=1'),
    });
    await page.waitForSelector('[data-result=foreign]', { timeout: 30_000 });
    expect(page.url()).toBe(`${server.url}/scan`);
    expect(await page.textContent('[data-result=foreign]')).toContain(
      'https://phish.example.com/win?prize=1',
    );
    await page.screenshot({ path: `${SHOTS}scan-foreign.png`, fullPage: true });
    await page.setInputFiles('#photo', {
      name: 'blank.png',
      mimeType: 'image/png',
      buffer: await emptyPng(),
    });
    await page.waitForSelector('[data-result=none]', { timeout: 30_000 });
    await context.close();
  }, 60_000);

  it('the recalled, restricted and unknown pages fail well on a phone', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/q/${encodeURIComponent(f.tea.recalledItem)}`);
    expect(await page.getAttribute('#status', 'data-status')).toBe('warn');
    await page.screenshot({ path: `${SHOTS}story-recalled.png`, fullPage: true });
    await page.goto(`${server.url}${f.hazmat.item.replace('https://id.gs1.org', '')}`);
    expect(await page.textContent('#restricted')).toContain('110');
    await page.screenshot({ path: `${SHOTS}story-restricted.png`, fullPage: true });
    const invalid = `${server.url}/q/${encodeURIComponent('<script>alert(1)</script>')}`;
    expectedStatus.add(invalid);
    expect((await page.goto(invalid))?.status()).toBe(400);
    expect(await page.textContent('#problem h1')).toBe('这不是一个有效的码');
    await page.screenshot({ path: `${SHOTS}story-invalid.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('printed no console errors on any page', () => {
    expect(errors, errors.join('\n')).toEqual([]);
  });
});

/** A white PNG with no code in it. */
async function emptyPng(): Promise<Buffer> {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 240, height: 240 });
  png.data.fill(255);
  return PNG.sync.write(png);
}
