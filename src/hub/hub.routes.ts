/**
 * The Early Help Hub's pages: the queue, a contact with what is already known, claiming and
 * assigning, linking the request to a family, and the decision with its corrections.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../platform/http/errors.js';
import { queryText, text, versionOf, withFieldErrors } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import { AGE_BANDS, NEXT_STEPS, REASONS, SOURCES } from '../front-door/front-door.model.js';
import type { DecisionInput, HubService } from './hub.service.js';

interface Deps {
  hub: HubService;
  navigation: Navigation;
}

const hubWork = { config: { permission: 'hub:work' as const } };

function decisionInput(body: unknown): DecisionInput {
  return {
    needLevelId: text(body, 'needLevelId'),
    reasons: text(body, 'reasons'),
    nextStep: text(body, 'nextStep'),
    advice: text(body, 'advice'),
    leadAgencyId: text(body, 'leadAgencyId'),
    teamId: text(body, 'teamId'),
    quadrantId: text(body, 'quadrantId'),
    stepUpReason: text(body, 'stepUpReason'),
    correctionReason: text(body, 'correctionReason'),
  };
}

export function registerHubRoutes(app: FastifyInstance, { hub, navigation }: Deps): void {
  navigation.add({ href: '/hub', text: 'Hub queue', permission: 'hub:work', order: 12 });

  app.get('/hub', hubWork, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const queue = await hub.queue(signedIn(request), {
      council: queryText(query, 'council'),
      quadrant: queryText(query, 'quadrant'),
      age: queryText(query, 'age'),
      source: queryText(query, 'source'),
      reason: queryText(query, 'reason'),
      status: queryText(query, 'status'),
      page: queryText(query, 'page'),
    });
    const params = new URLSearchParams(Object.entries(queue.filter).filter(([, value]) => value !== ''));
    return reply.view('hub/views/queue.njk', {
      pageTitle: 'Early Help Hub queue',
      ...queue,
      ageBands: AGE_BANDS,
      sources: SOURCES,
      reasons: REASONS,
      pageLink: (page: number) => `/hub?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page) }).toString()}`,
    });
  });

  async function showContact(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const { contactId } = request.params as { contactId: string };
    const user = signedIn(request);
    const view = await hub.contact(user, contactId);
    const [options, officers] = await Promise.all([
      hub.decisionOptions(view.contact.local_authority_id),
      hub.hubOfficers(view.contact.local_authority_id),
    ]);
    return reply.view('hub/views/contact.njk', {
      pageTitle: `Contact ${view.contact.reference}`,
      ...view,
      options,
      officers: officers.map((officer) => ({ value: officer.id, text: officer.display_name })),
      nextSteps: NEXT_STEPS,
      values: {},
      ...withFieldErrors({}),
      ...extra,
    });
  }

  app.get('/hub/contacts/:contactId', hubWork, async (request, reply) => showContact(request, reply));

  app.post('/hub/contacts/:contactId/claim', hubWork, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    const officerId = text(request.body, 'officerId');
    try {
      await hub.claim(signedIn(request), contactId, versionOf(request.body), officerId === '' ? undefined : officerId);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showContact(request, reply, withFieldErrors(error.errors));
    }
    reply.flash(officerId && officerId !== signedIn(request).id ? 'Contact assigned' : 'You have claimed this contact');
    return reply.redirect(`/hub/contacts/${contactId}`, 303);
  });

  app.post('/hub/contacts/:contactId/quadrant', hubWork, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    try {
      await hub.setQuadrant(signedIn(request), contactId, text(request.body, 'quadrantId'), versionOf(request.body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showContact(request, reply, withFieldErrors(error.errors));
    }
    reply.flash('Quadrant saved');
    return reply.redirect(`/hub/contacts/${contactId}`, 303);
  });

  app.post('/hub/contacts/:contactId/family', hubWork, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    try {
      await hub.linkFamily(signedIn(request), contactId, text(request.body, 'familyChoice'), versionOf(request.body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showContact(request, reply, withFieldErrors(error.errors));
    }
    reply.flash(
      text(request.body, 'familyChoice') === 'new' ? 'New family record opened from this request' : 'Request linked to the family’s record',
    );
    return reply.redirect(`/hub/contacts/${contactId}`, 303);
  });

  app.post('/hub/contacts/:contactId/decision', hubWork, async (request, reply) => {
    const { contactId } = request.params as { contactId: string };
    const input = decisionInput(request.body);
    try {
      await hub.decide(signedIn(request), contactId, input, versionOf(request.body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showContact(request, reply, { values: input, ...withFieldErrors(error.errors) });
    }
    reply.flash('Decision recorded. The referrer has been told the outcome');
    return reply.redirect(`/hub/contacts/${contactId}`, 303);
  });

  app.get('/hub/contacts/:contactId/decisions/:decisionId/correct', hubWork, async (request, reply) => {
    const { contactId, decisionId } = request.params as { contactId: string; decisionId: string };
    const view = await hub.contact(signedIn(request), contactId);
    const decision = view.decisions.find((item) => item.id === decisionId && !item.corrected);
    if (!decision) return reply.callNotFound();
    const options = await hub.decisionOptions(view.contact.local_authority_id);
    return reply.view('hub/views/correct.njk', {
      pageTitle: 'Correct the decision',
      ...view,
      decision,
      options,
      nextSteps: NEXT_STEPS,
      values: {
        needLevelId: decision.need_level_id,
        reasons: decision.reasons,
        nextStep: decision.next_step,
        advice: decision.advice ?? '',
        leadAgencyId: decision.lead_agency_id ?? '',
        teamId: decision.team_id ?? '',
        quadrantId: decision.quadrant_id ?? '',
        stepUpReason: decision.step_up_reason ?? '',
      },
      ...withFieldErrors({}),
    });
  });

  app.post('/hub/contacts/:contactId/decisions/:decisionId/correct', hubWork, async (request, reply) => {
    const { contactId, decisionId } = request.params as { contactId: string; decisionId: string };
    const input = decisionInput(request.body);
    try {
      await hub.correct(signedIn(request), contactId, decisionId, input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await hub.contact(signedIn(request), contactId);
      const decision = view.decisions.find((item) => item.id === decisionId);
      if (!decision) return reply.callNotFound();
      reply.code(400);
      return reply.view('hub/views/correct.njk', {
        pageTitle: 'Correct the decision',
        ...view,
        decision,
        options: await hub.decisionOptions(view.contact.local_authority_id),
        nextSteps: NEXT_STEPS,
        values: input,
        ...withFieldErrors(error.errors),
      });
    }
    reply.flash('Decision corrected. The referrer has been told');
    return reply.redirect(`/hub/contacts/${contactId}`, 303);
  });
}
