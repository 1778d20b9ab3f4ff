/**
 * Quality dip sampling's pages: the samples, drawing one, a sample's decisions, judging one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readDateInput } from '../people/people.service.js';
import { ValidationError } from '../platform/http/errors.js';
import { type FieldErrors, text, versionOf, withFieldErrors } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { HubQualityService } from './hub-quality.service.js';

const NOT_A_DATE = 'not-a-date';

export function registerHubQualityRoutes(
  app: FastifyInstance,
  { hubQuality, navigation }: { hubQuality: HubQualityService; navigation: Navigation },
): void {
  const quality = { config: { permission: 'hub:quality' as const } };
  navigation.add({ href: '/hub/quality', text: 'Quality', permission: 'hub:quality', order: 18 });

  app.get('/hub/quality', quality, async (request, reply) => {
    const view = await hubQuality.samples(signedIn(request));
    return reply.view('hub-quality/views/samples.njk', { pageTitle: 'Quality dip samples', ...view });
  });

  const showDraw = (reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) =>
    reply.view('hub-quality/views/draw.njk', { pageTitle: 'Draw a sample', values, ...withFieldErrors(errors) });

  app.get('/hub/quality/new', quality, async (_request, reply) => showDraw(reply, { percentage: '10' }));

  app.post('/hub/quality/new', quality, async (request, reply) => {
    const fields = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'percentage'];
    const values = Object.fromEntries(fields.map((field) => [field, text(request.body, field)]));
    const from = readDateInput(values, 'from', 'The first day');
    const to = readDateInput(values, 'to', 'The last day');
    const problems: FieldErrors = {};
    if (from.problem) problems['from-day'] = from.problem;
    if (to.problem) problems['to-day'] = to.problem;
    try {
      const id = await hubQuality.draw(signedIn(request), {
        from: from.problem ? NOT_A_DATE : (from.value ?? ''),
        to: to.problem ? NOT_A_DATE : (to.value ?? ''),
        percentage: values.percentage ?? '',
      });
      reply.flash('Sample drawn');
      return reply.redirect(`/hub/quality/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showDraw(reply, values, { ...error.errors, ...problems });
    }
  });

  app.get('/hub/quality/:sampleId', quality, async (request, reply) => {
    const { sampleId } = request.params as { sampleId: string };
    const view = await hubQuality.sample(signedIn(request), sampleId);
    return reply.view('hub-quality/views/sample.njk', { pageTitle: 'Quality dip sample', ...view });
  });

  async function showItem(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    const { sampleId, itemId } = request.params as { sampleId: string; itemId: string };
    const view = await hubQuality.item(signedIn(request), sampleId, itemId);
    return reply.view('hub-quality/views/judge.njk', {
      pageTitle: `Judge the decision on ${view.item.reference}`,
      ...view,
      values,
      ...withFieldErrors(errors),
    });
  }

  app.get('/hub/quality/:sampleId/items/:itemId', quality, async (request, reply) => showItem(request, reply, {}));

  app.post('/hub/quality/:sampleId/items/:itemId', quality, async (request, reply) => {
    const { sampleId, itemId } = request.params as { sampleId: string; itemId: string };
    const values = { judgement: text(request.body, 'judgement'), learning: text(request.body, 'learning') };
    try {
      await hubQuality.judge(signedIn(request), sampleId, itemId, values, versionOf(request.body));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showItem(request, reply, values, error.errors);
    }
    reply.flash('Judgement recorded');
    return reply.redirect(`/hub/quality/${sampleId}`, 303);
  });
}
