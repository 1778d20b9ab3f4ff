/**
 * The advice line's pages: the council's calls, logging a call, and a call with its follow-up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { readDateInput } from '../people/people.service.js';
import { ValidationError } from '../platform/http/errors.js';
import { type FieldErrors, queryText, text, versionOf, withFieldErrors } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import { ukDate } from '../front-door/working-time.js';
import type { AdviceLineService } from './advice-line.service.js';

const NOT_A_DATE = 'not-a-date';
const FIELDS = [
  'callerName',
  'callerAgencyId',
  'callerRole',
  'calledOn-day',
  'calledOn-month',
  'calledOn-year',
  'calledAtTime',
  'familyReference',
  'question',
  'advice',
  'followUp',
  'followUpBy-day',
  'followUpBy-month',
  'followUpBy-year',
];

export function registerAdviceLineRoutes(
  app: FastifyInstance,
  {
    adviceLine,
    partnership,
    navigation,
    now,
  }: { adviceLine: AdviceLineService; partnership: PartnershipService; navigation: Navigation; now: () => Date },
): void {
  const hubWork = { config: { permission: 'hub:work' as const } };
  navigation.add({ href: '/advice-line', text: 'Advice line', permission: 'hub:work', order: 13 });

  app.get('/advice-line', hubWork, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const outstanding = queryText(query, 'followUp') === 'outstanding';
    const page = Math.max(1, Number.parseInt(queryText(query, 'page'), 10) || 1);
    const calls = await adviceLine.calls(signedIn(request), outstanding, page);
    return reply.view('advice-line/views/calls.njk', {
      pageTitle: 'Advice line',
      ...calls,
      outstanding,
      pageLink: (to: number) =>
        `/advice-line?${new URLSearchParams({ ...(outstanding ? { followUp: 'outstanding' } : {}), page: String(to) }).toString()}`,
    });
  });

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    const agencies = await partnership.agencies();
    return reply.view('advice-line/views/log-call.njk', {
      pageTitle: 'Log a call',
      values,
      agencies: agencies.map((agency) => ({ value: agency.id, text: agency.name })),
      ...withFieldErrors(errors),
    });
  }

  app.get('/advice-line/new', hubWork, async (request, reply) => {
    const current = now();
    const [year, month, day] = ukDate(current).split('-');
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(current);
    return showForm(request, reply, {
      'calledOn-day': String(Number(day)),
      'calledOn-month': String(Number(month)),
      'calledOn-year': year ?? '',
      calledAtTime: time,
    });
  });

  app.post('/advice-line/new', hubWork, async (request, reply) => {
    const values = Object.fromEntries(FIELDS.map((field) => [field, text(request.body, field)]));
    const problems: FieldErrors = {};
    const calledOn = readDateInput(values, 'calledOn', 'The date of the call');
    if (calledOn.problem) problems['calledOn-day'] = calledOn.problem;
    const followUpBy = readDateInput(values, 'followUpBy', 'The follow-up date');
    if (followUpBy.problem) problems['followUpBy-day'] = followUpBy.problem;
    try {
      const id = await adviceLine.log(signedIn(request), {
        callerName: values.callerName ?? '',
        callerAgencyId: values.callerAgencyId ?? '',
        callerRole: values.callerRole ?? '',
        calledOn: calledOn.problem ? NOT_A_DATE : (calledOn.value ?? ''),
        calledAtTime: values.calledAtTime ?? '',
        familyReference: values.familyReference ?? '',
        question: values.question ?? '',
        advice: values.advice ?? '',
        followUp: values.followUp ?? '',
        followUpBy: followUpBy.problem ? NOT_A_DATE : (followUpBy.value ?? ''),
      });
      reply.flash('Call logged');
      return reply.redirect(`/advice-line/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showForm(request, reply, values, { ...error.errors, ...problems });
    }
  });

  app.get('/advice-line/:callId', hubWork, async (request, reply) => {
    const { callId } = request.params as { callId: string };
    const call = await adviceLine.call(signedIn(request), callId);
    return reply.view('advice-line/views/call.njk', { pageTitle: `Call from ${call.caller_name}`, call });
  });

  app.post('/advice-line/:callId/follow-up-done', hubWork, async (request, reply) => {
    const { callId } = request.params as { callId: string };
    await adviceLine.followUpDone(signedIn(request), callId, versionOf(request.body));
    reply.flash('Follow-up marked as done');
    return reply.redirect(`/advice-line/${callId}`, 303);
  });
}
