import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = new TestClient(t.app);
  await admin.signIn(await demoEmail(t.services, 'administrator'));
});
afterAll(async () => t.close());

async function auditFor(recordId: string) {
  return t.database.db.selectFrom('audit_events').selectAll().where('record_id', '=', recordId).orderBy('id').execute();
}

async function newcomerFields(email: string) {
  const council = (await t.services.partnership.councils()).find((candidate) => candidate.name === 'Peterborough');
  const agency = (await t.services.partnership.agencies({ councilId: council?.id })).find((candidate) => candidate.kind === 'school');
  return {
    displayName: 'Quinn Newcomer',
    email,
    jobTitle: 'Pastoral lead',
    role: 'partner_practitioner',
    councilId: council?.id ?? '',
    agencyId: agency?.id ?? '',
    teamId: '',
  };
}

describe('inviting someone', () => {
  it('creates an invited account and a one-time link with which they choose a password and sign in', async () => {
    await admin.get('/admin/users/invite');
    const response = await admin.post('/admin/users/invite', await newcomerFields('quinn.newcomer@pboro.tellonce.example'));
    expect(response.statusCode).toBe(200);
    const link = /http:\/\/[^/]+(\/invitation\/[A-Za-z0-9_-]+)/.exec(response.body)?.[1];
    expect(link).toBeDefined();
    const [member] = await t.services.users.list({ name: 'quinn.newcomer' });
    expect(member?.status).toBe('invited');
    expect((await auditFor(member?.id ?? '')).map((row) => row.action)).toEqual(['user invited']);

    const newcomer = new TestClient(t.app);
    const page = await newcomer.get(link ?? '');
    expect(page.body).toContain('Choose your password');
    const weak = await newcomer.post(link ?? '', { password: 'password1234', confirmPassword: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('too common');
    const mismatch = await newcomer.post(link ?? '', { password: 'purple-otter-lantern', confirmPassword: 'purple-otter-lanterns' });
    expect(mismatch.body).toContain('The passwords do not match');
    const accepted = await newcomer.post(link ?? '', { password: 'purple-otter-lantern', confirmPassword: 'purple-otter-lantern' });
    expect(accepted.headers.location).toBe('/sign-in');
    expect((await newcomer.get(link ?? '')).statusCode).toBe(404);

    const signedIn = await newcomer.signIn('quinn.newcomer@pboro.tellonce.example', 'purple-otter-lantern');
    expect(signedIn.statusCode).toBe(303);
    expect((await newcomer.get('/')).body).toContain('Hello, Quinn Newcomer');
  });

  it('refuses an expired invitation link', async () => {
    await admin.get('/admin/users/invite');
    const response = await admin.post('/admin/users/invite', await newcomerFields('late.starter@pboro.tellonce.example'));
    const link = /http:\/\/[^/]+(\/invitation\/[A-Za-z0-9_-]+)/.exec(response.body)?.[1] ?? '';
    t.clock.advanceMinutes(8 * 24 * 60);
    const page = await new TestClient(t.app).get(link);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('The link has expired');
    // A week has passed: the administrator's session has timed out too.
    await admin.signIn(await demoEmail(t.services, 'administrator'));
  });

  it('says what to fix, keeping what was typed', async () => {
    await admin.get('/admin/users/invite');
    const existing = await demoEmail(t.services, 'hub_officer');
    const response = await admin.post('/admin/users/invite', { displayName: 'Someone', email: existing.toUpperCase(), role: 'wizard' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Someone already uses this email address in TellOnce');
    expect(response.body).toContain('Select the person’s role');
    expect(response.body).toContain('Select the council they work in');
    expect(response.body).toContain('value="Someone"');
  });

  it('refuses an agency from the other council', async () => {
    const fields = await newcomerFields('wrong.place@cambs.tellonce.example');
    const cambridgeshire = (await t.services.partnership.councils()).find((candidate) => candidate.name === 'Cambridgeshire');
    await admin.get('/admin/users/invite');
    const response = await admin.post('/admin/users/invite', { ...fields, councilId: cambridgeshire?.id ?? '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select an agency in their council');
  });
});

describe('changing and deactivating someone', () => {
  it('changes a role, ending their sessions so the new role applies at once, with an audit row', async () => {
    const email = await demoEmail(t.services, 'panel_member');
    const person = new TestClient(t.app);
    await person.signIn(email);
    expect((await person.get('/')).statusCode).toBe(200);
    const [member] = await t.services.users.list({ name: email });
    const form = await t.services.users.form(member?.id);
    await admin.get(`/admin/users/${member?.id}/edit`);
    const response = await admin.post(`/admin/users/${member?.id}`, {
      ...form.values,
      role: 'panel_coordinator',
      version: String(form.version),
    });
    expect(response.statusCode).toBe(303);
    expect((await person.get('/')).statusCode).toBe(302);
    const rows = await auditFor(member?.id ?? '');
    expect(rows.at(-1)?.action).toBe('user changed');
    expect(rows.at(-1)?.detail).toEqual({ role: { from: 'panel_member', to: 'panel_coordinator' } });
  });

  it('deactivates an account with a reason, signing them out, and reactivates it', async () => {
    const email = await demoEmail(t.services, 'social_care_practitioner', 'Peterborough');
    const person = new TestClient(t.app);
    await person.signIn(email);
    const [member] = await t.services.users.list({ name: email });
    await admin.get(`/admin/users/${member?.id}/deactivate`);
    const noReason = await admin.post(`/admin/users/${member?.id}/deactivate`, { reason: '', version: String(member?.version) });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter why you are deactivating this account');
    const done = await admin.post(`/admin/users/${member?.id}/deactivate`, {
      reason: 'Left the council',
      version: String(member?.version),
    });
    expect(done.statusCode).toBe(303);
    expect((await person.get('/')).statusCode).toBe(302);
    expect((await person.signIn(email)).statusCode).toBe(400);

    const after = await t.services.users.get(member?.id ?? '');
    await admin.get(`/admin/users/${member?.id}`);
    await admin.post(`/admin/users/${member?.id}/reactivate`, { version: String(after.version) });
    expect((await t.services.users.get(member?.id ?? '')).status).toBe('active');
    const rows = await auditFor(member?.id ?? '');
    const deactivation = rows.find((row) => row.action === 'user deactivated');
    expect(deactivation?.reason).toBe('Left the council');
    expect(rows.some((row) => row.action === 'user reactivated')).toBe(true);
  });

  it('does not let an administrator deactivate themselves', async () => {
    const [me] = await t.services.users.list({ name: await demoEmail(t.services, 'administrator') });
    await admin.get(`/admin/users/${me?.id}/deactivate`);
    const response = await admin.post(`/admin/users/${me?.id}/deactivate`, { reason: 'testing', version: String(me?.version) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('You cannot deactivate your own account');
  });

  it('unlocks a locked account', async () => {
    const email = await demoEmail(t.services, 'performance_analyst');
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    for (let attempt = 0; attempt < t.config.signInLockThreshold; attempt++)
      await client.post('/sign-in', { email, password: `wrong-${attempt}` });
    const [locked] = await t.services.users.list({ name: email });
    expect(locked?.lockedUntil?.getTime()).toBeGreaterThan(t.clock.now.getTime());
    await admin.get(`/admin/users/${locked?.id}`);
    await admin.post(`/admin/users/${locked?.id}/unlock`, { version: String(locked?.version) });
    expect((await client.signIn(email)).statusCode).toBe(303);
    expect((await auditFor(locked?.id ?? '')).some((row) => row.action === 'user unlocked')).toBe(true);
  });
});

describe('a forgotten password', () => {
  it('lets an administrator make a one-time link with which the person chooses a new password, ending their sessions', async () => {
    const email = await demoEmail(t.services, 'early_help_practitioner', 'Peterborough');
    const person = new TestClient(t.app);
    await person.signIn(email);
    const [member] = await t.services.users.list({ name: email });
    await admin.get(`/admin/users/${member?.id}`);
    const response = await admin.post(`/admin/users/${member?.id}/invitation`, { version: String(member?.version) });
    expect(response.body).toContain('Password reset link');
    const link = /http:\/\/[^/]+(\/invitation\/[A-Za-z0-9_-]+)/.exec(response.body)?.[1] ?? '';
    expect((await person.get('/')).statusCode).toBe(302);
    const reset = new TestClient(t.app);
    await reset.get(link);
    expect((await reset.post(link, { password: 'amber-heron-kettle', confirmPassword: 'amber-heron-kettle' })).headers.location).toBe(
      '/sign-in',
    );
    expect((await reset.signIn(email, 'amber-heron-kettle')).statusCode).toBe(303);
    expect((await new TestClient(t.app).signIn(email)).statusCode).toBe(400);
    expect((await auditFor(member?.id ?? '')).map((row) => row.action)).toEqual(
      expect.arrayContaining(['password reset link made', 'invitation accepted and password set']),
    );
  });
});
