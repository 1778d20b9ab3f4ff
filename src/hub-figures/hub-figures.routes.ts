/**
 * The Hub's figures page and its CSV download.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readDateInput } from '../people/people.service.js';
import { ValidationError } from '../platform/http/errors.js';
import { errorSummary, type FieldErrors, queryText } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import type { HubFiguresService } from './hub-figures.service.js';

const NOT_A_DATE = 'not-a-date';

function isoParts(iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year ?? '' };
}

export function registerHubFiguresRoutes(
  app: FastifyInstance,
  { hubFigures, partnership, navigation }: { hubFigures: HubFiguresService; partnership: PartnershipService; navigation: Navigation },
): void {
  const figuresPermission = { config: { permission: 'hub:figures' as const } };
  navigation.add({ href: '/hub/figures', text: 'Hub figures', permission: 'hub:figures', order: 19 });

  /** The period asked for in the query string, or the last 30 days. */
  function periodOf(request: FastifyRequest) {
    const query = request.query as Record<string, unknown>;
    const fallback = hubFigures.defaultPeriod();
    const values: Record<string, string> = {};
    for (const [prefix, iso] of [
      ['from', fallback.from],
      ['to', fallback.to],
    ] as const) {
      const parts = isoParts(iso);
      for (const part of ['day', 'month', 'year']) {
        const given = queryText(query, `${prefix}-${part}`);
        values[`${prefix}-${part}`] = given !== '' || queryText(query, `${prefix}-day`) !== '' ? given : (parts[part] ?? '');
      }
    }
    values.council = queryText(query, 'council') || 'all';
    const problems: FieldErrors = {};
    const from = readDateInput(values, 'from', 'The first day');
    const to = readDateInput(values, 'to', 'The last day');
    if (from.problem) problems['from-day'] = from.problem;
    if (to.problem) problems['to-day'] = to.problem;
    return {
      values,
      problems,
      input: {
        from: from.problem ? NOT_A_DATE : (from.value ?? ''),
        to: to.problem ? NOT_A_DATE : (to.value ?? ''),
        council: values.council,
      },
    };
  }

  async function render(request: FastifyRequest, reply: FastifyReply, csv: boolean) {
    const { values, problems, input } = periodOf(request);
    const councils = await partnership.councils();
    const councilItems = [
      { value: 'all', text: 'All councils' },
      ...councils.map((council) => ({ value: council.id, text: council.name })),
    ];
    try {
      const figures = await hubFigures.figures(signedIn(request), input);
      if (csv) {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="hub-figures-${figures.from}-to-${figures.to}.csv"`)
          .send(hubFigures.toCsv(figures));
      }
      const csvQuery = new URLSearchParams(Object.entries(values)).toString();
      return reply.view('hub-figures/views/figures.njk', {
        pageTitle: 'Early Help Hub figures',
        figures,
        values,
        councilItems,
        csvLink: `/hub/figures.csv?${csvQuery}`,
        errors: [],
        fieldErrors: {},
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = { ...error.errors, ...problems };
      reply.code(400);
      if (csv) return reply.send({ error: Object.values(errors).join('. ') });
      return reply.view('hub-figures/views/figures.njk', {
        pageTitle: 'Early Help Hub figures',
        values,
        councilItems,
        errors: errorSummary(errors),
        fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
      });
    }
  }

  app.get('/hub/figures', figuresPermission, async (request, reply) => render(request, reply, false));
  app.get('/hub/figures.csv', figuresPermission, async (request, reply) => render(request, reply, true));
}
