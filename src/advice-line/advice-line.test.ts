import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, currentUserFor, demoEmail, openFamilyThroughPages, TestClient, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
let hub: TestClient;
let familyReference: string;
let familyId: string;

function today() {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year ?? '' };
}

function call(fields: Record<string, string> = {}) {
  const date = today();
  return {
    callerName: 'Casey Lockhart',
    callerAgencyId: '',
    callerRole: 'Lead Professional',
    'calledOn-day': date.day,
    'calledOn-month': date.month,
    'calledOn-year': date.year,
    calledAtTime: '00:05',
    familyReference: '',
    question: 'How do I start an Early Help Assessment with a family who are unsure?',
    advice: 'Talked through explaining consent and offered a joint visit.',
    followUp: '',
    'followUpBy-day': '',
    'followUpBy-month': '',
    'followUpBy-year': '',
    ...fields,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const hubEmail = await demoEmail(t.services, 'hub_officer');
  hub = new TestClient(t.app);
  await hub.signIn(hubEmail);
  familyId = await openFamilyThroughPages(hub, (await currentUserFor(t.services, hubEmail)).localAuthorityId, 'Advicecall family');
  familyReference = (await t.database.db.selectFrom('families').select('reference').where('id', '=', familyId).executeTakeFirstOrThrow())
    .reference;
});
afterAll(async () => t.close());

describe('the advice line', () => {
  it('logs a call about no family, and lists it', async () => {
    await hub.get('/advice-line/new');
    const logged = await hub.post('/advice-line', call());
    expect(logged.statusCode).toBe(303);
    const page = await hub.get(String(logged.headers.location));
    expect(page.body).toContain('Casey Lockhart');
    expect(page.body).toContain('Talked through explaining consent');
    const list = await hub.get('/advice-line');
    expect(list.body).toContain('Casey Lockhart');
  });

  it('logs a call about a family, adding it to the family’s chronology', async () => {
    await hub.get('/advice-line/new');
    const logged = await hub.post('/advice-line', call({ familyReference: familyReference.toLowerCase(), callerName: 'Jo Pendleford' }));
    expect(logged.statusCode).toBe(303);
    const events = await t.database.db.selectFrom('chronology_events').select('summary').where('family_id', '=', familyId).execute();
    expect(events.map((event) => event.summary)).toContain('Advice line call from Jo Pendleford');
    const id = String(logged.headers.location).split('/').pop() ?? '';
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', id).execute();
    expect(audit.map((row) => row.action)).toContain('advice line call logged');
  });

  it('checks every answer', async () => {
    await hub.get('/advice-line/new');
    const response = await hub.post(
      '/advice-line',
      call({
        callerName: '',
        calledAtTime: '25:00',
        familyReference: 'FAM-999999',
        question: '',
        advice: '',
        followUp: 'Ring back',
        'calledOn-day': '31',
        'calledOn-month': '2',
      }),
    );
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter the name of the person who called',
      'Enter the time of the call in the 24-hour clock, like 14:30',
      'There is no family with that reference',
      'Enter what the caller asked',
      'Enter the advice you gave',
      'Enter when the follow-up is due',
      'The date of the call must be a real date',
    ])
      expect(response.body).toContain(message);
    expect(response.body).toContain('>Ring back</textarea>');
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).split('-');
    const later = await hub.post(
      '/advice-line',
      call({ 'calledOn-day': future[2] ?? '', 'calledOn-month': future[1] ?? '', 'calledOn-year': future[0] ?? '' }),
    );
    expect(later.body).toContain('The call must be now or in the past');
  });

  it('keeps a follow-up on the list until it is marked done, once', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10).split('-');
    await hub.get('/advice-line/new');
    const logged = await hub.post(
      '/advice-line',
      call({
        callerName: 'Follow Upton',
        followUp: 'Send the assessment guide',
        'followUpBy-day': tomorrow[2] ?? '',
        'followUpBy-month': tomorrow[1] ?? '',
        'followUpBy-year': tomorrow[0] ?? '',
      }),
    );
    const id = String(logged.headers.location).split('/').pop() ?? '';
    expect((await hub.get('/advice-line?followUp=outstanding')).body).toContain('Follow Upton');
    const page = await hub.get(`/advice-line/${id}`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    expect((await hub.post(`/advice-line/${id}/follow-up-done`, { version })).statusCode).toBe(303);
    expect((await hub.post(`/advice-line/${id}/follow-up-done`, { version })).statusCode).toBe(409);
    expect((await hub.get('/advice-line?followUp=outstanding')).body).not.toContain('Follow Upton');
  });

  it('keeps each council’s calls to its own Hub, and is for the Hub only', async () => {
    await hub.get('/advice-line/new');
    const logged = await hub.post('/advice-line', call());
    const id = String(logged.headers.location).split('/').pop() ?? '';
    const other = new TestClient(t.app);
    await other.signIn(await demoEmail(t.services, 'hub_officer', 'Peterborough'));
    expect((await other.get(`/advice-line/${id}`)).statusCode).toBe(404);
    const school = new TestClient(t.app);
    await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
    expect((await school.get('/advice-line')).statusCode).toBe(403);
  });
});
