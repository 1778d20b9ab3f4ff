/**
 * Accessibility checks with axe-core against WCAG 2.2 AA, with failures worded so they can be
 * fixed without re-running anything: the page, each rule, what it means and where it failed.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type AxeViolation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const TARGETS_SHOWN = 3;

export interface AxeOptions {
  /**
   * The page is in a context made with javaScriptEnabled: false. axe-core cannot run in such a
   * page (its timers never fire), so the page as it is, HTML and stylesheets, is opened again at
   * the same address in a context with JavaScript, with the page's own scripts held back, and
   * checked there.
   */
  javaScriptDisabled?: boolean;
}

export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  if (!options.javaScriptDisabled) {
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    return results.violations;
  }
  const browser = page.context().browser();
  if (!browser) throw new Error('The page has no browser to open a second context in');
  const withoutFragment = (url: string) => url.split('#')[0] ?? url;
  const address = withoutFragment(page.url());
  const html = await page.content();
  const replay = await browser.newContext({ javaScriptEnabled: true });
  try {
    await replay.route('**/*', async (route) => {
      const request = route.request();
      if (request.isNavigationRequest() && withoutFragment(request.url()) === address) {
        await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      } else if (request.resourceType() === 'script') {
        await route.abort();
      } else {
        await route.continue();
      }
    });
    const copy = await replay.newPage();
    await copy.goto(address, { waitUntil: 'load' });
    if (withoutFragment(copy.url()) !== address) throw new Error(`Could not open a copy of ${address} to check (it went to ${copy.url()})`);
    const results = await new AxeBuilder({ page: copy }).withTags(WCAG_TAGS).analyze();
    return results.violations;
  } finally {
    await replay.close();
  }
}

/** A readable list of violations on a page: rule, impact, help text and the first few elements. */
export function describeViolations(url: string, violations: AxeViolation[]): string {
  const lines = [`${violations.length} accessibility violation${violations.length === 1 ? '' : 's'} on ${url}:`];
  for (const violation of violations) {
    lines.push(`  - ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help} [${violation.helpUrl}]`);
    const targets = violation.nodes.map((node) => JSON.stringify(node.target));
    const shown = targets.slice(0, TARGETS_SHOWN).join(', ');
    const more = targets.length > TARGETS_SHOWN ? ` and ${targets.length - TARGETS_SHOWN} more` : '';
    lines.push(`      at ${shown}${more}`);
    const summary = violation.nodes[0]?.failureSummary?.replace(/\s*\n\s*/g, ' ');
    if (summary) lines.push(`      first: ${summary}`);
  }
  return lines.join('\n');
}

/**
 * Asserts the page as it is now has no WCAG 2.2 AA violations. With soft, records the failure and
 * lets the test carry on (for crawls, so one run reports every page at fault).
 */
export async function expectNoAxeViolations(page: Page, options: AxeOptions & { soft?: boolean } = {}): Promise<AxeViolation[]> {
  const violations = await axeViolations(page, options);
  const check = options.soft ? expect.soft : expect;
  check(violations.length, violations.length > 0 ? describeViolations(page.url(), violations) : page.url()).toBe(0);
  return violations;
}
