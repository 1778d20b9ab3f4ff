/**
 * Allocation's pages: a manager's teams with the families waiting for a worker and each worker's
 * caseload; allocating a worker; and the multi-agency panel's and quadrant forums' lists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../platform/http/errors.js';
import { type FieldErrors, text, versionOf, withFieldErrors } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { AllocationService } from './allocation.service.js';

interface Deps {
  allocation: AllocationService;
  navigation: Navigation;
}

export function registerAllocationRoutes(app: FastifyInstance, { allocation, navigation }: Deps): void {
  const allocate = { config: { permission: 'allocation:manage' as const } };
  const panels = { config: { permission: 'panels:view' as const } };
  navigation.add({ href: '/allocation', text: 'Allocation', permission: 'allocation:manage', order: 16 });
  navigation.add({ href: '/panels', text: 'Panels and forums', permission: 'panels:view', order: 17 });

  app.get('/allocation', allocate, async (request, reply) => {
    const overview = await allocation.overview(signedIn(request));
    return reply.view('allocation/views/allocation.njk', { pageTitle: 'Allocation', ...overview });
  });

  async function showEpisode(request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, values: Record<string, string> = {}) {
    const { episodeId } = request.params as { episodeId: string };
    const view = await allocation.episode(signedIn(request), episodeId);
    return reply.view('allocation/views/allocate.njk', {
      pageTitle: `Allocate a worker to ${view.episode.family_name}`,
      ...view,
      values,
      ...withFieldErrors(errors),
    });
  }

  app.get('/allocation/:episodeId', allocate, async (request, reply) => showEpisode(request, reply));

  app.post('/allocation/:episodeId', allocate, async (request, reply) => {
    const { episodeId } = request.params as { episodeId: string };
    const workerId = text(request.body, 'workerId');
    try {
      await allocation.allocate(signedIn(request), episodeId, workerId, versionOf(request.body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showEpisode(request, reply, error.errors, { workerId });
    }
    reply.flash('Worker allocated. They have been told');
    return reply.redirect('/allocation', 303);
  });

  async function showPanels(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors = {},
    failedCase = '',
    values: Record<string, string> = {},
  ) {
    const view = await allocation.panels(signedIn(request));
    return reply.view('allocation/views/panels.njk', {
      pageTitle: 'Panels and forums',
      ...view,
      failedCase,
      values,
      canRecord: signedIn(request).role === 'panel_coordinator' || signedIn(request).role === 'head_of_service',
      ...withFieldErrors(errors),
    });
  }

  app.get('/panels', panels, async (request, reply) => showPanels(request, reply));

  app.post('/panels/:caseId', { config: { permission: 'allocation:manage' as const } }, async (request, reply) => {
    const { caseId } = request.params as { caseId: string };
    const values = { outcome: text(request.body, 'outcome'), teamId: text(request.body, 'teamId') };
    try {
      await allocation.hear(signedIn(request), caseId, values, versionOf(request.body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      const prefixed = Object.fromEntries(Object.entries(error.errors).map(([key, message]) => [`${key}-${caseId}`, message]));
      return showPanels(request, reply, prefixed, caseId, values);
    }
    reply.flash('Panel decision recorded');
    return reply.redirect('/panels', 303);
  });
}
