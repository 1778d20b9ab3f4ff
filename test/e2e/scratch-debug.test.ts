import { it, expect } from 'vitest';
import { launchBrowser, openTab } from './support/browser.js';
import { startServer } from './support/server.js';
import { SignInPage } from './support/pages.js';
import { crawlFrom } from './support/crawl.js';
import { demoEmail } from '../support/test-app.js';

it('debug', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  for (const role of ['team_manager', 'administrator']) {
    const tab = await openTab(browser);
    await new SignInPage(tab.page, server.baseUrl).signIn(await demoEmail(server.test.services, role));
    const t0 = Date.now();
    const r = await crawlFrom(tab.page, { maxPages: 60, maxPerRoute: 2 });
    console.warn(
      role,
      Date.now() - t0,
      r.pages.length,
      '\n' + r.pages.map((p) => `${p.status} ${p.route} ${p.heading}`).join('\n'),
      r.notVisited,
    );
    await tab.close();
  }
  await browser.close();
  await server.close();
  expect(1).toBe(1);
}, 300000);
