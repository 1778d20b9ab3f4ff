/**
 * Deny by default. Every route declares the permission it needs in its config; the application
 * refuses to start while any route has none. Each request is then checked against the signed-in
 * person's role before its handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { can, isPermission } from '../permissions/permissions.js';

export class RouteWithoutPermissionError extends Error {
  constructor(routes: string[]) {
    super(`Every route must declare the permission it needs. These declare none: ${routes.join(', ')}`);
    this.name = 'RouteWithoutPermissionError';
  }
}

/** Collects every route as it is added, and checks them all once the application is assembled. */
export function requirePermissionOnEveryRoute(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', (done) => {
    const missing = routes
      .filter((route) => !isPermission(route.config?.permission))
      .map((route) => `${String(route.method)} ${route.url}`);
    done(missing.length > 0 ? new RouteWithoutPermissionError(missing) : undefined);
  });
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

/** Checks the route's permission against the signed-in person. Runs after the session is read. */
export async function checkPermission(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.is404) return;
  const permission = request.routeOptions.config.permission;
  if (!isPermission(permission)) {
    // Unreachable while requirePermissionOnEveryRoute is installed; refuse rather than assume.
    return reply.code(403).send({ error: 'This route declares no permission' });
  }
  if (can(request.currentUser, permission)) return;
  if (request.currentUser === null) {
    if (request.method === 'GET' && wantsHtml(request)) {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
    }
    if (request.method === 'GET') return reply.redirect('/sign-in');
    return reply.code(401).send({ error: 'Sign in to use this' });
  }
  request.log.info({ permission, route: request.routeOptions.url }, 'permission refused');
  reply.code(403);
  if (request.url.startsWith('/api/')) return reply.send({ error: 'You do not have access to this' });
  return reply.view('platform/views/no-access.njk', { pageTitle: 'You do not have access to this page' });
}
