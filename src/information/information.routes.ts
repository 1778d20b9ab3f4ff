/**
 * The accessibility statement, privacy notice and cookies page linked from every page's footer.
 */
import type { FastifyInstance } from 'fastify';

const PAGES = [
  { path: '/accessibility', view: 'accessibility', pageTitle: 'Accessibility statement for TellOnce' },
  { path: '/privacy', view: 'privacy', pageTitle: 'Privacy notice' },
  { path: '/cookies', view: 'cookies', pageTitle: 'Cookies' },
] as const;

export function registerInformationPages(app: FastifyInstance): void {
  for (const { path, view, pageTitle } of PAGES) {
    app.get(path, { config: { permission: 'public' } }, async (_request, reply) => {
      return reply.view(`information/views/${view}.njk`, { pageTitle });
    });
  }
}
