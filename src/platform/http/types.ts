/**
 * What TellOnce adds to Fastify's request, reply and route configuration.
 */
import type { Permission } from '../permissions/permissions.js';
import type { Role } from '../permissions/roles.js';

/** The signed-in person, as every route and view sees them. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  localAuthorityId: string;
  agencyId: string;
  teamId: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs. Every route must declare one, or TellOnce will not start. */
    permission?: Permission;
    /** Set false only on routes that authenticate by API token instead of a session cookie. */
    csrf?: boolean;
  }
  interface FastifyReply {
    /** Values every template sees (the signed-in person, the navigation), merged by @fastify/view. */
    locals: Record<string, unknown> | undefined;
    /** A one-line success message shown on the next page the person sees. */
    flash(message: string): FastifyReply;
  }
  interface FastifyRequest {
    currentUser: CurrentUser | null;
    sessionIdHash: string | null;
  }
}
