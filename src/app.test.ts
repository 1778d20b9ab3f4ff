import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../test/support/test-app.js';
import { openTestDatabase } from '../test/support/test-database.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('the web application', () => {
  it('reports its health after checking the database', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: t.database.kind });
  });

  it('serves GOV.UK and MOJ Frontend styles, scripts, fonts and images itself', async () => {
    for (const url of [
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/govuk/govuk-frontend.min.js',
      '/assets/moj/moj-frontend.min.css',
      '/assets/moj/moj-frontend.min.js',
      '/assets/images/favicon.svg',
      '/assets/images/icon-close-cross-black.svg',
      '/assets/app/tellonce.js',
      '/assets/app/tellonce.css',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
    }
    const css = await t.app.inject({ method: 'GET', url: '/assets/govuk/govuk-frontend.min.css' });
    const font = /url\((\/assets\/fonts\/[^)]+\.woff2)\)/.exec(css.body)?.[1];
    expect(font).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: font ?? '' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/assets/govuk/index.scss' })).statusCode).toBe(404);
  });

  it('sends a Content Security Policy that allows no inline script, and pages with no inline script', async () => {
    const response = await new TestClient(t.app).get('/sign-in');
    const policy = response.headers['content-security-policy'] as string;
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('shows the GOV.UK page not found for a missing page', async () => {
    const response = await new TestClient(t.app).get('/no-such-page');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });

  it('shows each role only the navigation it may use', async () => {
    const admin = new TestClient(t.app);
    await admin.signIn(await demoEmail(t.services, 'administrator'));
    const adminHome = await admin.get('/');
    for (const link of ['href="/partnership"', 'href="/admin/users"', 'href="/admin/audit"']) expect(adminHome.body).toContain(link);

    const family = new TestClient(t.app);
    await family.signIn(await demoEmail(t.services, 'family_member'));
    const familyHome = await family.get('/');
    expect(familyHome.body).not.toContain('href="/partnership"');
    expect(familyHome.body).not.toContain('href="/admin/users"');
  });

  it('serves the accessibility statement, privacy notice and cookies page without signing in', async () => {
    for (const [url, heading] of [
      ['/accessibility', 'Accessibility statement'],
      ['/privacy', 'Privacy notice'],
      ['/cookies', 'Cookies'],
    ] as const) {
      const response = await new TestClient(t.app).get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain(heading);
    }
    expect((await new TestClient(t.app).get('/cookies')).body).toContain('tellonce_session');
  });
});

describe('when something goes wrong', () => {
  it('shows the GOV.UK problem page with a reference, and logs no personal data', async () => {
    const database = await openTestDatabase();
    const logs = new PassThrough();
    const lines: string[] = [];
    logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const { app, services } = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }),
      db: database.db,
      databaseKind: database.kind,
      logStream: logs,
    });
    app.get('/broken', { config: { permission: 'public' } }, () => {
      throw new Error('the database fell over');
    });
    await app.ready();
    try {
      const client = new TestClient(app);
      const email = await demoEmail(services, 'hub_officer');
      await client.signIn(email);
      await client.get('/partnership/agencies?name=Otterbrook');
      const response = await client.get('/broken');
      expect(response.statusCode).toBe(500);
      expect(response.body).toContain('Sorry, there is a problem with the service');
      const reference = /give them this reference: <strong>([A-Z0-9-]+)<\/strong>/.exec(response.body)?.[1];
      expect(reference).toBeDefined();
      const all = lines.join('\n');
      expect(all).toContain(reference);
      expect(all).toContain('the database fell over');
      expect(all).not.toContain(email);
      expect(all).not.toContain('Otterbrook');
      expect(all).not.toContain('tellonce_session=');
      expect(all).not.toContain(t.config.demoPassword);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
