import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { EXAMPLE_REQUEST } from './openapi.js';

let t: TestApp;
let admin: TestClient;
let token: string;
let schoolAgencyId: string;

const body = (changes: Record<string, unknown> = {}) => ({ ...structuredClone(EXAMPLE_REQUEST), ...changes });

function send(payload: unknown, key: string = `key-${Math.random()}`, bearer: string | null = token) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/requests-for-support',
    payload: payload as Record<string, unknown>,
    headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), 'idempotency-key': key },
  });
}

async function issueToken(agencyId: string, name: string): Promise<string> {
  await admin.get('/admin/api-tokens/new');
  const issued = await admin.post('/admin/api-tokens', { agencyId, name });
  const found = /id="token" name="token" type="text" value="(tellonce_[^"]+)"/.exec(issued.body)?.[1];
  if (!found) throw new Error(`No token on the page: ${issued.statusCode}`);
  return found;
}

beforeAll(async () => {
  t = await createTestApp();
  const adminEmail = await demoEmail(t.services, 'administrator');
  admin = new TestClient(t.app);
  await admin.signIn(adminEmail);
  schoolAgencyId = (
    await t.database.db.selectFrom('agencies').select('id').where('name', '=', 'Otterbrook Primary School').executeTakeFirstOrThrow()
  ).id;
  token = await issueToken(schoolAgencyId, 'Otterbrook school MIS');
});
afterAll(async () => t.close());

describe('API tokens', () => {
  it('are issued by administrators, shown once, and stored only as a fingerprint', async () => {
    const stored = await t.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('name', '=', 'Otterbrook school MIS')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.token_hint).toBe(token.slice(-4));
    const list = await admin.get('/admin/api-tokens');
    expect(list.body).toContain('Otterbrook school MIS');
    expect(list.body).not.toContain(token);
    const bad = await admin.post('/admin/api-tokens', { agencyId: '', name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the agency whose system will use the token');
    expect(bad.body).toContain('Enter a name for the token');
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', stored.id).execute();
    expect(audit.map((row) => row.action)).toContain('API token issued');
  });

  it('are for administrators only', async () => {
    const hub = new TestClient(t.app);
    await hub.signIn(await demoEmail(t.services, 'hub_officer'));
    expect((await hub.get('/admin/api-tokens')).statusCode).toBe(403);
  });

  it('stop working once revoked', async () => {
    const doomed = await issueToken(schoolAgencyId, 'Old system');
    expect((await send(body(), 'doomed-1', doomed)).statusCode).toBe(201);
    const row = await t.database.db.selectFrom('api_tokens').select('id').where('name', '=', 'Old system').executeTakeFirstOrThrow();
    await admin.get(`/admin/api-tokens/${row.id}/revoke`);
    expect((await admin.post(`/admin/api-tokens/${row.id}/revoke`, {})).statusCode).toBe(303);
    const refused = await send(body(), 'doomed-2', doomed);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('sending a request for support', () => {
  it('refuses a missing or unknown token, and a missing Idempotency-Key', async () => {
    expect((await send(body(), 'k1', null)).statusCode).toBe(401);
    expect((await send(body(), 'k1', 'tellonce_not-a-real-token')).statusCode).toBe(401);
    expect((await send(body(), 'k1', 'not-even-a-tellonce-token')).statusCode).toBe(401);
    const reallyNoKey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests-for-support',
      payload: body(),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(reallyNoKey.statusCode).toBe(400);
    expect(reallyNoKey.json<{ error: string }>().error).toContain('Idempotency-Key');
  });

  it('receives a request once, however often it is sent with the same key', async () => {
    const first = await send(body(), 'mis-request-1');
    expect(first.statusCode).toBe(201);
    const receipt = first.json<{ reference: string; status: string; route: string }>();
    expect(receipt).toMatchObject({ status: 'received', route: 'early_help' });
    const again = await send(body(), 'mis-request-1');
    expect(again.statusCode).toBe(200);
    expect(again.json<{ reference: string }>().reference).toBe(receipt.reference);
    const [a, b] = await Promise.all([send(body(), 'mis-request-2'), send(body(), 'mis-request-2')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json<{ reference: string }>().reference).toBe(b.json<{ reference: string }>().reference);
    const rows = await t.database.db
      .selectFrom('contacts')
      .select(['channel', 'source', 'referrer_agency_id'])
      .where('idempotency_key', 'in', ['mis-request-1', 'mis-request-2'])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ channel: 'partner_system', source: 'school', referrer_agency_id: schoolAgencyId });
  });

  it('checks the answers like the form does, naming each field', async () => {
    const response = await send(
      body({
        council: 'NOWHERE',
        children: [{ givenName: '', familyName: 'Example', dateOfBirth: '2017-02-14' }],
        address: { postcode: 'PE15' },
        reasons: ['other'],
        inTheirWords: '',
      }),
    );
    expect(response.statusCode).toBe(422);
    const problems = response.json<{ problems: { field: string; message: string }[] }>().problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'council', message: expect.stringContaining('CAMBS') as string },
        { field: 'children[0].givenName', message: 'Enter the child’s first name' },
        { field: 'address.postcode', message: expect.stringContaining('postcode') as string },
        { field: 'otherReason', message: 'Say what else the family needs support with' },
        { field: 'inTheirWords', message: 'Describe what is happening for the family and why you are asking for support' },
      ]),
    );
  });

  it('refuses the wrong shape: missing fields, wrong types, unknown codes and fields', async () => {
    const { consent: _consent, ...withoutConsent } = body();
    void _consent;
    const response = await send({ ...withoutConsent, significantHarm: 'no', reasons: ['homework'], favouriteColour: 'blue' });
    expect(response.statusCode).toBe(422);
    const fields = response.json<{ problems: { field: string }[] }>().problems.map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['consent', 'significantHarm', 'reasons[0]', 'favouriteColour']));
  });

  it('routes significant harm, and no consent to early help, to children’s social care', async () => {
    const harm = await send(body({ significantHarm: true }));
    expect(harm.json<{ route: string; status: string }>()).toMatchObject({ route: 'safeguarding', status: 'sent_to_social_care' });
    const noConsent = await send(body({ consent: { earlyHelp: false, sharing: true } }));
    expect(noConsent.json<{ route: string }>().route).toBe('safeguarding');
  });

  it('tells only the agency that made a request where it has got to, with no personal data', async () => {
    const sent = await send(body(), 'status-1');
    const reference = sent.json<{ reference: string }>().reference;
    const status = await t.app.inject({
      method: 'GET',
      url: `/api/v1/requests-for-support/${reference}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ reference, status: 'received', route: 'early_help' });
    expect(status.body).not.toContain('Ellis');
    const other = await issueToken(
      (await t.database.db.selectFrom('agencies').select('id').where('name', '=', 'Sedgewater Academy').executeTakeFirstOrThrow()).id,
      'Sedgewater MIS',
    );
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: `/api/v1/requests-for-support/${reference}`,
      headers: { authorization: `Bearer ${other}` },
    });
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and its example is accepted by the API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const document = response.json<{
      openapi: string;
      paths: Record<string, { post?: { requestBody: { content: Record<string, { example: unknown }> } } }>;
    }>();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const example = document.paths['/requests-for-support']?.post?.requestBody.content['application/json']?.example;
    expect((await send(example, 'the-documented-example')).statusCode).toBe(201);
  });

  it('has a page saying how to use it', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Idempotency-Key');
  });
});
