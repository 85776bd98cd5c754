/** In a real browser: the API reference at /api/docs renders the generated OpenAPI document. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { browserAvailable, launchBrowser } from '../helpers/browser.js';
import { ENGINES } from '../helpers/engines.js';

describe.runIf(browserAvailable())('API reference in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await ENGINES[0]!.fresh({
      port: 0,
      host: '127.0.0.1',
      adminPassword: 'Zs-browser-test-pass-1',
    });
    dispose = fresh.dispose;
    server = await startServer(fresh.config);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dispose?.();
  });

  it('shows every audience and its operations, with no script errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    const title = await page.textContent('.swagger-ui .title');
    expect(title).toContain('Zhuisu');
    const tags = await page.$$eval('.opblock-tag', (els) => els.map((e) => e.getAttribute('data-tag')));
    expect(tags).toEqual(
      expect.arrayContaining(['auth', 'public', 'enterprise', 'gov', 'admin', 'epcis', 'ops']),
    );
    expect(await page.locator('.opblock').count()).toBeGreaterThan(15);
    expect(errors, errors.join('\n')).toEqual([]);
  }, 60_000);
});
