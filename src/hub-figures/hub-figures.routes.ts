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
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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

  /**
   * The period asked for in the query string — the form's day, month and year boxes, or
   * from=YYYY-MM-DD and to=YYYY-MM-DD in a link — or else the last 30 days.
   */
  function periodOf(request: FastifyRequest) {
    const query = request.query as Record<string, unknown>;
    const fallback = hubFigures.defaultPeriod();
    const values: Record<string, string> = {};
    const problems: FieldErrors = {};
    for (const [prefix, label, iso] of [
      ['from', 'The first day', fallback.from],
      ['to', 'The last day', fallback.to],
    ] as const) {
      const boxes = ['day', 'month', 'year'].map((part) => queryText(query, `${prefix}-${part}`));
      const linked = queryText(query, prefix);
      let parts: Record<string, string>;
      if (boxes.some((box) => box !== '')) parts = { day: boxes[0] ?? '', month: boxes[1] ?? '', year: boxes[2] ?? '' };
      else if (linked === '') parts = isoParts(iso);
      else if (ISO_DATE.test(linked)) parts = isoParts(linked);
      else {
        parts = { day: '', month: '', year: '' };
        problems[`${prefix}-day`] = `${label} must be a real date, like 1 10 2026`;
      }
      for (const part of ['day', 'month', 'year']) values[`${prefix}-${part}`] = parts[part] ?? '';
    }
    values.council = queryText(query, 'council') || 'all';
    const from = readDateInput(values, 'from', 'The first day');
    const to = readDateInput(values, 'to', 'The last day');
    if (from.problem) problems['from-day'] = from.problem;
    if (to.problem) problems['to-day'] = to.problem;
    const dateOf = (read: { value: string | null; problem?: string }, prefix: string) =>
      read.problem || problems[`${prefix}-day`] ? NOT_A_DATE : (read.value ?? '');
    return {
      values,
      problems,
      input: { from: dateOf(from, 'from'), to: dateOf(to, 'to'), council: values.council },
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
      if (csv) return reply.type('text/plain; charset=utf-8').send(`${Object.values(errors).join('. ')}.\n`);
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
