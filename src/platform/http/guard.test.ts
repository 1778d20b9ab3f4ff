import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openTestDatabase } from '../../../test/support/test-database.js';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../../test/support/test-app.js';
import type { DatabaseHandle } from '../../db/database.js';

describe('a route that declares no permission', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('stops TellOnce from starting, naming the route', async () => {
    const { app } = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: database.db, databaseKind: database.kind });
    app.get('/forgotten', () => 'anyone could read this');
    await expect(app.ready()).rejects.toThrow(/These declare none: GET \/forgotten/);
    await app.close().catch(() => undefined);
  });

  it('starts when every route declares one', async () => {
    const { app } = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: database.db, databaseKind: database.kind });
    app.get('/declared', { config: { permission: 'signed-in' } }, () => 'ok');
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });
});

describe('checking permissions on each request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('sends someone who is not signed in to sign in, and back afterwards', async () => {
    const client = new TestClient(t.app);
    const response = await client.get('/admin/users?status=active');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fadmin%2Fusers%3Fstatus%3Dactive');
    await client.get(response.headers.location as string);
    const signedIn = await client.post('/sign-in', {
      email: await demoEmail(t.services, 'administrator'),
      password: t.config.demoPassword,
      returnTo: '/admin/users?status=active',
    });
    expect(signedIn.headers.location).toBe('/admin/users?status=active');
  });

  it('never sends someone to another site after signing in', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const signedIn = await client.post('/sign-in', {
      email: await demoEmail(t.services, 'hub_officer'),
      password: t.config.demoPassword,
      returnTo: '//evil.example/steal',
    });
    expect(signedIn.headers.location).toBe('/');
  });

  it('shows a clear page when a role lacks the permission', async () => {
    const client = new TestClient(t.app);
    await client.signIn(await demoEmail(t.services, 'partner_practitioner'));
    const response = await client.get('/admin/users');
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You do not have access to this page');
  });

  it('refuses a form post from someone not signed in', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/partnership/councils', payload: 'name=x' });
    expect(response.statusCode).toBe(401);
  });
});
