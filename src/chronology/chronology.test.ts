import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { createTestApp, currentUserFor, demoEmail, openFamilyThroughPages, TestClient, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
let practitioner: TestClient;
let user: CurrentUser;
let familyId: string;
let parentId: string;
let childId: string;

function dateFields(prefix: string, date: Date): Record<string, string> {
  return {
    [`${prefix}-day`]: String(date.getUTCDate()),
    [`${prefix}-month`]: String(date.getUTCMonth() + 1),
    [`${prefix}-year`]: String(date.getUTCFullYear()),
  };
}

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}

async function addPerson(givenName: string, year: string): Promise<string> {
  const [household] = await t.services.families.households(t.database.db, familyId);
  return t.services.people.addToFamily(user, familyId, {
    givenName,
    familyName: 'Testfamily',
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '4',
    'dateOfBirth-year': year,
    householdId: household?.id ?? '',
    choice: 'new',
  });
}

async function addEvent(fields: Record<string, string>) {
  await practitioner.get(`/families/${familyId}/chronology/add`);
  return practitioner.post(`/families/${familyId}/chronology`, fields);
}

/** The number in the "N events" status line of a chronology page. */
function eventCount(body: string): number {
  const match = /role="status">\s*(\d+) events?/.exec(body);
  if (!match) throw new Error('No event count on the page');
  return Number(match[1]);
}

beforeAll(async () => {
  t = await createTestApp();
  const email = await demoEmail(t.services, 'partner_practitioner');
  practitioner = new TestClient(t.app);
  await practitioner.signIn(email);
  user = await currentUserFor(t.services, email);
  familyId = await openFamilyThroughPages(practitioner, user.localAuthorityId, 'Testfamily family');
  parentId = await addPerson('Jordan', '1986');
  childId = await addPerson('Riley', '2015');
});
afterAll(async () => t.close());

