/**
 * The single record in a browser: a school opens a family and adds its people (checked for
 * existing records first), finds a child by a misspelt name, the Hub merges a duplicate and undoes
 * it, consent is withdrawn and the school loses access, and the chronology and notes are kept.
 * axe runs on every page visited.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNhsNumber } from '../../src/people/identifiers.js';
import { demoEmail } from '../support/test-app.js';
import { expectNoAxeViolations } from './support/axe.js';
import { launchBrowser, openTab, runBrowserSuites, type BrowserTab } from './support/browser.js';
import { errorSummary, mainHeading, SignInPage, submitAndWait, visit } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

const NHS = generateNhsNumber(() => 0.4242);

async function checked(page: Page): Promise<void> {
  await expectNoAxeViolations(page);
}

async function fillDate(page: Page, prefix: string, day: string, month: string, year: string) {
  await page.locator(`#${prefix}-day`).fill(day);
  await page.locator(`#${prefix}-month`).fill(month);
  await page.locator(`#${prefix}-year`).fill(year);
}

describe.runIf(runBrowserSuites)('one record per child and family, in a browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let school: BrowserTab | undefined;
  let familyUrl = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    school = await openTab(browser);
    await new SignInPage(school.page, server.baseUrl).signIn(await demoEmail(server.test.services, 'partner_practitioner'));
  });

  afterAll(async () => {
    await school?.close();
    await browser?.close();
    await server?.close();
  });

  function running() {
    if (!server || !browser || !school) throw new Error('The server or browser did not start');
    return { server, browser, page: school.page };
  }

  async function addPerson(
    page: Page,
    fields: { given: string; family: string; dob?: [string, string, string]; nhs?: string; household: string; newHousehold?: string },
    choose?: string,
  ) {
    await page.getByRole('link', { name: 'Add a person' }).first().click();
    await page.waitForLoadState('load');
    await page.getByLabel('Given name', { exact: true }).fill(fields.given);
    await page.getByLabel('Family name', { exact: true }).fill(fields.family);
    if (fields.dob) await fillDate(page, 'dateOfBirth', ...fields.dob);
    if (fields.nhs) await page.getByLabel('NHS number (optional)').fill(fields.nhs);
    await page.getByLabel(fields.household, { exact: true }).check();
    if (fields.newHousehold) await page.getByLabel(/Name of the new household/).fill(fields.newHousehold);
    await submitAndWait(page, page.getByRole('button', { name: 'Continue' }));
    await checked(page);
    if (choose) await page.getByLabel(choose).check();
    await submitAndWait(page, page.getByRole('button', { name: choose ? 'Continue' : `Add ${fields.given} ${fields.family}` }));
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Person added to the family');
    await checked(page);
  }

  it('opens a family record and adds its people, in two households, with relationships', async () => {
    const { server, page } = running();
    await visit(page, `${server.baseUrl}/people`);
    await checked(page);
    await page.getByRole('link', { name: 'Open a new family record' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Family’s name').fill('the Brightwater family');
    await submitAndWait(page, page.getByRole('button', { name: 'Open the record' }));
    expect(await mainHeading(page)).toBe('Add a person to the family');
    familyUrl = page.url().replace(/\/people\/add$/, '');

    const refused = await submitAndWait(page, page.getByRole('button', { name: 'Continue' }));
    expect(refused.status()).toBe(400);
    expect((await errorSummary(page))?.links.map((link) => link.text)).toEqual(
      expect.arrayContaining(['Enter their given name', 'Enter their family name', 'Select where they live']),
    );
    await checked(page);

    await visit(page, `${familyUrl}/people`);
    await addPerson(page, { given: 'Nadia', family: 'Brightwater', dob: ['9', '10', '1988'], household: 'Main household' });
    await addPerson(page, { given: 'Mila', family: 'Brightwater', dob: ['3', '4', '2015'], nhs: NHS, household: 'Main household' });
    await addPerson(page, {
      given: 'Jonas',
      family: 'Brightwater',
      dob: ['21', '1', '1985'],
      household: 'A new household of this family',
      newHousehold: 'Dad’s household',
    });

    for (const [who, of] of [
      ['Nadia Brightwater', 'Mila Brightwater'],
      ['Jonas Brightwater', 'Mila Brightwater'],
    ]) {
      await page.getByRole('link', { name: 'Record a relationship' }).click();
      await page.waitForLoadState('load');
      await checked(page);
      await page.getByLabel('Who', { exact: true }).selectOption({ label: who ?? '' });
      await page.getByLabel('is the', { exact: true }).selectOption({ label: 'Parent' });
      await page.getByLabel('of', { exact: true }).selectOption({ label: of ?? '' });
      await page.getByLabel('Yes', { exact: true }).check();
      await submitAndWait(page, page.getByRole('button', { name: 'Record relationship' }));
    }
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('Nadia Brightwater is the parent of Mila Brightwater');
    expect(body).toContain('Jonas Brightwater is the parent of Mila Brightwater');
    expect(body).toContain('Dad’s household');
    await checked(page);
  });

  it('finds the child by a misspelt name, by date of birth and by NHS number', async () => {
    const { server, page } = running();
    for (const query of ['Mlia Brightwater', '3/4/2015', NHS]) {
      await visit(page, `${server.baseUrl}/people?q=${encodeURIComponent(query)}`);
      await checked(page);
      expect(await page.getByRole('link', { name: 'Mila Brightwater' }).count(), query).toBe(1);
    }
    await page.getByRole('link', { name: 'Mila Brightwater' }).click();
    await page.waitForLoadState('load');
    expect(await mainHeading(page)).toBe('Mila Brightwater');
    await checked(page);
  });

  it('lets the Hub merge a duplicate, and undo the merge', async () => {
    const { server, browser, page } = running();
    await visit(page, `${server.baseUrl}/families/new`);
    await page.getByLabel('Family’s name').fill('Brightwater, grandparents');
    await submitAndWait(page, page.getByRole('button', { name: 'Open the record' }));
    await visit(page, page.url().replace(/\/add$/, ''));
    await addPerson(
      page,
      { given: 'Milla', family: 'Brightwater', dob: ['3', '4', '2015'], household: 'Main household' },
      'None of these: add Milla Brightwater as a new person',
    );

    const hub = await openTab(browser);
    try {
      await new SignInPage(hub.page, server.baseUrl).signIn(await demoEmail(server.test.services, 'hub_officer'));
      await hub.page.getByRole('link', { name: 'Duplicates' }).click();
      await hub.page.waitForLoadState('load');
      await checked(hub.page);
      await hub.page.getByRole('link', { name: /Compare and merge.*Milla Brightwater/ }).click();
      await hub.page.waitForLoadState('load');
      await checked(hub.page);
      expect((await submitAndWait(hub.page, hub.page.getByRole('button', { name: 'Merge records' }))).status()).toBe(400);
      await checked(hub.page);
      await hub.page
        .getByLabel('How do you know they are the same person?')
        .fill('Same child: the school confirmed the date of birth and address');
      await submitAndWait(hub.page, hub.page.getByRole('button', { name: 'Merge records' }));
      await checked(hub.page);
      expect(await hub.page.locator('.govuk-notification-banner--success').textContent()).toContain('Records merged');
      const kept = await server.test.database.db.selectFrom('person_merges').select('kept_person_id').executeTakeFirstOrThrow();
      const families = await server.test.services.families.familiesOfPerson(server.test.database.db, kept.kept_person_id);
      expect(families.map((family) => family.name).sort()).toEqual(['Brightwater, grandparents', 'the Brightwater family']);

      await visit(hub.page, `${server.baseUrl}/people/merges`);
      await checked(hub.page);
      await submitAndWait(hub.page, hub.page.getByRole('button', { name: /Undo/ }).first());
      expect(await hub.page.locator('.govuk-notification-banner--success').textContent()).toContain('Merge undone');
      await visit(hub.page, `${server.baseUrl}/people/duplicates`);
      expect((await hub.page.locator('main').textContent()) ?? '').toContain('Milla Brightwater');
    } finally {
      await hub.close();
    }
  });

  it('keeps a chronology and case notes with the child’s own words', async () => {
    const { page } = running();
    await visit(page, `${familyUrl}/chronology`);
    await checked(page);
    await page.getByText('Add an event', { exact: true }).click();
    await page.waitForLoadState('load');
    const today = new Date();
    await fillDate(page, 'occurredOn', String(today.getUTCDate()), String(today.getUTCMonth() + 1), String(today.getUTCFullYear()));
    await page.getByLabel('What happened').fill('Excluded from school for two days');
    await page.getByLabel('Significant', { exact: true }).check();
    await page.getByLabel('Education', { exact: true }).check();
    await submitAndWait(page, page.getByRole('button', { name: /Add/ }).last());
    expect((await page.locator('main').textContent()) ?? '').toContain('Excluded from school for two days');
    await checked(page);

    await visit(page, `${familyUrl}/notes/add`);
    await checked(page);
    await fillDate(page, 'occurredOn', String(today.getUTCDate()), String(today.getUTCMonth() + 1), String(today.getUTCFullYear()));
    await page.getByLabel('Home visit').check();
    await page.getByLabel('Note', { exact: true }).fill('Visited at home after school.');
    await page.locator('input[name=childSeen][value=yes]').check();
    await page.locator('input[name=seenAlone][value=yes]').check();
    await page.getByLabel(/What did they say/).fill('I want to go back to school.');
    await submitAndWait(page, page.getByRole('button', { name: /Add|Save/ }).last());
    expect((await page.locator('main').textContent()) ?? '').toContain('I want to go back to school.');
    await checked(page);
  });

  it('takes a school’s access away when the family withdraws consent; the Hub can break the glass', async () => {
    const { server, browser, page } = running();
    await visit(page, `${familyUrl}/consent`);
    await checked(page);
    await page.getByText('Record consent', { exact: true }).first().click();
    await page.waitForLoadState('load');
    await checked(page);
    await page.getByLabel(/Nadia Brightwater/).check();
    await page.locator('input[name=givenByYoungPerson][value=no]').check();
    const today = new Date();
    await fillDate(page, 'givenOn', String(today.getUTCDate()), String(today.getUTCMonth() + 1), String(today.getUTCFullYear()));
    await page.locator('input[name=method][value=written]').check();
    await page.locator('input[name=coversEarlyHelp][value=yes]').check();
    await page.getByLabel('Fen Edge Community Health NHS Trust').check();
    await submitAndWait(page, page.getByRole('button', { name: /Record consent|Save/ }).last());
    await checked(page);
    expect((await page.locator('main').textContent()) ?? '').toContain('Fen Edge Community Health NHS Trust');

    await visit(page, `${familyUrl}/network/add`);
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Fen Edge Community Health NHS Trust' });
    await page.getByLabel('Their role', { exact: true }).selectOption({ label: 'Health visitor' });
    await submitAndWait(page, page.getByRole('button', { name: 'Add to the network' }));

    const health = await openTab(browser);
    try {
      await new SignInPage(health.page, server.baseUrl).signIn('priya.marsh@cambs.tellonce.example');
      expect((await visit(health.page, familyUrl)).status()).toBe(200);
      await checked(health.page);

      await visit(page, `${familyUrl}/consent`);
      await page
        .getByText(/Withdraw consent/)
        .first()
        .click();
      await page.waitForLoadState('load');
      await checked(page);
      await page.getByLabel(/reason|why/i).fill('The family no longer want early help');
      await submitAndWait(page, page.getByRole('button', { name: /Withdraw consent/ }));
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('no longer have access');

      for (const who of [page, health.page]) {
        const response = await visit(who, familyUrl);
        expect(response.status()).toBe(403);
        expect(await mainHeading(who)).toBe('This family’s record is restricted');
        expect(await who.getByRole('button', { name: 'Open the record' }).count()).toBe(0);
        await checked(who);
      }
    } finally {
      await health.close();
    }

    const hub = await openTab(browser);
    const manager = await openTab(browser);
    try {
      await new SignInPage(hub.page, server.baseUrl).signIn(await demoEmail(server.test.services, 'hub_officer'));
      expect((await visit(hub.page, familyUrl)).status()).toBe(403);
      await hub.page.getByLabel('Why do you need to open this record?').fill('A new contact about Mila has come to the Hub today');
      await submitAndWait(hub.page, hub.page.getByRole('button', { name: 'Open the record' }));
      expect((await hub.page.locator('main').textContent()) ?? '').not.toContain('restricted');
      expect((await hub.page.locator('.govuk-warning-text').textContent()) ?? '').toContain('breaking the glass');
      await checked(hub.page);

      await new SignInPage(manager.page, server.baseUrl).signIn(await demoEmail(server.test.services, 'team_manager'));
      await visit(manager.page, `${server.baseUrl}/break-glass`);
      expect((await manager.page.locator('main').textContent()) ?? '').toContain('A new contact about Mila has come to the Hub today');
      await checked(manager.page);
    } finally {
      await hub.close();
      await manager.close();
    }
  });
});
