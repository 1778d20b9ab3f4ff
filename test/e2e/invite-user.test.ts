/**
 * Inviting someone, end to end in a browser: an administrator invites them, they open the link in
 * their own browser, choose a password, sign in and see their home page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail } from '../support/test-app.js';
import { expectNoAxeViolations } from './support/axe.js';
import { launchBrowser, openTab, runBrowserSuites } from './support/browser.js';
import { mainHeading, SignInPage, submitAndWait, visit } from './support/pages.js';
import { startServer, type RunningServer } from './support/server.js';

const NEW_PERSON = {
  name: 'Morwenna Test-Invitee',
  email: 'morwenna.test-invitee@cambs.tellonce.example',
  roleName: 'Partner practitioner',
  council: 'Cambridgeshire',
  agency: 'Otterbrook Primary School (Cambridgeshire)',
  password: 'purple-otter-lantern-42',
};

describe.runIf(runBrowserSuites)('inviting a user in a browser', () => {
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

  it('an administrator invites someone, who chooses a password, signs in and sees their home page', async () => {
    if (!server || !browser) throw new Error('The server or browser did not start');
    const adminEmail = await demoEmail(server.test.services, 'administrator', 'Cambridgeshire');

    // The administrator fills in the invitation form.
    const admin = await openTab(browser);
    let invitationLink: string;
    try {
      const { page } = admin;
      await new SignInPage(page, server.baseUrl).signIn(adminEmail);
      await visit(page, `${server.baseUrl}/admin/users`);
      await Promise.all([page.waitForURL('**/admin/users/invite'), page.getByRole('link', { name: 'Invite a user' }).click()]);
      expect(await mainHeading(page)).toBe('Invite a user');
      await expectNoAxeViolations(page);

      await page.getByLabel('Full name', { exact: true }).fill(NEW_PERSON.name);
      await page.getByLabel('Work email address', { exact: true }).fill(NEW_PERSON.email);
      await page.getByRole('radio', { name: NEW_PERSON.roleName, exact: true }).check();
      await page.getByLabel('Council they work in', { exact: true }).selectOption({ label: NEW_PERSON.council });
      await page.getByLabel('Agency', { exact: true }).selectOption({ label: NEW_PERSON.agency });
      const sent = await submitAndWait(page, page.getByRole('button', { name: 'Invite user', exact: true }));
      expect(sent.status()).toBe(200);
      expect(await mainHeading(page)).toBe('User invited');
      expect(await page.locator('.govuk-panel').textContent()).toContain(`${NEW_PERSON.name} can now choose a password`);
      invitationLink = ((await page.locator('.tellonce-invitation-link').textContent()) ?? '').trim();
      expect(invitationLink).toMatch(new RegExp(`^${server.baseUrl}/invitation/[^/\\s]+$`));
      await expectNoAxeViolations(page);
      expect(admin.consoleErrors).toEqual([]);
    } finally {
      await admin.close();
    }

    // The new person, in their own browser, opens the link and chooses a password.
    const invitee = await openTab(browser);
    try {
      const { page } = invitee;
      const opened = await visit(page, invitationLink);
      expect(opened.status()).toBe(200);
      expect(await mainHeading(page)).toBe('Choose your password');
      expect(await page.locator('main').textContent()).toContain(NEW_PERSON.email);
      await expectNoAxeViolations(page);

      await page.getByLabel('Password', { exact: true }).fill(NEW_PERSON.password);
      await page.getByLabel('Type the password again', { exact: true }).fill(NEW_PERSON.password);
      await submitAndWait(page, page.getByRole('button', { name: 'Set password', exact: true }));
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Your password is set');

      await new SignInPage(page, server.baseUrl).signIn(NEW_PERSON.email, NEW_PERSON.password);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await mainHeading(page)).toBe(`Hello, ${NEW_PERSON.name}`);
      expect(await page.locator('.tellonce-signed-in-as').textContent()).toContain(NEW_PERSON.roleName);
      await expectNoAxeViolations(page);

      // The link works once only.
      const reused = await visit(page, invitationLink);
      expect(reused.status()).toBe(404);
      expect(await mainHeading(page)).toBe('This invitation link does not work');
      expect(invitee.consoleErrors).toEqual([]);
    } finally {
      await invitee.close();
    }
  });
});