describe('the chronology', () => {
  it('adds an event a practitioner records, and writes an audit row', async () => {
    const response = await addEvent({
      ...dateFields('occurredOn', daysAgo(10)),
      summary: 'Riley excluded from school for two days after a fight',
      personId: childId,
      significance: 'significant',
      category: 'education',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/families/${familyId}/chronology`);
    const page = await practitioner.get(`/families/${familyId}/chronology`);
    expect(page.body).toContain('Event added to the chronology');
    expect(page.body).toContain('Riley excluded from school for two days after a fight');
    expect(page.body).toContain('moj-timeline');
    // Dates as GOV.UK writes them, with the machine-readable date alongside.
    expect(page.body).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [A-Z][a-z]+ \d{4}<\/time>/);
    expect(page.body).toContain('About Riley Testfamily');
    expect(page.body).toContain('Clear filters');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('record_id', '=', familyId)
      .where('action', '=', 'chronology event added')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toEqual({ significance: 'significant', category: 'education' });
  });

  it('refuses an event with a future date, with a clear message, keeping what was typed', async () => {
    const response = await addEvent({
      ...dateFields('occurredOn', new Date(Date.now() + 3 * 86_400_000)),
      summary: 'Something that has not happened yet',
      significance: 'routine',
      category: 'family',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('The date it happened must be today or in the past');
    expect(response.body).toContain('href="#occurredOn-day"');
    expect(response.body).toContain('Something that has not happened yet');
  });

  it('refuses a date that does not exist, saying so', async () => {
    const response = await addEvent({
      'occurredOn-day': '30',
      'occurredOn-month': '2',
      'occurredOn-year': '2025',
      summary: 'A date in February',
      significance: 'routine',
      category: 'family',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The date it happened must be a real date');
  });

  it('narrows the events with filters, without JavaScript', async () => {
    expect(
      (
        await addEvent({
          ...dateFields('occurredOn', daysAgo(40)),
          summary: 'Police called to the home after an argument',
          personId: parentId,
          significance: 'critical',
          category: 'police',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await addEvent({
          ...dateFields('occurredOn', daysAgo(5)),
          summary: 'Riley started at the youth club',
          personId: childId,
          significance: 'routine',
          category: 'support',
        })
      ).statusCode,
    ).toBe(303);

    const everything = await practitioner.get(`/families/${familyId}/chronology`);
    const total = eventCount(everything.body);
    expect(everything.body).toContain('Police called to the home');
    expect(everything.body).toContain('Riley started at the youth club');

    const critical = await practitioner.get(`/families/${familyId}/chronology?significance=critical`);
    expect(critical.statusCode).toBe(200);
    expect(eventCount(critical.body)).toBe(1);
    expect(critical.body).toContain('Police called to the home');
    expect(critical.body).not.toContain('Riley started at the youth club');
    expect(critical.body).toContain('govuk-tag--red');
    expect(critical.body).toContain('Selected filters');

    const aboutRiley = await practitioner.get(`/families/${familyId}/chronology?personId=${childId}`);
    expect(aboutRiley.body).toContain('Riley started at the youth club');
    expect(aboutRiley.body).toContain('Riley excluded from school');
    expect(aboutRiley.body).not.toContain('Police called to the home');
    expect(eventCount(aboutRiley.body)).toBeLessThan(total);

    const from = dateFields('from', daysAgo(20));
    const recent = await practitioner.get(`/families/${familyId}/chronology?${new URLSearchParams(from).toString()}`);
    expect(recent.body).toContain('Riley started at the youth club');
    expect(recent.body).not.toContain('Police called to the home');

    const invalid = await practitioner.get(
      `/families/${familyId}/chronology?from-day=40&from-month=1&from-year=2026&significance=critical`,
    );
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('There is a problem');
    expect(invalid.body).toContain('value="40"');
    expect(eventCount(invalid.body)).toBe(1);
  });
});

describe('case notes', () => {
  it('refuses a note where the child was seen but not whether they were seen alone', async () => {
    await practitioner.get(`/families/${familyId}/notes/add`);
    const response = await practitioner.post(`/families/${familyId}/notes`, {
      ...dateFields('occurredOn', daysAgo(1)),
      category: 'home_visit',
      personId: childId,
      note: 'Visited at home after school.',
      childSeen: 'yes',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select whether they were seen alone');
    expect(response.body).toContain('href="#seenAlone"');
    expect(response.body).toContain('Visited at home after school.');
    expect(response.body).toMatch(/name="childSeen" type="radio" value="yes" checked/);
  });

  it('shows the child’s own words on the notes page, safely, and puts the contact in the chronology', async () => {
    await practitioner.get(`/families/${familyId}/notes/add`);
    const response = await practitioner.post(`/families/${familyId}/notes`, {
      ...dateFields('occurredOn', daysAgo(1)),
      category: 'home_visit',
      personId: childId,
      note: 'Visited Riley and Jordan at home.\r\nThe house was warm and tidy.\r\n\r\nAgreed to meet the school next week.',
      childSeen: 'yes',
      seenAlone: 'yes',
      childWords: 'I like it when Mum walks me to school <b>every</b> day',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/families/${familyId}/notes`);

    const notes = await practitioner.get(`/families/${familyId}/notes`);
    expect(notes.statusCode).toBe(200);
    expect(notes.body).toContain('Case note added');
    expect(notes.body).toContain('In their own words');
    expect(notes.body).toContain('I like it when Mum walks me to school &lt;b&gt;every&lt;/b&gt; day');
    expect(notes.body).not.toContain('<b>every</b>');
    expect(notes.body).toContain('Visited Riley and Jordan at home.<br>The house was warm and tidy.');
    expect(notes.body).toContain('Agreed to meet the school next week.');
    expect(notes.body).toContain('Seen alone');
    expect(notes.body).toContain('Home visit');
    expect(notes.body).toContain(user.displayName);

    const chronology = await practitioner.get(`/families/${familyId}/chronology`);
    expect(chronology.body).toContain('Case note: Home visit');
    expect(chronology.body).not.toContain('walks me to school');
  });

  it('writes an audit row for every change to the family’s record', async () => {
    const rows = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', familyId).execute();
    const actions = rows.map((row) => row.action);
    expect(actions.filter((action) => action === 'chronology event added')).toHaveLength(3);
    expect(actions.filter((action) => action === 'case note added')).toHaveLength(1);
    expect(actions).toContain('family record opened');
    expect(actions).toContain('family record viewed');
  });
});
