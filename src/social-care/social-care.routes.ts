/**
 * Children's social care's inbox of safeguarding contacts and step-ups.
 */
import type { FastifyInstance } from 'fastify';
import { versionOf } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { SocialCareService } from './social-care.service.js';

export function registerSocialCareRoutes(
  app: FastifyInstance,
  { socialCare, navigation }: { socialCare: SocialCareService; navigation: Navigation },
): void {
  const receive = { config: { permission: 'social-care:receive' as const } };
  navigation.add({ href: '/social-care', text: 'Safeguarding contacts', permission: 'social-care:receive', order: 14 });

  app.get('/social-care', receive, async (request, reply) => {
    const inbox = await socialCare.inbox(signedIn(request));
    return reply.view('social-care/views/inbox.njk', { pageTitle: 'Safeguarding contacts and step-ups', ...inbox });
  });

  app.get('/social-care/contacts/:contactId', receive, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    const view = await socialCare.contact(signedIn(request), contactId);
    return reply.view('social-care/views/contact.njk', { pageTitle: `Safeguarding contact ${view.contact.reference}`, ...view });
  });

  app.post('/social-care/contacts/:contactId/received', receive, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    await socialCare.markReceived(signedIn(request), contactId, versionOf(request.body));
    reply.flash('Marked as received. The referrer has been told');
    return reply.redirect(`/social-care/contacts/${contactId}`, 303);
  });
}
