import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../../test/support/test-app.js';
import { SYSTEM_ACTOR } from './audit.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('the audit log is append-only', () => {
  it('accepts new rows', async () => {
    await t.services.audit.record(t.database.db, SYSTEM_ACTOR, { action: 'test event', recordType: 'test', recordId: 'append-only' });
    const rows = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', 'append-only').execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses to change a row, in the database itself', async () => {
    await expect(sql`UPDATE audit_events SET action = 'rewritten' WHERE record_id = 'append-only'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses to delete a row, or to empty the table', async () => {
    await expect(sql`DELETE FROM audit_events WHERE record_id = 'append-only'`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(t.database.db)).rejects.toThrow(/append-only/);
    const rows = await t.database.db.selectFrom('audit_events').select('id').where('record_id', '=', 'append-only').execute();
    expect(rows).toHaveLength(1);
  });

  it('loses the audit row together with the change when a transaction fails', async () => {
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await t.services.audit.record(trx, SYSTEM_ACTOR, { action: 'half done', recordType: 'test', recordId: 'rolled-back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await t.database.db.selectFrom('audit_events').select('id').where('record_id', '=', 'rolled-back').execute();
    expect(rows).toHaveLength(0);
  });
});

describe('searching the audit log', () => {
  it('finds events by user, record and date, and records the search itself', async () => {
    const adminEmail = await demoEmail(t.services, 'administrator');
    const hubEmail = await demoEmail(t.services, 'hub_officer', 'Peterborough');
    const hubOfficer = (await t.services.users.list({ name: hubEmail }))[0];
    await new TestClient(t.app).signIn(hubEmail);

    const client = new TestClient(t.app);
    await client.signIn(adminEmail);
    const byUser = await client.get(`/admin/audit?user=${hubOfficer?.id}`);
    expect(byUser.statusCode).toBe(200);
    expect(byUser.body).toContain('signed in');
    expect(byUser.body).toContain(hubOfficer?.displayName);

    const byRecord = await client.get(`/admin/audit?recordType=partnership`);
    expect(byRecord.body).toContain('demo partnership created');

    const today = t.clock.now;
    const tomorrow = new Date(today.getTime() + 86_400_000);
    const future = await client.get(
      `/admin/audit?from-day=${tomorrow.getUTCDate()}&from-month=${tomorrow.getUTCMonth() + 1}&from-year=${tomorrow.getUTCFullYear()}`,
    );
    expect(future.body).toContain('0 events');

    const searches = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'audit log searched').execute();
    expect(searches.length).toBeGreaterThanOrEqual(3);
  });

  it('says how to fix a date that is not real', async () => {
    const client = new TestClient(t.app);
    await client.signIn(await demoEmail(t.services, 'administrator'));
    const response = await client.get('/admin/audit?from-day=31&from-month=2&from-year=2026');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Date from must be a real date');
    expect(response.body).toContain('value="31"');
  });
});
