/**
 * The pages anyone can open without signing in, in a real browser: each opens with the right
 * status and heading, and is accessible (WCAG 2.2 AA, by axe).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail } from '../support/test-app.js';
import { expectNoAxeViolations } from './support/axe.js';
import { launchBrowser, openTab, runBrowserSuites } from './support/browser.js';
import { mainHeading, SignInPage, visit } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

const PAGES = [
  { path: '/sign-in', status: 200, heading: 'Sign in to TellOnce' },
  { path: '/accessibility', status: 200, heading: 'Accessibility statement for TellOnce' },
  { path: '/privacy', status: 200, heading: 'Privacy notice' },
  { path: '/cookies', status: 200, heading: 'Cookies' },
  { path: '/signed-out', status: 200, heading: 'You have signed out' },
  { path: '/no-such-page', status: 404, heading: 'Page not found' },
];

describe.runIf(runBrowserSuites)('pages without signing in', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const { path, status, heading } of PAGES) {
    it(`${path} answers ${status}, shows "${heading}" and is accessible`, async () => {
      if (!server || !browser) throw new Error('The server or browser did not start');
      const tab = await openTab(browser);
      try {
        const response = await visit(tab.page, `${server.baseUrl}${path}`);
        expect(response.status()).toBe(status);
        expect(new URL(tab.page.url()).pathname).toBe(path);
        expect(await mainHeading(tab.page)).toBe(heading);
        await expectNoAxeViolations(tab.page);
        expect(tab.consoleErrors).toEqual([]);
      } finally {
        await tab.close();
      }
    });
  }

  it('sends someone who is not signed in from a signed-in page to sign in, and back after', async () => {
    if (!server || !browser) throw new Error('The server or browser did not start');
    const tab = await openTab(browser);
    try {
      await visit(tab.page, `${server.baseUrl}/partnership`);
      const landed = new URL(tab.page.url());
      expect(landed.pathname).toBe('/sign-in');
      expect(landed.searchParams.get('returnTo')).toBe('/partnership');
      await expectNoAxeViolations(tab.page);
      await new SignInPage(tab.page, server.baseUrl).signIn(await demoEmail(server.test.services, 'hub_officer', 'Peterborough'));
      expect(new URL(tab.page.url()).pathname).toBe('/partnership');
      expect(await mainHeading(tab.page)).toBe('The partnership');
    } finally {
      await tab.close();
    }
  });
});
