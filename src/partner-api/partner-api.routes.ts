/**
 * The API for partner systems, its OpenAPI document and a page about it; and the administrators'
 * pages for issuing and revoking each agency's tokens.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { type FieldErrors, text, withFieldErrors } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import { apiAgencyOf, requireApiToken } from './api-token.js';
import { EXAMPLE_REQUEST, IDEMPOTENCY_KEY_PATTERN, openApiDocument } from './openapi.js';
import { ApiProblems, type PartnerApiService } from './partner-api.service.js';

/** Requests each address may send to the API per minute. */
export const API_RATE_LIMIT = { max: 120, timeWindow: 60_000 };

export function registerPartnerApiRoutes(
  app: FastifyInstance,
  {
    partnerApi,
    partnership,
    navigation,
    publicBaseUrl,
  }: { partnerApi: PartnerApiService; partnership: PartnershipService; navigation: Navigation; publicBaseUrl: string },
): void {
  const manage = { config: { permission: 'api-tokens:manage' as const } };
  // Authenticated by the agency's token, not by a session: no session, so no CSRF token either.
  const api = {
    config: { permission: 'public' as const, csrf: false, rateLimit: API_RATE_LIMIT },
    preParsing: requireApiToken(partnerApi),
  };
  app.decorateRequest('apiAgency', null);
  navigation.add({ href: '/admin/api-tokens', text: 'API tokens', permission: 'api-tokens:manage', order: 93 });

  // ——— The API ———

  app.post('/api/v1/requests-for-support', api, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key))
      return reply.code(400).send({
        error: 'Send an Idempotency-Key header: 1 to 200 printable characters, unique to this request within your agency',
      });
    try {
      const contact = await partnerApi.submit(apiAgencyOf(request), request.body, key);
      return reply.code(contact.created ? 201 : 200).send({
        reference: contact.reference,
        status: contact.route === 'safeguarding' ? 'sent_to_social_care' : 'received',
        route: contact.route,
        links: { self: `/api/v1/requests-for-support/${encodeURIComponent(contact.reference)}` },
      });
    } catch (error) {
      if (!(error instanceof ApiProblems)) throw error;
      return reply.code(422).send({ error: 'The request has problems', problems: error.problems });
    }
  });

  app.get('/api/v1/requests-for-support/:reference', api, async (request, reply) => {
    const { reference } = request.params as { reference: string };
    try {
      return await partnerApi.status(apiAgencyOf(request), reference);
    } catch (error) {
      if (error instanceof NotFoundError) return reply.code(404).send({ error: 'Your agency made no request with this reference' });
      throw error;
    }
  });

  app.get('/api/v1/openapi.json', { config: { permission: 'public' as const } }, async (_request, reply) =>
    reply.header('access-control-allow-origin', '*').send(openApiDocument(publicBaseUrl)),
  );

  app.get('/api/docs', { config: { permission: 'public' as const } }, async (_request, reply) =>
    reply.view('partner-api/views/docs.njk', {
      pageTitle: 'TellOnce’s API for partner systems',
      example: JSON.stringify(EXAMPLE_REQUEST, null, 2),
      councilCodes: (await partnership.councils()).map((council) => council.code),
      publicBaseUrl,
    }),
  );

  // ——— Tokens ———

  app.get('/admin/api-tokens', manage, async (_request, reply) =>
    reply.view('partner-api/views/tokens.njk', { pageTitle: 'API tokens', tokens: await partnerApi.tokens() }),
  );

  async function showIssue(reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    const agencies = await partnership.agencies();
    return reply.view('partner-api/views/issue.njk', {
      pageTitle: 'Issue an API token',
      values,
      agencies: agencies.map((agency) => ({ value: agency.id, text: agency.name })),
      ...withFieldErrors(errors),
    });
  }

  app.get('/admin/api-tokens/new', manage, async (_request, reply) => showIssue(reply, {}));

  app.post('/admin/api-tokens/new', manage, async (request, reply) => {
    const values = { agencyId: text(request.body, 'agencyId'), name: text(request.body, 'name') };
    try {
      const issued = await partnerApi.issue(signedIn(request), values);
      const token = await partnerApi.token(issued.id);
      reply.header('cache-control', 'no-store');
      return reply.view('partner-api/views/issued.njk', { pageTitle: 'API token issued', token: issued.token, details: token });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showIssue(reply, values, error.errors);
    }
  });

  app.get('/admin/api-tokens/:tokenId/revoke', manage, async (request, reply) => {
    const { tokenId } = request.params as { tokenId: string };
    const token = await partnerApi.token(tokenId);
    return reply.view('partner-api/views/revoke.njk', { pageTitle: 'Revoke this API token', token });
  });

  app.post('/admin/api-tokens/:tokenId/revoke', manage, async (request, reply) => {
    const { tokenId } = request.params as { tokenId: string };
    await partnerApi.revoke(signedIn(request), tokenId);
    reply.flash('API token revoked. Requests using it are now refused');
    return reply.redirect('/admin/api-tokens', 303);
  });
}
