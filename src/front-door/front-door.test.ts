import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { answerAllQuestions, askForSupport } from '../../test/support/requests.js';
import { routeFor } from './front-door.model.js';
import { requestProblems, type RequestAnswers } from './request.answers.js';

let t: TestApp;
let school: TestClient;
let councilId: string;
let schoolEmail: string;

async function contactByReference(reference: string) {
  return t.database.db.selectFrom('contacts').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  schoolEmail = await demoEmail(t.services, 'partner_practitioner');
  school = new TestClient(t.app);
  await school.signIn(schoolEmail);
  councilId = (await currentUserFor(t.services, schoolEmail)).localAuthorityId;
});
afterAll(async () => t.close());

describe('the routing rule', () => {
  it('sends significant harm and a lack of consent to children’s social care, and nothing else', () => {
    expect(routeFor({ significantHarm: false, consentEarlyHelp: true })).toEqual({ route: 'early_help', safeguardingBecause: null });
    expect(routeFor({ significantHarm: true, consentEarlyHelp: true })).toEqual({
      route: 'safeguarding',
      safeguardingBecause: 'significant_harm',
    });
    expect(routeFor({ significantHarm: false, consentEarlyHelp: false })).toEqual({
      route: 'safeguarding',
      safeguardingBecause: 'no_consent',
    });
    expect(routeFor({ significantHarm: true, consentEarlyHelp: false }).route).toBe('safeguarding');
  });
});

describe('checking a whole request', () => {
  const today = '2026-11-20';
  const valid: RequestAnswers = {
    councilId: 'c1',
    significantHarm: 'no',
    consentEarlyHelp: 'yes',
    consentSharing: 'yes',
    children: [{ givenName: 'Ellis', familyName: 'Quarrendon', dateOfBirth: '2017-02-14' }],
    carerName: 'Dana Quarrendon',
    carerPhone: '07700 900 123',
    postcode: 'PE15 8AB',
    reasons: ['parenting'],
    inTheirWords: 'Help with routines',
    alreadyTried: 'Nothing yet',
  };

  it('accepts a complete request', () => {
    expect(requestProblems(valid, 'professional', ['c1'], today)).toEqual({});
  });

  it('names each problem in GOV.UK words', () => {
    const problems = requestProblems(
      {
        ...valid,
        councilId: 'elsewhere',
        children: [{ givenName: '', familyName: 'Quarrendon', dateOfBirth: '1990-01-01' }],
        carerPhone: '',
        carerEmail: 'not an email',
        postcode: 'PE15',
        reasons: ['other'],
        otherReason: '',
        inTheirWords: '',
        alreadyTried: '',
      },
      'professional',
      ['c1'],
      today,
    );
    expect(problems).toEqual({
      councilId: 'Select the council area the family lives in',
      'children[0].givenName': 'Enter the child’s first name',
      'children[0].dateOfBirth-day': 'Early help is for children and young people up to 25',
      carerEmail: 'Enter an email address in the correct format, like name@example.com',
      postcode: expect.stringContaining('postcode') as string,
      otherReason: 'Say what else the family needs support with',
      inTheirWords: 'Describe what is happening for the family and why you are asking for support',
      alreadyTried: 'Say what has been tried already, or that nothing has yet',
    });
  });

  it('takes a date up to 10 months ahead as a baby’s due date, and no later', () => {
    const unborn = (dateOfBirth: string) =>
      requestProblems(
        { ...valid, children: [{ givenName: 'Baby', familyName: 'Quarrendon', dateOfBirth }] },
        'professional',
        ['c1'],
        today,
      );
    expect(unborn('2027-06-01')).toEqual({});
    expect(unborn('2027-12-01')['children[0].dateOfBirth-day']).toBe('A baby’s due date must be within the next 10 months');
  });

  it('needs a way to contact the family', () => {
    expect(requestProblems({ ...valid, carerPhone: '', carerEmail: '' }, 'family', ['c1'], today).carerPhone).toBe(
      'Enter a phone number or an email address so that we can contact you',
    );
  });
});

