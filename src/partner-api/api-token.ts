/**
 * Authentication of partner systems by their agency's API token. The session-based permissions do
 * not apply to these requests: a route using this hook declares `permission: 'public'` and
 * `csrf: false`. The hook runs before the body is read (preParsing), and after the route's rate
 * limit (onRequest), so refused requests count towards the limit too.
 */
import type { FastifyReply, FastifyRequest, preParsingAsyncHookHandler, RequestPayload } from 'fastify';
import type { ApiAgency, PartnerApiService } from './partner-api.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The agency whose API token the request carries; set by requireApiToken. */
    apiAgency: ApiAgency | null;
  }
}

export const UNAUTHORISED_MESSAGE = 'Send your agency’s API token as Authorization: Bearer <token>. Ask a TellOnce administrator for one.';

/** A preParsing hook answering 401 (with WWW-Authenticate: Bearer) unless the request carries a live token. */
export function requireApiToken(partnerApi: PartnerApiService): preParsingAsyncHookHandler {
  return async function apiToken(request: FastifyRequest, reply: FastifyReply, payload: RequestPayload) {
    const agency = await partnerApi.authenticate(request.headers.authorization);
    // Returning the reply waits until the 401 has been sent, and stops the request there.
    if (!agency) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: UNAUTHORISED_MESSAGE });
    request.apiAgency = agency;
    return payload;
  };
}

/** The agency of a request that has passed requireApiToken. */
export function apiAgencyOf(request: FastifyRequest): ApiAgency {
  if (!request.apiAgency) throw new Error('This route needs requireApiToken');
  return request.apiAgency;
}
