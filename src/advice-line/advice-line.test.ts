import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { ukDate } from '../front-door/working-time.js';
import {
  auditActionsFor,
  createTestApp,
  currentUserFor,
  demoEmail,
  openFamilyThroughPages,
  TestClient,
  type TestApp,
} from '../../test/support/test-app.js';
import { followUpsDue, followUpState } from './advice-line.service.js';

let t: TestApp;
let hub: TestClient;
let officer: CurrentUser;
let familyReference: string;
let familyId: string;
let agency: { id: string; name: string };

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as the form's date and time fields, in UK time. */
function fieldsFor(instant: Date, prefix = 'calledOn') {
  const [year, month, day] = ukDate(instant).split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year ?? '',
    ...(prefix === 'calledOn' ? { calledAtTime: LONDON_TIME.format(instant) } : {}),
  };
}

function minutesFromNow(minutes: number): Date {
  return new Date(t.clock.now.getTime() + minutes * 60_000);
}

function call(fields: Record<string, string> = {}): Record<string, string> {
  return {
    callerName: 'Casey Lockhart',
    callerAgencyId: '',
    callerRole: 'Lead Professional',
    ...fieldsFor(minutesFromNow(-5)),
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

async function logCall(client: TestClient, fields: Record<string, string> = {}) {
  await client.get('/advice-line/new');
  return client.post('/advice-line/new', call(fields));
}

function idOf(response: { headers: Record<string, unknown> }): string {
  return String(response.headers.location).split('/').pop() ?? '';
}

beforeAll(async () => {
  t = await createTestApp();
  const hubEmail = await demoEmail(t.services, 'hub_officer');
  hub = new TestClient(t.app);
  await hub.signIn(hubEmail);
  officer = await currentUserFor(t.services, hubEmail);
  familyId = await openFamilyThroughPages(hub, officer.localAuthorityId, 'Advicecall family');
  familyReference = (await t.database.db.selectFrom('families').select('reference').where('id', '=', familyId).executeTakeFirstOrThrow())
    .reference;
  const [first] = await t.services.partnership.agencies();
  if (!first) throw new Error('No agencies in the demo partnership');
  agency = first;
});
afterAll(async () => t.close());

describe('logging an advice line call', () => {
  it('offers the form from the list, with now as the time of the call', async () => {
    const list = await hub.get('/advice-line');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/advice-line/new"');
    const form = await hub.get('/advice-line/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1 class="govuk-heading-l">Log a call</h1>');
    expect(form.body).toContain(`value="${LONDON_TIME.format(t.clock.now)}"`);
    expect(form.body).toContain(agency.name);
    expect(form.body).toContain('Not listed');
    expect((await hub.get('/')).body).toContain('href="/advice-line"');
  });

  it('logs a call about no family, shows it and lists it, auditing each', async () => {
    const logged = await logCall(hub, { callerAgencyId: agency.id });
    expect(logged.statusCode).toBe(303);
    const id = idOf(logged);
    const stored = await t.database.db.selectFrom('advice_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      local_authority_id: officer.localAuthorityId,
      caller_name: 'Casey Lockhart',
      caller_agency_id: agency.id,
      caller_role: 'Lead Professional',
      family_id: null,
      follow_up: null,
      follow_up_by: null,
      recorded_by_user_id: officer.id,
    });
    const page = await hub.get(`/advice-line/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Casey Lockhart, ${agency.name}`);
    expect(page.body).toContain('Talked through explaining consent');
    expect(page.body).not.toContain('Mark follow-up as done');
    const viewsBefore = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'advice line calls viewed')
      .execute();
    const list = await hub.get('/advice-line');
    expect(list.body).toContain('Casey Lockhart');
    expect(list.body).toContain(`href="/advice-line/${id}"`);
    const viewsAfter = await t.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'advice line calls viewed')
      .execute();
    expect(viewsAfter.length).toBe(viewsBefore.length + 1);
    expect(await auditActionsFor(t, id)).toEqual(['advice line call logged', 'advice line call viewed']);
  });

  it('logs a call about a family, adding it to the family’s chronology and linking to the family', async () => {
    const logged = await logCall(hub, {
      familyReference: familyReference.toLowerCase(),
      callerName: 'Jo Pendleford',
      callerAgencyId: agency.id,
    });
    expect(logged.statusCode).toBe(303);
    const id = idOf(logged);
    const stored = await t.database.db.selectFrom('advice_calls').select('family_id').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.family_id).toBe(familyId);
    const events = await t.database.db
      .selectFrom('chronology_events')
      .select(['summary', 'category', 'significance', 'source_agency_id', 'occurred_on'])
      .where('family_id', '=', familyId)
      .where('summary', 'like', 'Advice line call%')
      .execute();
    expect(events).toEqual([
      {
        summary: `Advice line call from Jo Pendleford, ${agency.name}`,
        category: 'support',
        significance: 'routine',
        source_agency_id: agency.id,
        occurred_on: ukDate(minutesFromNow(-5)),
      },
    ]);
    const page = await hub.get(`/advice-line/${id}`);
    expect(page.body).toContain(`<a class="govuk-link" href="/families/${familyId}">${familyReference}</a>`);
    expect((await hub.get('/advice-line')).body).toContain(familyReference);
    expect(await auditActionsFor(t, id)).toContain('advice line call logged');
  });

  it('asks for each required answer, keeping what was typed', async () => {
    const response = await logCall(hub, {
      callerName: '',
      'calledOn-day': '',
      'calledOn-month': '',
      'calledOn-year': '',
      calledAtTime: '',
      question: '',
      advice: '',
      callerRole: 'Health visitor',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    for (const message of [
      'Enter the name of the person who called',
      'Enter the date of the call',
      'Enter the time of the call in the 24-hour clock, like 14:30',
      'Enter what the caller asked',
      'Enter the advice you gave',
    ])
      expect(response.body).toContain(message);
    expect(response.body).toContain('value="Health visitor"');
    expect(response.body).toContain('href="#callerName"');
  });

  it('refuses a time that is not a 24-hour clock time, an impossible date and a call in the future', async () => {
    for (const calledAtTime of ['2pm', '25:00', '14:75']) {
      const response = await logCall(hub, { calledAtTime });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Enter the time of the call in the 24-hour clock, like 14:30');
      expect(response.body).toContain(`value="${calledAtTime}"`);
    }
    const impossible = await logCall(hub, { 'calledOn-day': '31', 'calledOn-month': '2' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('The date of the call must be a real date');
    const later = await logCall(hub, fieldsFor(minutesFromNow(90)));
    expect(later.statusCode).toBe(400);
    expect(later.body).toContain('The call must be now or in the past');
  });

  it('refuses a family reference TellOnce does not know, and over-long answers', async () => {
    const response = await logCall(hub, { familyReference: 'FAM-999999', question: 'x'.repeat(5001), advice: 'y'.repeat(5001) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is no family with that reference');
    expect(response.body).toContain('value="FAM-999999"');
    expect(response.body).toContain('The question must be 5,000 characters or fewer');
    expect(response.body).toContain('The advice must be 5,000 characters or fewer');
  });

  it('needs both what the follow-up is and when it is due, today or later', async () => {
    const withoutDate = await logCall(hub, { followUp: 'Ring back' });
    expect(withoutDate.statusCode).toBe(400);
    expect(withoutDate.body).toContain('Enter when the follow-up is due');
    expect(withoutDate.body).toContain('>Ring back</textarea>');
    const withoutText = await logCall(hub, fieldsFor(minutesFromNow(24 * 60), 'followUpBy'));
    expect(withoutText.statusCode).toBe(400);
    expect(withoutText.body).toContain('Say what the follow-up is, or clear its date');
    const past = await logCall(hub, { followUp: 'Ring back', ...fieldsFor(minutesFromNow(-2 * 24 * 60), 'followUpBy') });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The follow-up date must be today or in the future');
    const partial = await logCall(hub, { followUp: 'Ring back', 'followUpBy-day': '3' });
    expect(partial.statusCode).toBe(400);
    expect(partial.body).toContain('The follow-up date must include a day, month and year');
  });
});

describe('follow-ups', () => {
  it('counts follow-ups due today or overdue, and keeps each on the list until it is marked done, once', async () => {
    const dueBefore = await t.services.adviceLine.followUpsDue(officer.localAuthorityId);
    const dueToday = await logCall(hub, {
      callerName: 'Follow Upton',
      followUp: 'Send the assessment guide',
      ...fieldsFor(t.clock.now, 'followUpBy'),
    });
    expect(dueToday.statusCode).toBe(303);
    const later = await logCall(hub, {
      callerName: 'Later Lane',
      followUp: 'Check the family hub offer',
      ...fieldsFor(minutesFromNow(3 * 24 * 60), 'followUpBy'),
    });
    expect(later.statusCode).toBe(303);
    expect(await t.services.adviceLine.followUpsDue(officer.localAuthorityId)).toBe(dueBefore + 1);
    expect(await followUpsDue(t.database.db, officer.localAuthorityId, ukDate(minutesFromNow(4 * 24 * 60)))).toBe(dueBefore + 2);

    const list = await hub.get('/advice-line?followUp=outstanding');
    expect(list.body).toContain('Follow Upton');
    expect(list.body).toContain('Later Lane');
    expect(list.body).not.toContain('Casey Lockhart');
    expect(list.body).toContain(`${dueBefore + 1} follow-up${dueBefore + 1 === 1 ? ' is' : 's are'} due today or overdue`);

    const id = idOf(dueToday);
    const page = await hub.get(`/advice-line/${id}`);
    expect(page.body).toContain('Mark follow-up as done');
    expect(page.body).toContain('Send the assessment guide');
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const done = await hub.post(`/advice-line/${id}/follow-up-done`, { version });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/advice-line/${id}`);
    const again = await hub.post(`/advice-line/${id}/follow-up-done`, { version });
    expect(again.statusCode).toBe(409);
    const stored = await t.database.db
      .selectFrom('advice_calls')
      .select(['follow_up_done_at', 'follow_up_done_by_user_id', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.follow_up_done_by_user_id).toBe(officer.id);
    expect(stored.follow_up_done_at).not.toBeNull();
    expect(stored.version).toBe(Number(version) + 1);
    expect(await auditActionsFor(t, id)).toContain('advice line follow-up done');
    expect(await t.services.adviceLine.followUpsDue(officer.localAuthorityId)).toBe(dueBefore);
    expect((await hub.get(`/advice-line/${id}`)).body).not.toContain('Mark follow-up as done');
    expect((await hub.get('/advice-line?followUp=outstanding')).body).not.toContain('Follow Upton');
  });

  it('tells a follow-up past its date as overdue', () => {
    const row = { follow_up: 'Ring back', follow_up_by: '2026-03-10', follow_up_done_at: null };
    expect(followUpState(row, '2026-03-10')).toBe('due');
    expect(followUpState(row, '2026-03-11')).toBe('overdue');
    expect(followUpState({ ...row, follow_up_done_at: new Date() }, '2026-03-11')).toBe('done');
    expect(followUpState({ follow_up: null, follow_up_by: null, follow_up_done_at: null }, '2026-03-11')).toBe('none');
  });
});

describe('who may see the advice line', () => {
  it('keeps each council’s calls to its own Hub, 25 to a page', async () => {
    const logged = await logCall(hub, { callerName: 'Cambridge Caller', followUp: 'Ring back', ...fieldsFor(t.clock.now, 'followUpBy') });
    const id = idOf(logged);
    const otherEmail = await demoEmail(t.services, 'hub_officer', 'Peterborough');
    const otherOfficer = await currentUserFor(t.services, otherEmail);
    const other = new TestClient(t.app);
    await other.signIn(otherEmail);
    expect((await other.get(`/advice-line/${id}`)).statusCode).toBe(404);
    await other.get('/advice-line');
    expect((await other.post(`/advice-line/${id}/follow-up-done`, { version: '1' })).statusCode).toBe(404);
    expect((await other.get('/advice-line/not-a-call')).statusCode).toBe(404);

    await t.database.db
      .insertInto('advice_calls')
      .values(
        Array.from({ length: 26 }, (_, index) => ({
          local_authority_id: otherOfficer.localAuthorityId,
          called_at: new Date(t.clock.now.getTime() - (index + 1) * 3_600_000),
          caller_name: `Peterborough Caller ${String(index + 1).padStart(2, '0')}`,
          question: 'Where is the nearest family hub?',
          advice: 'Gave the address and opening times.',
          recorded_by_user_id: otherOfficer.id,
        })),
      )
      .execute();
    const first = await other.get('/advice-line');
    expect(first.body).toContain('26 calls');
    expect(first.body).not.toContain('Cambridge Caller');
    expect(first.body).toContain('Peterborough Caller 01');
    expect(first.body).toContain('Peterborough Caller 25');
    expect(first.body).not.toContain('Peterborough Caller 26');
    expect(first.body).toContain('href="/advice-line?page=2"');
    const second = await other.get('/advice-line?page=2');
    expect(second.body).toContain('Peterborough Caller 26');
    expect(second.body).not.toContain('Peterborough Caller 25');
  });

  it('is for the Hub only: a partner practitioner is refused', async () => {
    const school = new TestClient(t.app);
    await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
    expect((await school.get('/advice-line')).statusCode).toBe(403);
    expect((await school.get('/advice-line/new')).statusCode).toBe(403);
    const [anyCall] = await t.database.db.selectFrom('advice_calls').select('id').limit(1).execute();
    expect((await school.get(`/advice-line/${anyCall?.id ?? ''}`)).statusCode).toBe(403);
    expect((await school.post('/advice-line/new', call())).statusCode).toBe(403);
    expect((await school.get('/')).body).not.toContain('href="/advice-line"');
  });
});
