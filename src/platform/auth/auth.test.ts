import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../../test/support/test-app.js';
import { ROLES } from '../permissions/roles.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SIGN_IN_LOCK_THRESHOLD: '3', SIGN_IN_RATE_LIMIT: '1000' });
});
afterAll(async () => t.close());

async function auditActions(recordId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', recordId).orderBy('id').execute();
  return rows.map((row) => row.action);
}

describe('signing in', () => {
  it('lets every demo role in both councils sign in and see their home page', async () => {
    const staff = await t.services.users.list({ status: 'active' });
    for (const council of ['Cambridgeshire', 'Peterborough']) {
      for (const role of ROLES) {
        const member = staff.find((candidate) => candidate.role === role && candidate.councilName === council);
        expect(member, `a demo ${role} in ${council}`).toBeDefined();
        const client = new TestClient(t.app);
        const signIn = await client.signIn(member?.email ?? '');
        expect(signIn.statusCode).toBe(303);
        const home = await client.get('/');
        expect(home.statusCode).toBe(200);
        expect(home.body).toContain(`Hello, ${member?.displayName}`);
      }
    }
  });

  it('lists the demo accounts and password on the sign-in page in demo mode', async () => {
    const page = await new TestClient(t.app).get('/sign-in');
    expect(page.body).toContain('Demo accounts');
    expect(page.body).toContain(t.config.demoPassword);
    expect(page.body).toContain(await demoEmail(t.services, 'hub_officer', 'Peterborough'));
  });

  it('says what to fix when the form is incomplete, keeping what was typed', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'someone@example.org', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Enter your password');
    expect(response.body).toContain('value="someone@example.org"');
  });

  it('gives the same answer for an unknown address as for a wrong password', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const unknown = await client.post('/sign-in', { email: 'nobody@nowhere.example', password: 'whatever-it-is' });
    const wrong = await client.post('/sign-in', { email: await demoEmail(t.services, 'panel_member'), password: 'not-the-password' });
    expect(unknown.statusCode).toBe(400);
    expect(wrong.statusCode).toBe(400);
    expect(unknown.body).toContain('Enter a correct email address and password');
    expect(wrong.body).toContain('Enter a correct email address and password');
  });

  it('refuses a form post without a CSRF token', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const response = await client.post(
      '/sign-in',
      { email: await demoEmail(t.services, 'hub_officer'), password: t.config.demoPassword },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form has expired');
    expect(client.hasCookie('tellonce_session')).toBe(false);
  });

  it('refuses a form post with another browser’s CSRF token', async () => {
    const first = new TestClient(t.app);
    const page = await first.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const second = new TestClient(t.app);
    await second.get('/signed-out');
    const response = await second.post('/sign-in', { email: 'a@b.example', password: 'x', _csrf: token });
    expect(response.statusCode).toBe(403);
  });

  it('locks an account after repeated failed sign-ins, even against the right password, and audits it', async () => {
    const email = await demoEmail(t.services, 'performance_analyst', 'Peterborough');
    const member = (await t.services.users.list({ name: email }))[0];
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const response = await client.post('/sign-in', { email, password: `wrong-password-${attempt}` });
      expect(response.body).toContain('Enter a correct email address and password');
    }
    const third = await client.post('/sign-in', { email, password: 'wrong-password-3' });
    expect(third.body).toContain('This account is locked');
    const right = await client.post('/sign-in', { email, password: t.config.demoPassword });
    expect(right.statusCode).toBe(400);
    expect(right.body).toContain('This account is locked');
    expect((await auditActions(member?.id ?? '')).slice(-4)).toEqual([
      'sign-in failed',
      'sign-in failed',
      'account locked after failed sign-ins',
      'sign-in refused',
    ]);

    t.clock.advanceMinutes(t.config.signInLockMinutes + 1);
    const later = await client.post('/sign-in', { email, password: t.config.demoPassword });
    expect(later.statusCode).toBe(303);
  });
});

describe('sessions', () => {
  it('ends a session after the idle time-out', async () => {
    const client = new TestClient(t.app);
    await client.signIn(await demoEmail(t.services, 'hub_officer'));
    expect((await client.get('/')).statusCode).toBe(200);
    t.clock.advanceMinutes(t.config.sessionIdleMinutes - 1);
    expect((await client.get('/')).statusCode).toBe(200);
    t.clock.advanceMinutes(t.config.sessionIdleMinutes + 1);
    const expired = await client.get('/');
    expect(expired.statusCode).toBe(302);
    expect(expired.headers.location).toMatch(/^\/sign-in/);
  });

  it('ends a session at the absolute time-out however active it is', async () => {
    const client = new TestClient(t.app);
    await client.signIn(await demoEmail(t.services, 'team_manager'));
    const steps = Math.ceil((t.config.sessionAbsoluteHours * 60) / 20);
    let lastStatus = 200;
    for (let step = 0; step < steps && lastStatus === 200; step++) {
      t.clock.advanceMinutes(20);
      lastStatus = (await client.get('/')).statusCode;
    }
    expect(lastStatus).toBe(302);
  });

  it('ends the session on sign-out, so the old cookie no longer works', async () => {
    const client = new TestClient(t.app);
    await client.signIn(await demoEmail(t.services, 'early_help_practitioner'));
    expect((await client.get('/')).statusCode).toBe(200);
    const cookie = client.cookieHeader();
    const signOut = await client.post('/sign-out', {});
    expect(signOut.headers.location).toBe('/signed-out');
    const replayed = await t.app.inject({ method: 'GET', url: '/', headers: { cookie, accept: 'text/html' } });
    expect(replayed.statusCode).toBe(302);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const client = new TestClient(t.app);
    const response = await client.signIn(await demoEmail(t.services, 'social_care_practitioner'));
    const cookie = response.cookies.find((candidate) => candidate.name === 'tellonce_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });
});

describe('limits per address', () => {
  it('refuses sign-in attempts from one address past the limit', async () => {
    const limited = await createTestApp({ SIGN_IN_RATE_LIMIT: '3' });
    try {
      const client = new TestClient(limited.app);
      await client.get('/sign-in');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++)
        statuses.push((await client.post('/sign-in', { email: `x${attempt}@y.example`, password: 'nope' })).statusCode);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
