/**
 * Headless Chromium for the browser tests: the Debian package at /usr/bin/chromium, driven by
 * playwright-core. Where it is missing the browser suites are left out with one warning, except
 * in CI, where they run and fail loudly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
const inCi = Boolean(process.env.CI);

/** Whether to run the browser suites: always in CI (failing there if Chromium is missing), elsewhere only with Chromium. */
export const runBrowserSuites = hasChromium || inCi;

const INSTALL_ADVICE = `Install it with: sudo apt-get install chromium (the Debian package puts it at ${CHROMIUM_PATH}).`;

if (!hasChromium && !inCi) {
  // One warning per test run, not one per test file: each file runs in a fork of the same vitest process.
  const marker = path.join(os.tmpdir(), `tellonce-e2e-no-chromium-${process.ppid}`);
  let first = true;
  try {
    fs.writeFileSync(marker, '', { flag: 'wx' });
  } catch {
    first = false;
  }
  if (first) console.warn(`Browser tests in test/e2e are not run: Chromium is not installed at ${CHROMIUM_PATH}. ${INSTALL_ADVICE}`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}, and in CI the browser tests must run. ${INSTALL_ADVICE}`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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

/** A page in its own browser context (cookies and all), recording console errors and uncaught exceptions. */
export interface BrowserTab {
  context: BrowserContext;
  page: Page;
  /** Console messages of type error, and uncaught exceptions, in the order they happened; not the page's own 4xx status. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Opens a fresh context (always through browser.newContext, which @axe-core/playwright needs) and a page in it. */
export async function openTab(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserTab> {
  const context = await browser.newContext(options);
  // Fail a step in seconds rather than wait for the whole test's time-out.
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports a page answered with an error status (400 for a form with mistakes, 404, 403)
    // as a failed resource; tests check those statuses themselves. Failed stylesheets and scripts still count.
    const isThePageItself = message.location().url === page.url();
    if (isThePageItself && /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    consoleErrors.push(`console error on ${page.url()}: ${message.text()}${isThePageItself ? '' : ` (${message.location().url})`}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught exception on ${page.url()}: ${error.message}`));
  return { context, page, consoleErrors, close: () => context.close() };
}
