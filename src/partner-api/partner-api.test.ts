import { createHash } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActionsFor, createTestApp, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { REASONS } from '../front-door/front-door.model.js';
import { EXAMPLE_REQUEST, REQUEST_SCHEMA } from './openapi.js';

interface Problems {
  error: string;
  problems: { field: string; message: string }[];
}

let t: TestApp;
let admin: TestClient;
let token: string;
let schoolAgencyId: string;
let otherSchoolAgencyId: string;

const body = (changes: Record<string, unknown> = {}) => ({ ...structuredClone(EXAMPLE_REQUEST), ...changes });

function send(payload: unknown, key: string | null = `key-${Math.random()}`, bearer: string | null = token, remoteAddress?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/requests-for-support',
    payload: payload as Record<string, unknown>,
    headers: {
      'content-type': 'application/json',
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      ...(key === null ? {} : { 'idempotency-key': key }),
    },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function statusOf(reference: string, bearer: string = token, remoteAddress?: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/requests-for-support/${reference}`,
    headers: { authorization: `Bearer ${bearer}` },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

async function problemsOf(payload: unknown): Promise<Problems['problems']> {
  const response = await send(payload);
  expect(response.statusCode).toBe(422);
  const answer = response.json<Problems>();
  expect(answer.error).toBe('The request has problems');
  return answer.problems;
}

async function issueToken(agencyId: string, name: string): Promise<string> {
  const page = await admin.get('/admin/api-tokens/new');
  expect(page.body).toContain('<h1 class="govuk-heading-l">Issue an API token</h1>');
  const issued = await admin.post('/admin/api-tokens/new', { agencyId, name });
  expect(issued.statusCode).toBe(200);
  const found = /id="token" name="token" type="text" value="(tellonce_[^"]+)"/.exec(issued.body)?.[1];
  if (!found) throw new Error(`No token on the page: ${issued.statusCode}`);
  return found;
}

const agencyNamed = async (name: string) =>
  (await t.database.db.selectFrom('agencies').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await createTestApp();
  admin = new TestClient(t.app);
  await admin.signIn(await demoEmail(t.services, 'administrator'));
  schoolAgencyId = await agencyNamed('Otterbrook Primary School');
  otherSchoolAgencyId = await agencyNamed('Sedgewater Academy');
  token = await issueToken(schoolAgencyId, 'Otterbrook school MIS');
});
afterAll(async () => t.close());

describe('API tokens', () => {
  it('are issued by administrators, shown once with a warning, and stored only as a SHA-256 fingerprint', async () => {
    expect(token).toMatch(/^tellonce_[A-Za-z0-9_-]{43}$/);
    const stored = await t.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('name', '=', 'Otterbrook school MIS')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored.token_hint).toBe(token.slice(-4));
    expect(await auditActionsFor(t, stored.id)).toContain('API token issued');

    const list = await admin.get('/admin/api-tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Otterbrook school MIS');
    expect(list.body).toContain(`…${token.slice(-4)}`);
    expect(list.body).toContain('Active');
    expect(list.body).toContain('href="/admin/api-tokens/new"');
    expect(list.body).not.toContain(token);
  });

  it('are checked before they are issued, keeping what was typed', async () => {
    await admin.get('/admin/api-tokens/new');
    const bad = await admin.post('/admin/api-tokens/new', { agencyId: '', name: 'Half-typed name' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Select the agency whose system will use the token');
    expect(bad.body).toContain('value="Half-typed name"');
    const noName = await admin.post('/admin/api-tokens/new', { agencyId: schoolAgencyId, name: ' ' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('Enter a name for the token, like the system that will use it');
  });

  it('are managed by administrators only', async () => {
    const row = await t.database.db.selectFrom('api_tokens').select('id').executeTakeFirstOrThrow();
    for (const role of ['hub_officer', 'partner_practitioner']) {
      const someone = new TestClient(t.app);
      await someone.signIn(await demoEmail(t.services, role));
      expect((await someone.get('/admin/api-tokens')).statusCode).toBe(403);
      expect((await someone.get('/admin/api-tokens/new')).statusCode).toBe(403);
      expect((await someone.post('/admin/api-tokens/new', { agencyId: schoolAgencyId, name: 'Sneaky' })).statusCode).toBe(403);
      expect((await someone.get(`/admin/api-tokens/${row.id}/revoke`)).statusCode).toBe(403);
      expect((await someone.post(`/admin/api-tokens/${row.id}/revoke`, {})).statusCode).toBe(403);
    }
    const home = await admin.get('/');
    expect(home.body).toContain('href="/admin/api-tokens"');
    const count = await t.database.db
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'Sneaky')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('note when they were last used, and stop working once revoked, after a confirmation page', async () => {
    const doomed = await issueToken(schoolAgencyId, 'Old system');
    const row = await t.database.db.selectFrom('api_tokens').select('id').where('name', '=', 'Old system').executeTakeFirstOrThrow();
    expect((await send(body(), 'doomed-1', doomed)).statusCode).toBe(201);
    const used = await t.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();

    const confirm = await admin.get(`/admin/api-tokens/${row.id}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Revoke the token');
    const revoked = await admin.post(`/admin/api-tokens/${row.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/admin/api-tokens');
    expect(await auditActionsFor(t, row.id)).toContain('API token revoked');
    expect((await admin.get('/admin/api-tokens')).body).toContain('Revoked');

    const refused = await send(body(), 'doomed-2', doomed);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect((await admin.post(`/admin/api-tokens/${row.id}/revoke`, {})).statusCode).toBe(409);
    expect((await admin.get('/admin/api-tokens/not-a-token/revoke')).statusCode).toBe(404);
  });
});

describe('sending a request for support', () => {
  it('refuses a missing, unknown or malformed token with 401 and WWW-Authenticate: Bearer', async () => {
    for (const bearer of [null, 'tellonce_not-a-real-token', 'not-even-a-tellonce-token']) {
      const refused = await send(body(), 'k1', bearer);
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer');
      expect(refused.json<{ error: string }>().error).toContain('Authorization: Bearer');
    }
    const basic = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests-for-support',
      payload: body(),
      headers: { authorization: `Basic ${token}`, 'idempotency-key': 'k1' },
    });
    expect(basic.statusCode).toBe(401);
    expect((await statusOf('RFS-1', 'tellonce_not-a-real-token')).statusCode).toBe(401);
  });

  it('needs an Idempotency-Key header of 1 to 200 printable characters', async () => {
    const noKey = await send(body(), null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json<{ error: string }>().error).toContain('Idempotency-Key');
    expect((await send(body(), 'x'.repeat(201))).statusCode).toBe(400);
    expect((await send(body(), 'é-not-printable-ascii')).statusCode).toBe(400);
    expect((await send(body(), 'x'.repeat(200))).statusCode).toBe(201);
  });

  it('receives a request once, however often it is sent with the same key, even at the same moment', async () => {
    const first = await send(body(), 'mis-request-1');
    expect(first.statusCode).toBe(201);
    const receipt = first.json<{ reference: string; status: string; route: string; links: { self: string } }>();
    expect(receipt).toEqual({
      reference: expect.any(String) as string,
      status: 'received',
      route: 'early_help',
      links: { self: `/api/v1/requests-for-support/${receipt.reference}` },
    });
    const again = await send(body(), 'mis-request-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(receipt);

    const [a, b] = await Promise.all([send(body(), 'mis-request-2'), send(body(), 'mis-request-2')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json<{ reference: string }>().reference).toBe(b.json<{ reference: string }>().reference);

    for (const key of ['mis-request-1', 'mis-request-2']) {
      const rows = await t.database.db
        .selectFrom('contacts')
        .select(['channel', 'source', 'referrer_agency_id', 'referrer_name', 'idempotency_scope'])
        .where('idempotency_key', '=', key)
        .execute();
      expect(rows).toEqual([
        {
          channel: 'partner_system',
          source: 'school',
          referrer_agency_id: schoolAgencyId,
          referrer_name: 'A Teacher',
          idempotency_scope: `api:${schoolAgencyId}`,
        },
      ]);
    }
  });

  it('keeps each agency’s keys apart', async () => {
    const other = await issueToken(otherSchoolAgencyId, 'Sedgewater MIS for keys');
    const ours = await send(body(), 'shared-key');
    const theirs = await send(body(), 'shared-key', other);
    expect([ours.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(ours.json<{ reference: string }>().reference).not.toBe(theirs.json<{ reference: string }>().reference);
  });

  it('checks the answers like the form does, naming each field by its place in the JSON', async () => {
    const problems = await problemsOf(
      body({
        council: 'NOWHERE',
        children: [
          { givenName: '', familyName: 'Example', dateOfBirth: '2017-02-14' },
          { givenName: 'Sam', familyName: 'Example', dateOfBirth: '2017-02-30' },
        ],
        carer: { name: 'Dana Example', phone: '12345' },
        address: { postcode: 'PE15' },
        reasons: ['other'],
        inTheirWords: '   ',
        referrer: { name: '', email: 'not-an-email' },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'council', message: 'Use one of these council codes: CAMBS, PBORO' },
        { field: 'children[0].givenName', message: 'Enter the child’s first name' },
        { field: 'children[1].dateOfBirth', message: 'The date of birth must be a real date, written YYYY-MM-DD, like 2015-03-27' },
        { field: 'carer.phone', message: 'Enter a UK telephone number, like 01632 960 001 or 07700 900 982' },
        { field: 'address.postcode', message: expect.stringContaining('postcode') as string },
        { field: 'otherReason', message: 'Say what else the family needs support with' },
        { field: 'inTheirWords', message: 'Describe what is happening for the family and why you are asking for support' },
        { field: 'referrer.name', message: 'Enter the name of the person making the request' },
        { field: 'referrer.email', message: 'Enter an email address in the correct format, like name@example.com' },
      ]),
    );
    expect(await problemsOf(body({ reasons: ['homework'] }))).toEqual([{ field: 'reasons', message: 'Select reasons from the list' }]);
    expect(await problemsOf(body({ children: [] }))).toEqual([{ field: 'children', message: 'Add at least one child or young person' }]);
    expect(await problemsOf(body({ carer: { name: 'Dana Example' } }))).toEqual([
      { field: 'carer.phone', message: 'Enter a phone number or an email address for the family' },
    ]);
  });

  it('gives the same messages as the form’s question pages', async () => {
    // The form's own check of the same bad answers, as the professional's pages run it.
    const councils = await t.services.partnership.councils();
    const formProblems = await t.services.contacts.problems(
      {
        councilId: councils[0]!.id,
        significantHarm: 'no',
        consentEarlyHelp: 'yes',
        consentSharing: 'yes',
        children: [{ givenName: '', familyName: '', dateOfBirth: '' }],
        carerName: '',
        postcode: 'NOT A POSTCODE',
        reasons: ['parenting'],
        inTheirWords: 'Words',
        alreadyTried: '',
      },
      'professional',
    );
    const problems = await problemsOf(
      body({
        children: [{ givenName: '', familyName: '', dateOfBirth: '' }],
        carer: { name: '' },
        address: { postcode: 'NOT A POSTCODE' },
        reasons: ['parenting'],
        inTheirWords: 'Words',
        alreadyTried: '',
      }),
    );
    expect(problems).toEqual([
      { field: 'children[0].givenName', message: formProblems['children[0].givenName'] },
      { field: 'children[0].familyName', message: formProblems['children[0].familyName'] },
      { field: 'children[0].dateOfBirth', message: formProblems['children[0].dateOfBirth-day'] },
      { field: 'carer.name', message: formProblems.carerName },
      { field: 'address.postcode', message: formProblems.postcode },
      { field: 'alreadyTried', message: formProblems.alreadyTried },
    ]);
  });

  it('refuses the wrong shape: missing fields, wrong types and unknown fields', async () => {
    const { consent: _consent, ...withoutConsent } = body();
    void _consent;
    const problems = await problemsOf({
      ...withoutConsent,
      significantHarm: 'no',
      children: { givenName: 'Ellis' },
      reasons: ['parenting', 'parenting'],
      referrer: { name: 42 },
      favouriteColour: 'blue',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'consent', message: 'consent is required' },
        { field: 'significantHarm', message: 'significantHarm must be true or false' },
        { field: 'children', message: 'children must be a list' },
        { field: 'reasons', message: 'reasons must not list the same value twice' },
        { field: 'referrer.name', message: 'referrer.name must be text' },
        { field: 'favouriteColour', message: 'favouriteColour is not a field of a request for support' },
      ]),
    );
    expect(await problemsOf(body({ children: [{ givenName: 'Ellis', dateOfBirth: 20170214 }] }))).toEqual([
      { field: 'children[0].familyName', message: 'children[0].familyName is required' },
      { field: 'children[0].dateOfBirth', message: 'children[0].dateOfBirth must be text' },
    ]);
    expect(await problemsOf([body()])).toEqual([{ field: '', message: 'Send the request for support as a JSON object' }]);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests-for-support',
      payload: '{"council": ',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'broken' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ error: string }>().error).toEqual(expect.any(String));
  });

  it('routes significant harm, and no consent to early help, to children’s social care', async () => {
    const harm = await send(body({ significantHarm: true }));
    expect(harm.statusCode).toBe(201);
    expect(harm.json<{ route: string; status: string }>()).toMatchObject({ route: 'safeguarding', status: 'sent_to_social_care' });
    const noConsent = await send(body({ consent: { earlyHelp: false, sharing: true } }));
    expect(noConsent.json<{ route: string }>().route).toBe('safeguarding');
    const rows = await t.database.db
      .selectFrom('contacts')
      .select('safeguarding_because')
      .where('reference', 'in', [harm.json<{ reference: string }>().reference, noConsent.json<{ reference: string }>().reference])
      .orderBy('received_at')
      .execute();
    expect(rows.map((row) => row.safeguarding_because).sort()).toEqual(['no_consent', 'significant_harm']);
    const status = await statusOf(harm.json<{ reference: string }>().reference);
    expect(status.json()).toMatchObject({ status: 'sent_to_social_care', route: 'safeguarding' });
  });
});

describe('following a request', () => {
  it('tells only the agency that made a request where it has got to, with no personal data', async () => {
    const reference = (await send(body(), 'status-1')).json<{ reference: string }>().reference;
    const status = await statusOf(reference);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({ reference, receivedAt: expect.any(String) as string, status: 'received', route: 'early_help' });
    expect(status.body).not.toContain('Ellis');
    expect(status.body).not.toContain('Dana');
    const contact = await t.database.db.selectFrom('contacts').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(await auditActionsFor(t, contact.id)).toContain('request status read by a partner system');

    const other = await issueToken(otherSchoolAgencyId, 'Sedgewater MIS');
    const elsewhere = await statusOf(reference, other);
    expect(elsewhere.statusCode).toBe(404);
    const unknown = await statusOf('RFS-999999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(elsewhere.json());
  });

  it('gives the Hub’s current decision once it has decided, after any correction', async () => {
    const reference = (await send(body(), 'status-2')).json<{ reference: string }>().reference;
    const contact = await t.database.db
      .selectFrom('contacts')
      .select(['id', 'local_authority_id'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable('contacts').set({ status: 'in_progress' }).where('id', '=', contact.id).execute();
    expect((await statusOf(reference)).json()).toMatchObject({ status: 'being_looked_at' });

    const level = await t.database.db
      .selectFrom('need_levels')
      .select('id')
      .where('local_authority_id', '=', contact.local_authority_id)
      .executeTakeFirstOrThrow();
    const officer = await t.database.db.selectFrom('users').select('id').where('role', '=', 'hub_officer').executeTakeFirstOrThrow();
    const decision = {
      contact_id: contact.id,
      local_authority_id: contact.local_authority_id,
      need_level_id: level.id,
      reasons: 'Needs help with routines.',
      within_target: true,
      decided_by_user_id: officer.id,
    };
    const first = await t.database.db
      .insertInto('contact_decisions')
      .values({ ...decision, next_step: 'advice', advice: 'Try a routine chart.', decided_at: new Date('2026-01-05T10:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('contact_decisions')
      .values({
        ...decision,
        next_step: 'signpost',
        corrects_decision_id: first.id,
        correction_reason: 'The wrong next step was chosen.',
        decided_at: new Date('2026-01-05T11:00:00Z'),
      })
      .execute();
    await t.database.db.updateTable('contacts').set({ status: 'decided' }).where('id', '=', contact.id).execute();

    const decided = await statusOf(reference);
    expect(decided.json()).toMatchObject({
      status: 'decided',
      outcome: { nextStep: 'signpost', nextStepText: expect.any(String) as string, decidedAt: '2026-01-05T11:00:00.000Z' },
    });
    expect(decided.body).not.toContain('routine');
  });

  it('limits how many requests one address may send in a minute', async () => {
    const answers = [];
    for (let i = 0; i < 121; i += 1) answers.push((await statusOf('RFS-0', token, '192.0.2.44')).statusCode);
    expect(answers.slice(0, 120).every((code) => code === 404)).toBe(true);
    expect(answers[120]).toBe(429);
    // Refused tokens count too.
    const refused = await statusOf('RFS-0', 'tellonce_guess', '192.0.2.44');
    expect(refused.statusCode).toBe(429);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, lists the reasons, and its example is accepted by the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const document = response.json<{
      openapi: string;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<
        string,
        {
          post?: {
            parameters: { name: string; in: string; required: boolean }[];
            requestBody: { content: Record<string, { example: unknown }> };
          };
        }
      >;
    }>();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.values(document.components.securitySchemes)).toEqual([expect.objectContaining({ type: 'http', scheme: 'bearer' })]);
    const post = document.paths['/requests-for-support']?.post;
    expect(post?.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]);
    expect(REQUEST_SCHEMA.properties.reasons.items.enum).toEqual(REASONS.map((reason) => reason.value));
    const example = post?.requestBody.content['application/json']?.example;
    expect((await send(example, 'the-documented-example')).statusCode).toBe(201);
  });

  it('has a page saying how to get a token and use it', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Idempotency-Key');
    expect(page.body).toContain('administrator');
    expect(page.body).toContain('href="/api/v1/openapi.json"');
    expect(page.body).toContain('<code>CAMBS</code>, <code>PBORO</code>');
  });
});
