import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import {
  auditActionsFor,
  createTestApp,
  currentUserFor as userForEmail,
  demoEmail,
  openFamilyThroughPages,
  TestClient,
  type TestApp,
} from '../../test/support/test-app.js';

let t: TestApp;
let practitioner: TestClient;
let user: CurrentUser;
let councilId: string;

const currentUserFor = (email: string) => userForEmail(t.services, email);

const openFamily = (client: TestClient, name = 'Testfamily family') => openFamilyThroughPages(client, councilId, name);

async function addPerson(familyId: string, givenName: string, year: string): Promise<string> {
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

function today() {
  const now = new Date();
  return { day: String(now.getUTCDate()), month: String(now.getUTCMonth() + 1), year: String(now.getUTCFullYear()) };
}

const auditActions = (familyId: string) => auditActionsFor(t, familyId);

beforeAll(async () => {
  t = await createTestApp();
  const email = await demoEmail(t.services, 'partner_practitioner');
  practitioner = new TestClient(t.app);
  await practitioner.signIn(email);
  user = await currentUserFor(email);
  councilId = user.localAuthorityId;
});
afterAll(async () => t.close());

describe('recording consent', () => {
  it('says plainly when no consent has been recorded yet', async () => {
    const familyId = await openFamily(practitioner);
    const page = await practitioner.get(`/families/${familyId}/consent`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Not yet recorded');
    expect(page.body).toContain('govuk-tag--yellow');
    expect(page.body).toContain('children’s social care');
    expect(page.body).toContain(`href="/families/${familyId}/consent/new"`);
    expect(page.body).not.toContain('Withdraw consent');
  });

  it('shows every problem with missing answers, and keeps what was typed', async () => {
    const familyId = await openFamily(practitioner);
    await addPerson(familyId, 'Morgan', '1988');
    const form = await practitioner.get(`/families/${familyId}/consent/new`);
    expect(form.statusCode).toBe(200);
    // The practitioner's own agency is ticked on a new form.
    expect(form.body).toMatch(new RegExp(`value="${user.agencyId}"\\s+checked`));

    const response = await practitioner.post(`/families/${familyId}/consent`, {
      'givenOn-day': '31',
      'givenOn-month': '2',
      'givenOn-year': '2026',
      method: 'written',
      sharedWith: user.agencyId,
      'reviewOn-day': '4',
      'reviewOn-month': '',
      'reviewOn-year': '2027',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    for (const message of [
      'Select who gave consent',
      'Select whether the young person gave consent for themselves',
      'The date consent was given must be a real date',
      'Select whether the family agrees to early help',
      'The review date must include a day, month and year',
    ])
      expect(response.body).toContain(message);
    expect(response.body).toContain('href="#givenOn-day"');
    expect(response.body).toContain('href="#reviewOn-day"');
    expect(response.body).toMatch(/name="givenOn-day"[^>]*value="31"/);
    expect(response.body).toMatch(/value="written"\s+checked/);
    expect(response.body).toMatch(new RegExp(`value="${user.agencyId}"\\s+checked`));
    expect(await t.database.db.selectFrom('consents').select('id').where('family_id', '=', familyId).execute()).toHaveLength(0);
  });

  it('shows valid consent on the consent page and adds it to the chronology', async () => {
    const familyId = await openFamily(practitioner);
    const parentId = await addPerson(familyId, 'Robin', '1985');
    const agencies = await t.services.partnership.agencies();
    const other = agencies.find((agency) => agency.id !== user.agencyId && /^[\w ,.-]+$/.test(agency.name));
    await practitioner.get(`/families/${familyId}/consent/new`);
    const { day, month, year } = today();
    const response = await practitioner.post(`/families/${familyId}/consent`, {
      givenByPersonId: parentId,
      givenByYoungPerson: 'no',
      'givenOn-day': day,
      'givenOn-month': month,
      'givenOn-year': year,
      method: 'verbal',
      coversEarlyHelp: 'yes',
      sharedWith: [user.agencyId, other?.id ?? ''],
      'reviewOn-day': day,
      'reviewOn-month': month,
      'reviewOn-year': String(Number(year) + 1),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/families/${familyId}/consent`);

    const page = await practitioner.get(`/families/${familyId}/consent`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Consent recorded');
    expect(page.body).toContain('Consent in force');
    expect(page.body).toContain('Robin Testfamily');
    expect(page.body).toContain('Verbally, in person or by phone');
    expect(page.body).toContain(other?.name ?? 'another agency');
    expect(page.body).toContain('Withdraw consent');
    expect(page.body).not.toContain('Not yet recorded');
    expect(page.body).not.toContain('Review due');

    const chronology = await practitioner.get(`/families/${familyId}/chronology`);
    expect(chronology.statusCode).toBe(200);
    expect(chronology.body).toContain('Robin Testfamily gave verbal consent to early help and to sharing with 2 agencies');
    expect(await auditActions(familyId)).toContain('consent recorded');
  });
});

describe('withdrawing consent', () => {
  it('closes the record to a partner agency at once, and to the person who withdrew it', async () => {
    const [first] = await t.services.users.list({ name: user.email });
    const colleagues = await t.services.users.list({ role: 'partner_practitioner', status: 'active', councilId });
    const second = colleagues.find((candidate) => candidate.agencyId !== first?.agencyId);
    if (!second) throw new Error('Needs a second partner practitioner in another agency');

    const familyId = await openFamily(practitioner);
    const childId = await addPerson(familyId, 'Sam', '2015');
    await t.services.families.addInvolvement(user, familyId, {
      agencyId: second.agencyId,
      professionalRole: 'health_visitor',
      personId: childId,
    });
    await practitioner.get(`/families/${familyId}/consent/new`);
    const { day, month, year } = today();
    const recorded = await practitioner.post(`/families/${familyId}/consent`, {
      givenByPersonId: childId,
      givenByYoungPerson: 'yes',
      'givenOn-day': day,
      'givenOn-month': month,
      'givenOn-year': year,
      method: 'written',
      coversEarlyHelp: 'yes',
      sharedWith: [user.agencyId, second.agencyId],
    });
    expect(recorded.statusCode).toBe(303);

    const colleague = new TestClient(t.app);
    await colleague.signIn(second.email);
    expect((await colleague.get(`/families/${familyId}/consent`)).statusCode).toBe(200);

    const [inForce] = await t.services.consent.history(t.database.db, familyId);
    if (!inForce) throw new Error('No consent');
    const confirm = await practitioner.get(`/families/${familyId}/consent/${inForce.id}/withdraw`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Partner agencies will lose access to the family’s record at once');

    const empty = await practitioner.post(`/families/${familyId}/consent/${inForce.id}/withdraw`, {
      version: String(inForce.version),
      reason: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter why consent was withdrawn');

    const withdrawn = await practitioner.post(`/families/${familyId}/consent/${inForce.id}/withdraw`, {
      version: String(inForce.version),
      reason: 'Sam said they do not want school and health talking about them',
    });
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe('/people');
    const people = await practitioner.get('/people');
    expect(people.body).toContain('Consent withdrawn. You no longer have access to this family’s record.');

    const refused = await colleague.get(`/families/${familyId}/consent`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This family’s record is restricted');
    expect(refused.body).toContain('withdrawn their consent');

    const actions = await auditActions(familyId);
    expect(actions).toContain('consent withdrawn');
    expect(actions).toContain('restricted family record refused');
  });
});
