/**
 * Forms work without JavaScript, with the GOV.UK error summary when something is missing; and
 * with JavaScript, TellOnce's one external script starts GOV.UK and MOJ Frontend's components
 * without breaking the Content Security Policy.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail } from '../support/test-app.js';
import { expectNoAxeViolations } from './support/axe.js';
import { launchBrowser, openTab, runBrowserSuites } from './support/browser.js';
import { errorSummary, mainHeading, SignInPage, submitAndWait, visit } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

const CSP_PROBLEM = /content security policy|refused to (execute|load|apply|connect|evaluate)/i;

describe.runIf(runBrowserSuites)('forms and scripts in a browser', () => {
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

  function running(): { server: RunningServer; browser: Browser } {
    if (!server || !browser) throw new Error('The server or browser did not start');
    return { server, browser };
  }

  it('without JavaScript, an administrator adding a team sees the error summary, then adds it', async () => {
    const { server, browser } = running();
    const email = await demoEmail(server.test.services, 'administrator', 'Cambridgeshire');
    const tab = await openTab(browser, { javaScriptEnabled: false });
    const { page } = tab;
    try {
      await new SignInPage(page, server.baseUrl).signIn(email);
      expect(await mainHeading(page)).toBe('Hello, Kit Administrator');

      await visit(page, `${server.baseUrl}/partnership`);
      await Promise.all([page.waitForURL('**/partnership/teams/new'), page.getByRole('link', { name: 'Add a team' }).click()]);
      expect(await mainHeading(page)).toBe('Add a team');

      const refused = await submitAndWait(page, page.getByRole('button', { name: 'Add team', exact: true }));
      expect(refused.status()).toBe(400);
      expect(await page.title()).toMatch(/^Error: Add a team/);
      const summary = await errorSummary(page);
      expect(summary?.title).toBe('There is a problem');
      expect(summary?.links).toEqual([
        { text: 'Select the council the team belongs to', href: '#councilId' },
        { text: 'Enter the team’s name', href: '#name' },
        { text: 'Select the kind of team', href: '#kind' },
      ]);
      // Each link leads to its question, which shows the same message.
      for (const link of summary?.links ?? []) {
        const field = page.locator(`[id="${link.href.slice(1)}"]`);
        expect(await field.count(), `nothing on the page has the id ${link.href}`).toBe(1);
        const described = (await field.getAttribute('aria-describedby')) ?? '';
        const errorId = described.split(/\s+/).find((id) => id.endsWith('-error'));
        expect(errorId, `${link.href} is not described by its error message`).toBeDefined();
        expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain(link.text);
      }
      await expectNoAxeViolations(page, { javaScriptDisabled: true });

      const teamName = 'Wisbech Family Support Test Team';
      await page.getByLabel('Name', { exact: true }).fill(teamName);
      await page.getByLabel('Council', { exact: true }).selectOption({ label: 'Cambridgeshire' });
      await page.getByLabel('Kind of team', { exact: true }).selectOption({ label: 'District early help team' });
      const saved = await submitAndWait(page, page.getByRole('button', { name: 'Add team', exact: true }));
      expect(saved.status()).toBe(200);
      const landed = new URL(page.url());
      expect(landed.pathname).toBe('/partnership');
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Team added');
      await expect(page.getByRole('cell', { name: teamName, exact: true }).count()).resolves.toBe(1);

      // And it is still there on a fresh look at the partnership page.
      await visit(page, `${server.baseUrl}/partnership`);
      await expect(page.getByRole('cell', { name: teamName, exact: true }).count()).resolves.toBe(1);
      await expectNoAxeViolations(page, { javaScriptDisabled: true });
      expect(tab.consoleErrors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('with JavaScript, the external script starts the GOV.UK and MOJ components with no Content Security Policy errors', async () => {
    const { server, browser } = running();
    const email = await demoEmail(server.test.services, 'administrator', 'Peterborough');
    const tab = await openTab(browser);
    const { page } = tab;
    const scriptProblems: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script' && response.status() >= 400) {
        scriptProblems.push(`${response.url()} answered ${response.status()}`);
      }
    });
    try {
      await visit(page, `${server.baseUrl}/sign-in`);
      expect(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(true);
      // GOV.UK Frontend's password input shows its Show button only once its JavaScript has started.
      expect(await page.getByRole('button', { name: 'Show password' }).isVisible()).toBe(true);

      await new SignInPage(page, server.baseUrl).signIn(email);
      for (const path of ['/', '/admin/users', '/admin/users/invite', '/partnership', '/partnership/teams/new', '/admin/audit']) {
        const response = await visit(page, `${server.baseUrl}${path}`);
        expect(response.status(), path).toBe(200);
        expect(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), path).toBe(true);
      }

      expect(scriptProblems).toEqual([]);
      expect(tab.consoleErrors.filter((message) => CSP_PROBLEM.test(message))).toEqual([]);
      expect(tab.consoleErrors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
