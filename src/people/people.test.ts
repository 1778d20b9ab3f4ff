import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import type { CurrentUser } from '../platform/http/types.js';
import { generateNhsNumber } from './identifiers.js';

let t: TestApp;
let school: TestClient;
let user: CurrentUser;
let hub: TestClient;
const ids: Record<string, string> = {};

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
const nhs = generateNhsNumber(seeded(7));
const otherNhs = generateNhsNumber(seeded(99));

async function familyWith(name: string, people: Record<string, string>[]): Promise<string> {
  const councilId = user.localAuthorityId;
  const familyId = await t.services.families.createFamily(user, { name, councilId });
  const household = (await t.services.families.households(t.database.db, familyId))[0]?.id ?? '';
  for (const person of people) {
    ids[`${person.givenName} ${person.familyName}`] = await t.services.people.addToFamily(user, familyId, {
      householdId: household,
      choice: 'new',
      ...person,
    });
  }
  return familyId;
}

beforeAll(async () => {
  t = await createTestApp();
  const email = await demoEmail(t.services, 'partner_practitioner');
  user = await currentUserFor(t.services, email);
  school = new TestClient(t.app);
  await school.signIn(email);
  hub = new TestClient(t.app);
  await hub.signIn(await demoEmail(t.services, 'hub_officer'));
  await familyWith('the Hollins family', [
    {
      givenName: 'Robert',
      familyName: 'Hollins',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2013',
      nhsNumber: nhs,
      postcode: 'PE13 2AB',
    },
    { givenName: 'Catherine', familyName: 'Hollins', 'dateOfBirth-day': '3', 'dateOfBirth-month': '11', 'dateOfBirth-year': '1986' },
    { givenName: 'Mila', familyName: 'Hollins', 'dateOfBirth-day': '28', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2017' },
  ]);
});
afterAll(async () => t.close());

describe('finding people with one search box', () => {
  it('finds a child by a misspelt name, saying why', async () => {
    const page = await school.get('/people?q=Mlia+Holins');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mila Hollins');
    expect(page.body).toContain('Why they match');
  });

  it('finds Robert when someone types Bob, and Catherine when someone types Kate', async () => {
    expect((await school.get('/people?q=Bob+Hollins')).body).toContain('Robert Hollins');
    expect((await school.get('/people?q=Kate+Hollins')).body).toContain('Catherine Hollins');
  });

  it('finds people by date of birth, NHS number and postcode', async () => {
    expect((await school.get('/people?q=28%2F2%2F2017')).body).toContain('Mila Hollins');
    const byNhs = await school.get(`/people?q=${encodeURIComponent(nhs)}`);
    expect(byNhs.body).toContain('Robert Hollins');
    expect(byNhs.body).toContain('Same NHS number');
    expect((await school.get('/people?q=pe13+2ab')).body).toContain('Robert Hollins');
  });

  it('explains an NHS number that fails its check', async () => {
    const wrong = `${nhs.slice(0, 9)}${(Number(nhs[9]) + 1) % 10}`;
    const page = await school.get(`/people?q=${wrong}`);
    expect(page.body).toMatch(/NHS number/);
    expect(page.body).toContain('0 people found');
  });

  it('filters to children only', async () => {
    const page = await school.get('/people?q=Hollins&children=yes');
    expect(page.body).toContain('Mila Hollins');
    expect(page.body).not.toContain('Catherine Hollins');
  });

  it('hides people whose record a partner may not see, and marks them restricted for the Hub', async () => {
    const other = new TestClient(t.app);
    await other.signIn(await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    expect((await other.get('/people?q=Hollins')).body).not.toContain('Mila Hollins');
    const hubPage = await hub.get('/people?q=Hollins');
    expect(hubPage.body).toContain('Mila Hollins');
    expect(hubPage.body).toContain('Restricted');
    expect(hubPage.body).not.toContain('PE13 2AB');
  });

  it('records each search in the audit log with who was found, not what was typed', async () => {
    await school.get('/people?q=Hollins');
    const row = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'people searched')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(row?.actor_user_id).toBe(user.id);
    expect(JSON.stringify(row?.detail)).not.toContain('Hollins');
    expect((row?.detail as { found: string[] }).found.length).toBeGreaterThan(0);
  });
});

describe('a person’s own record', () => {
  it('shows their details and audits the view', async () => {
    const page = await school.get(`/people/${ids['Robert Hollins']}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`);
    const row = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('record_id', '=', ids['Robert Hollins'] ?? '')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(row?.action).toBe('person record viewed');
  });

  it('refuses an NHS number that fails its check digit and a UPN with the wrong check letter, saving nothing', async () => {
    const id = ids['Mila Hollins'] ?? '';
    await school.get(`/people/${id}/edit`);
    const person = await t.services.people.open(user, id);
    const values = t.services.people.editValues(person);
    const response = await school.post(`/people/${id}`, {
      ...(values as Record<string, string>),
      characteristics: [],
      preferredName: 'Milly',
      nhsNumber: '123 456 7890',
      uniquePupilNumber: 'A123456789123',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('value="Milly"');
    expect((await t.services.people.open(user, id)).preferredName).toBeNull();
  });

  it('saves changes, keeps an old family name as a previous name, and tells a second editor their change conflicts', async () => {
    const id = ids['Catherine Hollins'] ?? '';
    const person = await t.services.people.open(user, id);
    const values = t.services.people.editValues(person) as Record<string, string>;
    await school.get(`/people/${id}/edit`);
    const saved = await school.post(`/people/${id}`, {
      ...values,
      familyName: 'Hollins-Reyes',
      characteristics: ['young_carer'],
      ethnicity: 'WBRI',
      sex: 'F',
    });
    expect(saved.statusCode).toBe(303);
    const after = await t.services.people.open(user, id);
    expect(after.familyName).toBe('Hollins-Reyes');
    expect(after.otherNames).toEqual([{ kind: 'previous', name: 'Catherine Hollins' }]);
    expect(after.characteristics.map((item) => item.value)).toEqual(['young_carer']);
    const stale = await school.post(`/people/${id}`, { ...values, preferredName: 'Cath' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this record');
    expect((await school.get('/people?q=Catherine+Hollins')).body).toContain('Catherine Hollins-Reyes');
  });

  it('keeps an address history', async () => {
    const id = ids['Robert Hollins'] ?? '';
    await school.get(`/people/${id}/addresses/add`);
    const bad = await school.post(`/people/${id}/addresses`, {
      line1: '',
      town: 'Wisbech',
      postcode: 'XX',
      'fromDate-day': '1',
      'fromDate-month': '13',
      'fromDate-year': '2026',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the first line of the address');
    // The postcode given when Robert was added is completed with the full address he has lived at since 2020.
    const completed = await school.post(`/people/${id}/addresses`, {
      line1: '4 Pretend Lane',
      town: 'Wisbech',
      postcode: 'PE13 2AB',
      'fromDate-day': '1',
      'fromDate-month': '6',
      'fromDate-year': '2020',
    });
    expect(completed.statusCode).toBe(303);
    const earlier = await school.post(`/people/${id}/addresses`, {
      line1: '1 Imaginary Row',
      town: 'Wisbech',
      postcode: 'pe13 4zz',
      'fromDate-day': '1',
      'fromDate-month': '1',
      'fromDate-year': '2019',
    });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.body).toContain('must be after they moved into their current address');
    const good = await school.post(`/people/${id}/addresses`, {
      line1: '1 Imaginary Row',
      town: 'Wisbech',
      postcode: 'pe13 4zz',
      'fromDate-day': '1',
      'fromDate-month': '1',
      'fromDate-year': '2026',
    });
    expect(good.statusCode).toBe(303);
    const person = await t.services.people.open(user, id);
    expect(person.addresses.map((address) => [address.line1, address.postcode, address.fromDate, address.toDate])).toEqual([
      ['1 Imaginary Row', 'PE13 4ZZ', '2026-01-01', null],
      ['4 Pretend Lane', 'PE13 2AB', '2020-06-01', '2026-01-01'],
    ]);
  });
});

describe('duplicates and merging', () => {
  it('lists a likely duplicate for the Hub, merges it keeping all history, and undoes the merge exactly', async () => {
    const second = await familyWith('Hollins, grandparents', [
      { givenName: 'Bobby', familyName: 'Hollins', 'dateOfBirth-day': '12', 'dateOfBirth-month': '5', 'dateOfBirth-year': '2013' },
    ]);
    const first = ids['Robert Hollins'] ?? '';
    const duplicate = ids['Bobby Hollins'] ?? '';
    await t.services.chronology.record(t.database.db, {
      familyId: second,
      personId: duplicate,
      occurredOn: '2026-01-05',
      summary: 'Started at a new school',
      sourceAgencyId: user.agencyId,
      significance: 'routine',
      category: 'education',
      recordedByUserId: user.id,
    });

    const list = await hub.get('/people/duplicates');
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/Robert Hollins and Bobby Hollins|Bobby Hollins and Robert Hollins/);
    expect((await school.get('/people/duplicates')).statusCode).toBe(403);

    await t.database.db.updateTable('people').set({ nhs_number: otherNhs }).where('id', '=', duplicate).execute();
    await hub.get(`/people/merge?keep=${first}&merge=${duplicate}`);
    const differentNhs = await hub.post('/people/merge', { keep: first, merge: duplicate, reason: 'Same child, checked with the school' });
    expect(differentNhs.statusCode).toBe(400);
    expect(differentNhs.body).toContain('different NHS numbers');

    await t.database.db.updateTable('people').set({ nhs_number: null }).where('id', '=', duplicate).execute();
    await hub.get(`/people/merge?keep=${first}&merge=${duplicate}`);
    const noReason = await hub.post('/people/merge', { keep: first, merge: duplicate, reason: '' });
    expect(noReason.statusCode).toBe(400);
    const merged = await hub.post('/people/merge', { keep: first, merge: duplicate, reason: 'Same child, checked with the school' });
    expect(merged.statusCode).toBe(303);

    const kept = await t.services.people.open(user, first);
    expect(kept.families.map((family) => family.name).sort()).toEqual(['Hollins, grandparents', 'the Hollins family']);
    expect(kept.otherNames).toContainEqual({ kind: 'alias', name: 'Bobby Hollins' });
    const events = await t.services.chronology.events(t.database.db, second, { personId: first });
    expect(events.map((event) => event.summary)).toContain('Started at a new school');
    expect(
      (await t.database.db.selectFrom('people').select('merged_into_person_id').where('id', '=', duplicate).executeTakeFirst())
        ?.merged_into_person_id,
    ).toBe(first);

    await hub.get('/people/merges');
    const mergeRow = await t.database.db
      .selectFrom('person_merges')
      .select('id')
      .where('kept_person_id', '=', first)
      .executeTakeFirstOrThrow();
    expect((await hub.post(`/people/merges/${mergeRow.id}/undo`, {})).statusCode).toBe(303);
    const restored = await t.services.people.open(user, first);
    expect(restored.families.map((family) => family.name)).toEqual(['the Hollins family']);
    expect(restored.otherNames).not.toContainEqual({ kind: 'alias', name: 'Bobby Hollins' });
    expect((await t.services.chronology.events(t.database.db, second, { personId: duplicate })).map((event) => event.summary)).toContain(
      'Started at a new school',
    );
    expect(
      (await t.database.db.selectFrom('people').select('merged_into_person_id').where('id', '=', duplicate).executeTakeFirst())
        ?.merged_into_person_id,
    ).toBeNull();
    const actions = (await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', first).execute()).map(
      (row) => row.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['people merged', 'merge undone']));
  });

  it('stops suggesting a pair marked as different people', async () => {
    await familyWith('the Ives twins', [
      { givenName: 'Amelia', familyName: 'Ives', 'dateOfBirth-day': '9', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2019' },
      { givenName: 'Amalia', familyName: 'Ives', 'dateOfBirth-day': '9', 'dateOfBirth-month': '9', 'dateOfBirth-year': '2019' },
    ]);
    const before = await hub.get('/people/duplicates');
    expect(before.body).toContain('Amelia Ives');
    await hub.post('/people/duplicates/not-the-same', { personId: ids['Amelia Ives'] ?? '', otherPersonId: ids['Amalia Ives'] ?? '' });
    expect((await hub.get('/people/duplicates')).body).not.toContain('Amelia Ives');
  });
});
