import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditActionsFor,
  createTestApp,
  currentUserFor,
  demoEmail,
  openFamilyThroughPages,
  TestClient,
  type TestApp,
} from '../../test/support/test-app.js';

let t: TestApp;
let school: TestClient;
let cambridgeshireId: string;

const userFor = (email: string) => currentUserFor(t.services, email);

const openFamily = (client: TestClient, name: string) => openFamilyThroughPages(client, cambridgeshireId, name);

async function mainHousehold(familyId: string): Promise<string> {
  return (await t.services.families.households(t.database.db, familyId))[0]?.id ?? '';
}

const auditActions = (familyId: string) => auditActionsFor(t, familyId);

beforeAll(async () => {
  t = await createTestApp();
  cambridgeshireId = (await t.services.partnership.councils()).find((council) => council.name === 'Cambridgeshire')?.id ?? '';
  school = new TestClient(t.app);
  await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
});
afterAll(async () => t.close());

describe('opening a family record and adding its people', () => {
  it('opens a record, checks for existing people before adding one, and adds them to a household', async () => {
    const familyId = await openFamily(school, 'the Okonedo family');
    const household = await mainHousehold(familyId);
    await school.get(`/families/${familyId}/people/add`);
    const check = await school.post(`/families/${familyId}/people/add`, {
      givenName: 'Robert',
      familyName: 'Okonedo',
      'dateOfBirth-day': '14',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '2014',
      nhsNumber: '999 000 0018',
      householdId: household,
    });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check before adding');
    const added = await school.post(`/families/${familyId}/people/confirm`, {
      givenName: 'Robert',
      familyName: 'Okonedo',
      'dateOfBirth-day': '14',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '2014',
      nhsNumber: '999 000 0018',
      householdId: household,
      choice: 'new',
    });
    expect(added.statusCode).toBe(303);
    const page = await school.get(`/families/${familyId}/people`);
    expect(page.body).toContain('Robert Okonedo');
    expect(page.body).toContain('Main household');
    expect(await auditActions(familyId)).toEqual(
      expect.arrayContaining(['family record opened', 'family member added', 'family record viewed']),
    );
  });

  it('offers the existing person when the same child is added again with a short name and a misspelling', async () => {
    const first = await openFamily(school, 'the Pellow family');
    const user = await userFor(await demoEmail(t.services, 'partner_practitioner'));
    await t.services.people.addToFamily(user, first, {
      givenName: 'Catherine',
      familyName: 'Pellow',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2016',
      householdId: await mainHousehold(first),
      choice: 'new',
    });
    const second = await openFamily(school, 'Pellow, dad’s side');
    await school.get(`/families/${second}/people/add`);
    const check = await school.post(`/families/${second}/people/add`, {
      givenName: 'Kate',
      familyName: 'Pelow',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2016',
      householdId: await mainHousehold(second),
    });
    expect(check.body).toContain('Is this someone TellOnce already knows?');
    expect(check.body).toContain('Catherine Pellow');
    const catherine = /value="([0-9a-f-]{36})"[^>]*>\s*<label[^>]*>\s*Catherine Pellow/.exec(check.body)?.[1];
    expect(catherine).toBeDefined();
    await school.post(`/families/${second}/people/confirm`, {
      givenName: 'Kate',
      familyName: 'Pelow',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2016',
      householdId: await mainHousehold(second),
      choice: catherine ?? '',
    });
    const members = await t.services.families.members(t.database.db, second);
    expect(members.map((member) => member.name)).toEqual(['Catherine Pellow']);
    const everyone = await t.database.db.selectFrom('people').select('id').where('family_name', 'ilike', 'pel%ow').execute();
    expect(everyone).toHaveLength(1);
  });

  it('says how to fix a person’s details, keeping what was typed', async () => {
    const familyId = await openFamily(school, 'the Quist family');
    await school.get(`/families/${familyId}/people/add`);
    const response = await school.post(`/families/${familyId}/people/add`, {
      givenName: 'Amos',
      familyName: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2015',
      nhsNumber: '999 000 0019',
      postcode: 'nope',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter their family name');
    expect(response.body).toContain('Date of birth must be a real date');
    expect(response.body).toMatch(/NHS number/);
    expect(response.body).toContain('value="Amos"');
    expect(response.body).toContain('Select where they live');
  });

  it('records people in two households and a significant adult outside the household, with relationships', async () => {
    const familyId = await openFamily(school, 'the Rask family');
    const user = await userFor(await demoEmail(t.services, 'partner_practitioner'));
    const main = await mainHousehold(familyId);
    const mum = await t.services.people.addToFamily(user, familyId, {
      givenName: 'Ingrid',
      familyName: 'Rask',
      householdId: main,
      choice: 'new',
    });
    const dad = await t.services.people.addToFamily(user, familyId, {
      givenName: 'Tomas',
      familyName: 'Rask',
      householdId: 'new',
      newHouseholdName: 'Dad’s household',
      choice: 'new',
    });
    const dadsHousehold =
      (await t.services.families.households(t.database.db, familyId)).find((household) => household.name === 'Dad’s household')?.id ?? '';
    const child = await t.services.people.addToFamily(user, familyId, {
      givenName: 'Elsa',
      familyName: 'Rask',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2018',
      householdId: main,
      secondHouseholdId: dadsHousehold,
      choice: 'new',
    });
    await t.services.people.addToFamily(user, familyId, { givenName: 'Berit', familyName: 'Lund', householdId: 'outside', choice: 'new' });
    await school.get(`/families/${familyId}/relationships/new`);
    expect(
      (
        await school.post(`/families/${familyId}/relationships`, {
          personId: mum,
          relationship: 'parent',
          relatedPersonId: child,
          parentalResponsibility: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await school.post(`/families/${familyId}/relationships`, {
          personId: dad,
          relationship: 'parent',
          relatedPersonId: child,
          parentalResponsibility: 'yes',
        })
      ).statusCode,
    ).toBe(303);
    const same = await school.post(`/families/${familyId}/relationships`, { personId: child, relationship: 'child', relatedPersonId: mum });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('already have a relationship recorded');
    const page = await school.get(`/families/${familyId}/people`);
    expect(page.body).toContain('Main household and Dad’s household');
    expect(page.body).toContain('Outside the household (significant adult)');
    expect(page.body).toContain('Ingrid Rask is the parent of Elsa Rask');
  });

  it('keeps the professional network with contacts, and ends an involvement', async () => {
    const familyId = await openFamily(school, 'the Sorel family');
    const gp = (await t.services.partnership.agencies({ kind: 'gp_practice' }))[0];
    await school.get(`/families/${familyId}/network/add`);
    const bad = await school.post(`/families/${familyId}/network`, { agencyId: '', professionalRole: 'gp', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the agency that is involved');
    expect(bad.body).toContain('Enter an email address in the correct format');
    const good = await school.post(`/families/${familyId}/network`, {
      agencyId: gp?.id ?? '',
      professionalRole: 'gp',
      professionalName: 'Dr Imaginary',
      phone: '01632 960 555',
    });
    expect(good.statusCode).toBe(303);
    const page = await school.get(`/families/${familyId}/network`);
    expect(page.body).toContain(gp?.name);
    expect(page.body).toContain('Dr Imaginary');
    const involvement = (await t.services.families.network(t.database.db, familyId)).find((item) => item.agencyId === gp?.id);
    await school.post(`/families/${familyId}/network/${involvement?.id}/end`, {});
    expect((await t.services.families.network(t.database.db, familyId)).find((item) => item.agencyId === gp?.id)?.current).toBe(false);
  });
});

describe('access follows involvement and consent', () => {
  it('restricts a family to the agency that opened it until consent is recorded, and lets the Hub break the glass with a reason', async () => {
    const familyId = await openFamily(school, 'the Tamsin family');
    const otherSchool = new TestClient(t.app);
    await otherSchool.signIn(await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    const refused = await otherSchool.get(`/families/${familyId}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This family’s record is restricted');
    expect(refused.body).not.toContain('the Tamsin family');
    expect(refused.body).not.toContain('Open it anyway');

    const hub = new TestClient(t.app);
    await hub.signIn(await demoEmail(t.services, 'hub_officer'));
    const restricted = await hub.get(`/families/${familyId}`);
    expect(restricted.statusCode).toBe(403);
    expect(restricted.body).toContain('Open it anyway');
    const noReason = await hub.post(`/families/${familyId}/break-glass`, { reason: 'because' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('at least 10 characters');
    const opened = await hub.post(`/families/${familyId}/break-glass`, { reason: 'Contact at the Hub about a child in this family today' });
    expect(opened.headers.location).toBe(`/families/${familyId}`);
    const page = await hub.get(`/families/${familyId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You opened this restricted record by breaking the glass');

    const actions = await auditActions(familyId);
    expect(actions).toEqual(
      expect.arrayContaining(['restricted family record refused', 'restricted family record opened by breaking the glass']),
    );
    const grant = await t.database.db
      .selectFrom('audit_events')
      .select('reason')
      .where('action', '=', 'restricted family record opened by breaking the glass')
      .where('record_id', '=', familyId)
      .executeTakeFirst();
    expect(grant?.reason).toBe('Contact at the Hub about a child in this family today');

    const manager = new TestClient(t.app);
    await manager.signIn(await demoEmail(t.services, 'team_manager'));
    const log = await manager.get('/break-glass');
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Contact at the Hub about a child in this family today');
    expect((await otherSchool.get('/break-glass')).statusCode).toBe(403);

    t.clock.advanceMinutes(9 * 60);
    await hub.signIn(await demoEmail(t.services, 'hub_officer'));
    expect((await hub.get(`/families/${familyId}`)).statusCode).toBe(403);
    await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
  });

  it('never lets roles that do not work with families open a record, even by breaking the glass', async () => {
    const familyId = await openFamily(school, 'the Ulric family');
    const admin = new TestClient(t.app);
    await admin.signIn(await demoEmail(t.services, 'administrator'));
    expect((await admin.get(`/families/${familyId}`)).statusCode).toBe(403);
    const analyst = new TestClient(t.app);
    await analyst.signIn(await demoEmail(t.services, 'performance_analyst'));
    expect((await analyst.get(`/families/${familyId}`)).statusCode).toBe(403);
  });

  it('shows a page not found for a family that does not exist', async () => {
    expect((await school.get('/families/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    expect((await school.get('/families/not-a-family')).statusCode).toBe(404);
  });
});
