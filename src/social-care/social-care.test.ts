import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { askForSupport } from '../../test/support/requests.js';

let t: TestApp;
let school: TestClient;
let socialWorker: TestClient;
let councilId: string;

beforeAll(async () => {
  t = await createTestApp();
  const schoolEmail = await demoEmail(t.services, 'partner_practitioner');
  school = new TestClient(t.app);
  await school.signIn(schoolEmail);
  councilId = (await currentUserFor(t.services, schoolEmail)).localAuthorityId;
  socialWorker = new TestClient(t.app);
  await socialWorker.signIn(await demoEmail(t.services, 'social_care_practitioner'));
});
afterAll(async () => t.close());

describe('children’s social care’s inbox', () => {
  it('receives a safeguarding contact, marks it received and tells the referrer', async () => {
    const { reference, contactId } = await askForSupport(school, { councilId, significantHarm: 'yes' });
    const inbox = await socialWorker.get('/social-care');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(reference);
    expect(inbox.body).toContain('A child may be at risk of significant harm');
    const page = await socialWorker.get(`/social-care/contacts/${contactId ?? ''}`);
    expect(page.body).toContain('Ellis Quarrendon');
    expect(page.body).toContain('Mark as received');
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    expect((await socialWorker.post(`/social-care/contacts/${contactId ?? ''}/received`, { version })).statusCode).toBe(303);
    expect((await socialWorker.post(`/social-care/contacts/${contactId ?? ''}/received`, { version })).statusCode).toBe(409);
    const told = await t.database.db
      .selectFrom('notifications')
      .selectAll()
      .where('record_id', '=', contactId ?? '')
      .where('template', '=', 'received_by_social_care')
      .execute();
    expect(told).toHaveLength(1);
    const referrer = await school.get(`/requests/${contactId ?? ''}`);
    expect(referrer.body).toContain('Received by children’s social care');
  });

  it('shows only safeguarding contacts and step-ups, of the worker’s own council', async () => {
    const { contactId: earlyHelp } = await askForSupport(school, { councilId });
    expect((await socialWorker.get(`/social-care/contacts/${earlyHelp ?? ''}`)).statusCode).toBe(404);
    const { contactId: noConsent } = await askForSupport(school, { councilId, consentEarlyHelp: 'no' });
    const other = new TestClient(t.app);
    await other.signIn(await demoEmail(t.services, 'social_care_practitioner', 'Peterborough'));
    expect((await other.get(`/social-care/contacts/${noConsent ?? ''}`)).statusCode).toBe(404);
    expect((await socialWorker.get(`/social-care/contacts/${noConsent ?? ''}`)).body).toContain('The family has not agreed to early help');
  });

  it('is only for children’s social care', async () => {
    expect((await school.get('/social-care')).statusCode).toBe(403);
  });
});
