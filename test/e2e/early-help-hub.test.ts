/**
 * The front door in a browser: a school asks for support through the question pages; a Hub officer
 * finds the family TellOnce already knows and decides targeted support; the team manager allocates
 * a worker; the school sees the outcome. A family asks for help themselves with JavaScript off.
 * axe runs on every page visited.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentUserFor, demoEmail } from '../support/test-app.js';
import { expectNoAxeViolations } from './support/axe.js';
import { launchBrowser, openTab, runBrowserSuites } from './support/browser.js';
import { errorSummary, mainHeading, SignInPage, submitAndWait, visit } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

async function checked(page: Page): Promise<void> {
  await expectNoAxeViolations(page);
}

async function continueTo(page: Page, button = 'Continue'): Promise<void> {
  await submitAndWait(page, page.getByRole('button', { name: button, exact: true }));
  await checked(page);
}

async function fillDate(page: Page, prefix: string, day: string, month: string, year: string) {
  await page.locator(`#${prefix}-day`).fill(day);
  await page.locator(`#${prefix}-month`).fill(month);
  await page.locator(`#${prefix}-year`).fill(year);
}

/** Each step visits many pages, and axe checks each one. */
const STEP_TIMEOUT = 120_000;

describe.runIf(runBrowserSuites)('the Early Help Hub, in a browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let reference = '';
  let requestUrl = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The family is already known: a health visitor opened their record and added the child.
    const services = server.test.services;
    const visitor = await currentUserFor(services, await demoEmail(services, 'hub_officer'));
    const familyId = await services.families.createFamily(visitor, { name: 'Quillfeather family', councilId: visitor.localAuthorityId });
    const [household] = await services.families.households(server.test.database.db, familyId);
    await services.people.addToFamily(visitor, familyId, {
      givenName: 'Wren',
      familyName: 'Quillfeather',
      'dateOfBirth-day': '6',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2016',
      householdId: household?.id ?? '',
      choice: 'new',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  function running() {
    if (!server || !browser) throw new Error('The server or browser did not start');
    return { server, browser };
  }

  it(
    'a school asks the Hub for support, one question per page, and gets a reference',
    async () => {
      const { server, browser } = running();
      const tab = await openTab(browser);
      const { page } = tab;
      try {
        await new SignInPage(page, server.baseUrl).signIn(await demoEmail(server.test.services, 'partner_practitioner'));
        await visit(page, `${server.baseUrl}/requests`);
        await checked(page);
        await continueTo(page, 'Ask the Early Help Hub for support');
        expect(await mainHeading(page)).toBe('Which council area does the family live in?');
        await page.getByLabel('Cambridgeshire').check();
        await continueTo(page);
        // Leaving a question unanswered shows the GOV.UK error summary.
        await continueTo(page);
        expect((await errorSummary(page))?.links[0]?.text).toBe('Select yes if you think a child is at risk of significant harm');
        await page.getByLabel('No').check();
        await continueTo(page);
        await page.getByLabel('Yes').check();
        await continueTo(page);
        await page.getByLabel('Yes').check();
        await continueTo(page);
        expect(await mainHeading(page)).toBe('About the child or young person');
        await page.getByLabel('First name').fill('Wren');
        await page.getByLabel('Last name').fill('Quillfeather');
        await fillDate(page, 'dateOfBirth', '6', '5', '2016');
        await continueTo(page);
        await page.getByLabel('No').check();
        await continueTo(page);
        await page.getByLabel('Full name').fill('Robin Quillfeather');
        await page.getByLabel('Phone number').fill('07700 900 456');
        await continueTo(page);
        await page.getByLabel('Postcode').fill('PE15 8AB');
        await continueTo(page);
        await page.getByLabel('School attendance').check();
        await page.getByLabel('The child’s emotional wellbeing or mental health').check();
        await continueTo(page);
        await page
          .getByLabel('Describe what is happening for the family')
          .fill('Wren has missed a day a week since September and seems very anxious.');
        await continueTo(page);
        await page.getByLabel('What has been tried already?').fill('Attendance meetings and a morning check-in.');
        await continueTo(page);
        expect(await mainHeading(page)).toBe('Check your answers before sending your request');
        await continueTo(page, 'Send request');
        expect(await page.locator('.govuk-panel__title').textContent()).toContain('Request for support sent');
        reference = (await page.locator('.govuk-panel__body strong').textContent()) ?? '';
        expect(reference).toMatch(/^RFS-\d+$/);
        await page.getByRole('link', { name: 'See this request and its outcome' }).click();
        await page.waitForLoadState('load');
        requestUrl = page.url();
        expect(await page.textContent('main')).toContain('The Early Help Hub has not decided yet');
        expect(tab.consoleErrors).toEqual([]);
      } finally {
        await tab.close();
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'a Hub officer finds the family TellOnce already knows and decides targeted support',
    async () => {
      const { server, browser } = running();
      const tab = await openTab(browser);
      const { page } = tab;
      try {
        await new SignInPage(page, server.baseUrl).signIn(await demoEmail(server.test.services, 'hub_officer'));
        await visit(page, `${server.baseUrl}/hub`);
        await checked(page);
        await page.getByLabel('Reason').selectOption('school_attendance');
        await continueTo(page, 'Apply filters');
        await page.getByRole('link', { name: reference }).click();
        await page.waitForLoadState('load');
        await checked(page);
        expect(await page.textContent('main')).toContain('Strong match');
        await continueTo(page, 'Claim this contact');
        await page.getByLabel('Quillfeather family (FAM-').check();
        await continueTo(page, 'Link to family');
        expect(await page.textContent('main')).toContain('This request is linked to the family’s record');
        // The decision, with a mistake first.
        await continueTo(page, 'Record the decision');
        expect((await errorSummary(page))?.links.map((link) => link.text)).toContain('Select the level of need');
        await page.getByLabel('3: Targeted').check();
        await page.getByLabel('Reasons for the decision').fill('Attendance and anxiety need a family worker with the school.');
        await page.getByLabel('Targeted support by a quadrant team').check();
        await page
          .getByLabel('For targeted support: the quadrant team')
          .selectOption({ label: 'Fenland and East Cambridgeshire 0-11 Targeted Children’s Support' });
        await continueTo(page, 'Record the decision');
        expect(await page.textContent('main')).toContain('Decision by');
        expect(tab.consoleErrors).toEqual([]);
      } finally {
        await tab.close();
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'the team manager allocates a worker, seeing each caseload',
    async () => {
      const { server, browser } = running();
      const tab = await openTab(browser);
      const { page } = tab;
      try {
        await new SignInPage(page, server.baseUrl).signIn(await demoEmail(server.test.services, 'team_manager'));
        await visit(page, `${server.baseUrl}/allocation`);
        await checked(page);
        await page.getByRole('link', { name: /Allocate a worker to Quillfeather family/ }).click();
        await page.waitForLoadState('load');
        await checked(page);
        await page.getByLabel('Jordan Reedman').check();
        await continueTo(page, 'Allocate');
        expect(await page.textContent('main')).toContain('No families are waiting for a worker');
      } finally {
        await tab.close();
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'the school sees the outcome',
    async () => {
      const { server, browser } = running();
      const tab = await openTab(browser);
      const { page } = tab;
      try {
        await new SignInPage(page, server.baseUrl).signIn(await demoEmail(server.test.services, 'partner_practitioner'));
        await visit(page, requestUrl);
        await checked(page);
        const main = (await page.textContent('main')) ?? '';
        expect(main).toContain('Targeted support by a quadrant team');
        expect(main).toContain('3: Targeted');
        const told = await server.test.database.db
          .selectFrom('notifications')
          .select('template')
          .where('reference', '=', reference)
          .execute();
        expect(told.map((row) => row.template)).toEqual(expect.arrayContaining(['request_received', 'decision_made']));
      } finally {
        await tab.close();
      }
    },
    STEP_TIMEOUT,
  );

  /** A family's own request through every page; axe checks each one when the page can run it. */
  async function familyAsksForHelp(page: Page, axe: boolean): Promise<void> {
    const { server } = running();
    const next = async (button = 'Continue') => {
      await submitAndWait(page, page.getByRole('button', { name: button, exact: true }));
      if (axe) await checked(page);
    };
    await visit(page, `${server.baseUrl}/ask-for-help`);
    if (axe) await checked(page);
    await next('Start now');
    await page.getByLabel('Peterborough').check();
    await next();
    await page.getByLabel('No').check();
    await next();
    await page.getByLabel('First name').fill('Moss');
    await page.getByLabel('Last name').fill('Thistlewood');
    await fillDate(page, 'dateOfBirth', '2', '9', '2021');
    await next();
    await page.getByLabel('No').check();
    await next();
    await page.getByLabel('Your full name').fill('Ash Thistlewood');
    await page.getByLabel('Email address').fill('ash@example.com');
    await next();
    await page.getByLabel('Postcode').fill('PE1 2AB');
    await next();
    await page.getByLabel('Help with being a parent').check();
    await next();
    await page.getByLabel('Tell us what is happening and what would help').fill('Bedtimes are very hard and I am exhausted.');
    await next();
    await next();
    await page.getByLabel('Yes').check();
    await next();
    expect(await mainHeading(page)).toBe('Check your answers before sending your request');
    await next('Send request');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('We have your request');
    expect(await page.textContent('main')).toContain('What happens next');
  }

  it(
    'a family asks for help themselves, without signing in',
    async () => {
      const tab = await openTab(running().browser);
      try {
        await familyAsksForHelp(tab.page, true);
        expect(tab.consoleErrors).toEqual([]);
      } finally {
        await tab.close();
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'a family asks for help with JavaScript off',
    async () => {
      const tab = await openTab(running().browser, { javaScriptEnabled: false });
      try {
        await familyAsksForHelp(tab.page, false);
      } finally {
        await tab.close();
      }
    },
    STEP_TIMEOUT,
  );
});
