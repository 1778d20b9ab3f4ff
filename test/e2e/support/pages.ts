/**
 * Small page objects for the browser tests: they find things as a person would, by label,
 * button text and heading, so a test breaks when what people see changes.
 */
import type { Locator, Page, Response } from 'playwright-core';
import { ROLE_NAMES, type Role } from '../../../src/platform/permissions/roles.js';
import { TEST_DEMO_PASSWORD } from '../../support/constants.js';

export interface DemoAccount {
  council: string;
  roleName: string;
  role: Role;
  displayName: string;
  agency: string;
  email: string;
}

const ROLE_BY_NAME = new Map(Object.entries(ROLE_NAMES).map(([role, name]) => [name, role as Role]));

/** Opens a page and returns the response of the last navigation (after redirects). */
export async function visit(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`No response opening ${url}`);
  return response;
}

/** The text of the page's one h1, whitespace collapsed. */
export async function mainHeading(page: Page): Promise<string> {
  const text = await page.locator('h1').first().textContent();
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The GOV.UK error summary, if the page shows one. */
export async function errorSummary(page: Page): Promise<{ title: string; links: { text: string; href: string }[] } | null> {
  const summary = page.locator('.govuk-error-summary');
  if ((await summary.count()) === 0) return null;
  const title = ((await summary.locator('.govuk-error-summary__title').textContent()) ?? '').trim();
  const links = await summary
    .locator('.govuk-error-summary__list a')
    .evaluateAll((anchors) => anchors.map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('href') ?? '' })));
  return { title, links };
}

export class SignInPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(): Promise<Response> {
    return visit(this.page, `${this.baseUrl}/sign-in`);
  }

  /** The demo accounts table on the sign-in page, one row per account. */
  async demoAccounts(): Promise<DemoAccount[]> {
    const rows = await this.page
      .locator('table')
      .filter({ has: this.page.locator('caption', { hasText: 'Sign in as any of these people' }) })
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));
    return rows.map((cells) => {
      const [council = '', roleName = '', displayName = '', agency = '', email = ''] = cells;
      const role = ROLE_BY_NAME.get(roleName);
      if (!role) throw new Error(`The demo table lists a role TellOnce does not have: "${roleName}"`);
      return { council, roleName, role, displayName, agency, email };
    });
  }

  /** Fills in the form and presses Sign in; resolves once the next page has loaded. */
  async signIn(email: string, password: string = TEST_DEMO_PASSWORD): Promise<void> {
    if (!this.page.url().startsWith(`${this.baseUrl}/sign-in`)) await this.open();
    await this.page.getByLabel('Email address', { exact: true }).fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await submitAndWait(this.page, this.page.getByRole('button', { name: 'Sign in', exact: true }));
    if (new URL(this.page.url()).pathname === '/sign-in') {
      const problem = await errorSummary(this.page);
      throw new Error(
        `Could not sign in as ${email}: ${problem ? problem.links.map((link) => link.text).join('; ') : 'still on the sign-in page'}`,
      );
    }
  }
}

/** Presses the Sign out button in the header; resolves on the signed-out page. */
export async function signOut(page: Page): Promise<void> {
  await submitAndWait(page, page.getByRole('button', { name: 'Sign out', exact: true }));
}

/** Presses a form's button and waits for the page the form leads to (by POST or GET) to load. */
export async function submitAndWait(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    // The last response of the navigation: redirects (303 after a post) are passed through.
    page.waitForResponse(
      (candidate) =>
        candidate.request().isNavigationRequest() &&
        candidate.request().frame() === page.mainFrame() &&
        (candidate.status() < 300 || candidate.status() >= 400),
    ),
    // The new document replacing the old one, so that waiting for "load" waits for the new page.
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}
