/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Under CI=true the browser suites are
 * mandatory: a missing /usr/bin/chromium fails the run; locally they skip with a printed notice.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian installs Chromium. */
export const CHROMIUM = '/usr/bin/chromium';
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** Whether browser suites run here. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (CI)
    throw new Error(
      `CI=true but ${CHROMIUM} is missing: the browser suites are mandatory in CI (apt-get install chromium).`,
    );
  console.warn(
    `[zhuisu tests] ${CHROMIUM} not found: browser suites are SKIPPED (apt-get install chromium).`,
  );
  return false;
}

/** Launches headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