describe('a professional asks the Hub for support', () => {
  it('goes through one question per page to check your answers, and sends one contact with a reference', async () => {
    const check = await answerAllQuestions(school, '/requests/new', { councilId });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your answers before sending your request');
    expect(check.body).toContain('Ellis Quarrendon, born 14 February 2017');
    expect(check.body).toContain('PE15 8AB');
    expect(check.body).toContain('Challenging behaviour at home');
    expect(check.body).not.toContain('safeguarding contact');

    const sent = await school.post('/requests/new/check', {});
    expect(sent.statusCode).toBe(303);
    // The button pressed again, or the form sent twice: still one contact.
    const again = await school.post('/requests/new/check', {});
    expect(again.statusCode).toBe(303);
    const done = await school.get('/requests/new/done');
    expect(done.body).toContain('Request for support sent');
    const reference = /RFS-\d+/.exec(done.body)?.[0] ?? '';
    const contact = await contactByReference(reference);
    expect(contact.route).toBe('early_help');
    expect(contact.channel).toBe('professional');
    expect(contact.source).toBe('school');
    expect(contact.reasons).toEqual(['behaviour_at_home', 'parenting']);
    expect(contact.decision_due_at.getTime()).toBeGreaterThan(contact.received_at.getTime());
    const sameKey = await t.database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('idempotency_key', '=', contact.idempotency_key)
      .executeTakeFirstOrThrow();
    expect(Number(sameKey.n)).toBe(1);
    const children = await t.database.db.selectFrom('contact_children').selectAll().where('contact_id', '=', contact.id).execute();
    expect(children.map((child) => [child.given_name, child.date_of_birth])).toEqual([['Ellis', '2017-02-14']]);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', contact.id).execute();
    expect(audit.map((row) => row.action)).toContain('request for support received');
  });

  it('shows every question page', async () => {
    await answerAllQuestions(school, '/requests/new', { councilId });
    for (const slug of [
      'council',
      'harm',
      'consent',
      'sharing',
      'child/1',
      'children',
      'carer',
      'address',
      'reasons',
      'situation',
      'tried',
      'check',
    ]) {
      const page = await school.get(`/requests/new/${slug}`);
      expect(page.statusCode, slug).toBe(200);
      expect(page.body, slug).toContain('<h1');
    }
    const family = new TestClient(t.app);
    await answerAllQuestions(family, '/ask-for-help', { councilId });
    for (const slug of [
      'council',
      'harm',
      'child/1',
      'children',
      'carer',
      'address',
      'reasons',
      'situation',
      'tried',
      'sharing',
      'check',
    ]) {
      const page = await family.get(`/ask-for-help/${slug}`);
      expect(page.statusCode, slug).toBe(200);
    }
  });

  it('shows each page’s problems with the answers kept', async () => {
    await school.get('/requests/new');
    await school.post('/requests/new', {});
    await school.get('/requests/new/council');
    const noCouncil = await school.post('/requests/new/council', { councilId: 'nowhere' });
    expect(noCouncil.statusCode).toBe(400);
    expect(noCouncil.body).toContain('govuk-error-summary');
    expect(noCouncil.body).toContain('Select the council area the family lives in');
    expect((await school.post('/requests/new/council', { councilId })).headers.location).toBe('/requests/new/harm');
    const noAnswer = await school.post('/requests/new/harm', {});
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.body).toContain('Select yes if you think a child is at risk of significant harm');
    await school.post('/requests/new/harm', { significantHarm: 'no' });
    await school.post('/requests/new/consent', { consentEarlyHelp: 'yes' });
    expect((await school.post('/requests/new/sharing', { consentSharing: 'yes' })).headers.location).toBe('/requests/new/child/1');
    const badChild = await school.post('/requests/new/child/1', {
      givenName: 'Rowan',
      familyName: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2019',
    });
    expect(badChild.statusCode).toBe(400);
    expect(badChild.body).toContain('Enter the child’s last name');
    expect(badChild.body).toContain('The date of birth must be a real date, like 27 3 2015');
    expect(badChild.body).toContain('value="Rowan"');
    const noAddAnother = await school.post('/requests/new/child/1', {
      givenName: 'Rowan',
      familyName: 'Quarrendon',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2019',
    });
    expect(noAddAnother.headers.location).toBe('/requests/new/children');
    const children = await school.post('/requests/new/children', {});
    expect(children.statusCode).toBe(400);
    expect(children.body).toContain('Select yes if you need to add another child');
    const badReasons = await school.post('/requests/new/reasons', { reasons: 'other', otherReason: '' });
    expect(badReasons.statusCode).toBe(400);
    expect(badReasons.body).toContain('Say what else the family needs support with');
    // Check your answers cannot be reached before every question is answered.
    expect((await school.get('/requests/new/check')).headers.location).toBe('/requests/new/carer');
  });

  it('says clearly that significant harm is a safeguarding concern, and routes it to children’s social care', async () => {
    await school.get('/requests/new');
    await school.post('/requests/new', {});
    await school.post('/requests/new/council', { councilId });
    await school.post('/requests/new/harm', { significantHarm: 'yes' });
    await school.post('/requests/new/consent', { consentEarlyHelp: 'yes' });
    const toInterruption = await school.post('/requests/new/sharing', { consentSharing: 'yes' });
    expect(toInterruption.headers.location).toBe('/requests/new/safeguarding');
    const interruption = await school.get('/requests/new/safeguarding');
    expect(interruption.body).toContain('This is a safeguarding concern for children’s social care');
    expect(interruption.body).toContain('not to the Early Help Hub');

    const { reference, done } = await askForSupport(school, { councilId, significantHarm: 'yes' });
    expect(done.body).toContain('Safeguarding contact sent to children’s social care');
    const contact = await contactByReference(reference);
    expect(contact.route).toBe('safeguarding');
    expect(contact.safeguarding_because).toBe('significant_harm');
  });

  it('records a request without consent to early help as a safeguarding contact, never as early help', async () => {
    const check = await answerAllQuestions(school, '/requests/new', { councilId, consentEarlyHelp: 'no' });
    expect(check.body).toContain('This will be recorded as a safeguarding contact and sent to children’s social care');
    await school.post('/requests/new/check', {});
    const done = await school.get('/requests/new/done');
    const contact = await contactByReference(/RFS-\d+/.exec(done.body)?.[0] ?? '');
    expect(contact.route).toBe('safeguarding');
    expect(contact.safeguarding_because).toBe('no_consent');
    const hubQueue = await t.services.hub.queue(await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer')), {});
    expect(hubQueue.rows.some((row) => row.reference === contact.reference)).toBe(false);
  });

  it('lists the referrer’s own requests, and shows each one only to them', async () => {
    const { reference, contactId } = await askForSupport(school, { councilId });
    const list = await school.get('/requests');
    expect(list.body).toContain(reference);
    expect(list.body).toContain('Received');
    const own = await school.get(`/requests/${contactId ?? ''}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('The Early Help Hub has not decided yet');
    const other = new TestClient(t.app);
    await other.signIn(await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    expect((await other.get(`/requests/${contactId ?? ''}`)).statusCode).toBe(404);
    expect((await other.get('/requests')).body).not.toContain(reference);
  });

  it('is not open to roles that do not ask for support', async () => {
    const analyst = new TestClient(t.app);
    await analyst.signIn(await demoEmail(t.services, 'performance_analyst'));
    expect((await analyst.get('/requests/new')).statusCode).toBe(403);
  });
});

describe('a family asks for help themselves', () => {
  it('needs no sign-in, gives a reference and says what happens next', async () => {
    const family = new TestClient(t.app);
    const start = await family.get('/ask-for-help');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Ask for help for your family');
    const check = await answerAllQuestions(family, '/ask-for-help', { councilId, carerEmail: 'dana@example.com' });
    expect(check.body).toContain('What you would like help with');
    expect(check.body).not.toContain('The family agrees to early help');
    await family.post('/ask-for-help/check', {});
    const done = await family.get('/ask-for-help/done');
    expect(done.body).toContain('We have your request');
    expect(done.body).toContain('What happens next');
    const reference = /RFS-\d+/.exec(done.body)?.[0] ?? '';
    const contact = await contactByReference(reference);
    expect(contact.channel).toBe('family');
    expect(contact.source).toBe('family');
    expect(contact.route).toBe('early_help');
    expect(contact.consent_early_help).toBe(true);
    expect(contact.referrer_user_id).toBeNull();
    // The confirmation went to the family, carrying the reference and no personal details.
    const message = await t.database.db
      .selectFrom('notifications')
      .selectAll()
      .where('record_id', '=', contact.id)
      .executeTakeFirstOrThrow();
    expect(message.template).toBe('family_request_received');
    expect(message.email_address).toBe('dana@example.com');
  });

  it('gives nothing away: another browser cannot see a family’s draft or confirmation', async () => {
    const family = new TestClient(t.app);
    await answerAllQuestions(family, '/ask-for-help', { councilId });
    const stranger = new TestClient(t.app);
    expect((await stranger.get('/ask-for-help/check')).headers.location).toBe('/ask-for-help');
    expect((await stranger.get('/ask-for-help/done')).headers.location).toBe('/ask-for-help');
    expect((await stranger.get('/requests')).statusCode).toBe(302);
  });

  it('sends a child in danger to children’s social care and says to call 999', async () => {
    const family = new TestClient(t.app);
    await family.get('/ask-for-help');
    await family.post('/ask-for-help', {});
    await family.post('/ask-for-help/council', { councilId });
    expect((await family.post('/ask-for-help/harm', { significantHarm: 'yes' })).headers.location).toBe('/ask-for-help/safeguarding');
    expect((await family.get('/ask-for-help/safeguarding')).body).toContain('If a child is in danger, call 999 now');
  });

  it('limits how many requests one address can start', async () => {
    const limited = await createTestApp();
    try {
      const family = new TestClient(limited.app);
      await family.get('/ask-for-help');
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await family.post('/ask-for-help', {})).statusCode);
      expect(statuses.slice(0, 20).every((status) => status === 303)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
