/**
 * Every demo role in one council, in a real browser: sign in through the form, see the home page,
 * follow every link the role is shown to the pages it leads to, checking each opens and is
 * accessible (WCAG 2.2 AA, by axe), then sign out. One test file per council, so that the two
 * councils run side by side; within a file the roles go one after another in one browser.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_NAMES, ROLES, type Role } from '../../../src/platform/permissions/roles.js';
import { expectNoAxeViolations } from './axe.js';
import { launchBrowser, openTab, runBrowserSuites } from './browser.js';
import { crawlFrom } from './crawl.js';
import { mainHeading, SignInPage, signOut, visit, type DemoAccount } from './pages.js';
import { startServer, type RunningServer } from './server.js';

const MAX_PAGES_PER_ROLE = 60;
const MAX_PAGES_PER_ROUTE = 2;

/** Pages an administrator must reach by following links, forms for adding and changing included. */
const ADMINISTRATOR_ROUTES = [
  '/admin/users',
  '/admin/users/invite',
  '/admin/users/:id',
  '/admin/users/:id/edit',
  '/admin/users/:id/deactivate',
  '/admin/audit',
  '/admin/notifications',
  '/admin/api-tokens',
  '/admin/api-tokens/new',
  '/partnership',
  '/partnership/agencies',
  ...['councils', 'quadrants', 'districts', 'teams', 'agencies'].flatMap((part) => [
    `/partnership/${part}/new`,
    `/partnership/${part}/:id/edit`,
  ]),
];

/** Each page for adding something, with the heading the button or link leading to it promises. */
const ADD_PAGE_HEADINGS: [string, string][] = [
  ['/admin/users/invite', 'Invite a user'],
  ['/partnership/councils/new', 'Add a council'],
  ['/partnership/quadrants/new', 'Add a quadrant'],
  ['/partnership/districts/new', 'Add a district'],
  ['/partnership/teams/new', 'Add a team'],
  ['/partnership/agencies/new', 'Add an agency'],
  ['/partnership/levels-of-need/new', 'Add a level of need'],
  ['/admin/api-tokens/new', 'Issue an API token'],
];

const INFORMATION_ROUTES = ['/accessibility', '/privacy', '/cookies'];

export function describeEveryRoleIn(council: string): void {
  describe.runIf(runBrowserSuites)(`every demo role in ${council}, in a browser`, () => {
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    let accounts: DemoAccount[] = [];

    beforeAll(async () => {
      server = await startServer();
      browser = await launchBrowser();
      const tab = await openTab(browser);
      try {
        const signInPage = new SignInPage(tab.page, server.baseUrl);
        await signInPage.open();
        accounts = await signInPage.demoAccounts();
      } finally {
        await tab.close();
      }
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    function running(): { server: RunningServer; browser: Browser } {
      if (!server || !browser) throw new Error('The server or browser did not start');
      return { server, browser };
    }

    /** The first account the sign-in page's demo table lists for a role in this council. */
    function accountFor(role: Role): DemoAccount {
      const account = accounts.find((candidate) => candidate.council === council && candidate.role === role);
      if (!account) throw new Error(`The sign-in page's demo table has no ${ROLE_NAMES[role]} in ${council}`);
      return account;
    }

    it(`lists every active ${council} account, and every role, in the sign-in page's demo table`, async () => {
      const { server } = running();
      const active = await server.test.services.users.list({ status: 'active' });
      expect(
        accounts
          .filter((account) => account.council === council)
          .map((account) => account.email)
          .sort(),
      ).toEqual(
        active
          .filter((member) => member.councilName === council)
          .map((member) => member.email)
          .sort(),
      );
      const missing = ROLES.filter((role) => !accounts.some((account) => account.council === council && account.role === role));
      expect(missing, `roles with no demo account in ${council}`).toEqual([]);
    });

    for (const role of ROLES) {
      it(`${council}: ${ROLE_NAMES[role]} signs in, opens every page their links lead to, and signs out`, async () => {
        const { server, browser } = running();
        const account = accountFor(role);
        const tab = await openTab(browser);
        const { page } = tab;
        try {
          await new SignInPage(page, server.baseUrl).signIn(account.email);
          expect(new URL(page.url()).pathname).toBe('/');
          expect(await mainHeading(page)).toBe(`Hello, ${account.displayName}`);
          await expectNoAxeViolations(page, { soft: true });

          const crawl = await crawlFrom(page, { maxPages: MAX_PAGES_PER_ROLE, maxPerRoute: MAX_PAGES_PER_ROUTE });
          if (crawl.notVisited.length > 0) {
            console.warn(`${account.email}: crawl stopped at ${MAX_PAGES_PER_ROLE} pages; not visited: ${crawl.notVisited.join(', ')}`);
          }
          const routes = [...crawl.routes];
          expect(routes).toEqual(expect.arrayContaining(INFORMATION_ROUTES));
          if (role === 'administrator') {
            expect(routes).toEqual(expect.arrayContaining(ADMINISTRATOR_ROUTES));
            const headingOf = (url: string) => crawl.pages.find((visited) => visited.url === url)?.heading;
            expect
              .soft(
                ADD_PAGE_HEADINGS.map(([url]) => [url, headingOf(url)]),
                'headings of the pages for adding things',
              )
              .toEqual(ADD_PAGE_HEADINGS);
          }
          // (Links to pages a role may not open would have failed above, with status 403.)
          if (role !== 'family_member') expect(routes).toEqual(expect.arrayContaining(['/partnership', '/partnership/agencies']));

          await signOut(page);
          expect(new URL(page.url()).pathname).toBe('/signed-out');
          expect(await mainHeading(page)).toBe('You have signed out');
          // The session has ended: home asks for sign-in again.
          await visit(page, `${server.baseUrl}/`);
          expect(new URL(page.url()).pathname).toBe('/sign-in');

          expect.soft(tab.consoleErrors, 'errors in the browser console').toEqual([]);
        } finally {
          await tab.close();
        }
      }, 180_000);
    }

    it(`shows a ${council} partner practitioner the no-access page, with status 403, for the users screen`, async () => {
      const { server, browser } = running();
      const tab = await openTab(browser);
      try {
        await new SignInPage(tab.page, server.baseUrl).signIn(accountFor('partner_practitioner').email);
        const response = await visit(tab.page, `${server.baseUrl}/admin/users`);
        expect(response.status()).toBe(403);
        expect(new URL(tab.page.url()).pathname).toBe('/admin/users');
        expect(await mainHeading(tab.page)).toBe('You do not have access to this page');
        await expectNoAxeViolations(tab.page);
        expect(tab.consoleErrors).toEqual([]);
      } finally {
        await tab.close();
      }
    });
  });
}
