/**
 * The early help page of a family's record, naming or changing the Lead Professional, and a
 * practitioner's own families.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RestrictedRecordError, type FamiliesService } from '../families/families.service.js';
import { familyIdOf, renderFamilyPage, showRestricted } from '../families/family-record.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { text, versionOf, withFieldErrors, type FieldErrors } from '../platform/http/forms.js';
import { signedIn } from '../platform/http/signed-in.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { EpisodesService } from './episodes.service.js';

export function registerEpisodeRoutes(
  app: FastifyInstance,
  { episodes, families, navigation }: { episodes: EpisodesService; families: FamiliesService; navigation: Navigation },
): void {
  const work = { config: { permission: 'families:work' as const } };
  navigation.add({ href: '/my-families', text: 'My families', permission: 'families:work', order: 11 });
  navigation.add({ href: '/team-caseload', text: 'Team caseload', permission: 'allocation:manage', order: 12 });

  app.get('/families/:familyId/early-help', work, async (request, reply) =>
    renderFamilyPage(families, request, reply, {
      page: 'early-help',
      view: 'episodes/views/early-help.njk',
      title: 'Early help',
      read: async (trx, family) => ({ episodes: await episodes.episodes(trx, family.id) }),
    }),
  );

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    const { episodeId } = request.params as { episodeId: string };
    return renderFamilyPage(families, request, reply, {
      page: 'early-help',
      view: 'episodes/views/lead-professional.njk',
      title: 'Lead Professional',
      read: async (trx, family) => {
        const episode = (await episodes.episodes(trx, family.id)).find((item) => item.id === episodeId && item.status !== 'closed');
        if (!episode) throw new NotFoundError('Episode');
        const people = await episodes.possibleLeadProfessionals(trx, family.id);
        return {
          episode,
          people: people.map((person) => ({
            value: person.id,
            text: person.display_name,
            hint: `${person.job_title ?? 'Practitioner'}, ${person.agency_name}`,
          })),
          values,
          ...withFieldErrors(errors),
        };
      },
    });
  }

  app.get('/families/:familyId/early-help/:episodeId/lead-professional', work, async (request, reply) => showForm(request, reply, {}));

  app.post('/families/:familyId/early-help/:episodeId/lead-professional', work, async (request, reply) => {
    const { episodeId } = request.params as { episodeId: string };
    const values = { userId: text(request.body, 'userId'), handoverNote: text(request.body, 'handoverNote') };
    try {
      await episodes.changeLeadProfessional(signedIn(request), familyIdOf(request), episodeId, values, versionOf(request.body));
    } catch (error) {
      if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showForm(request, reply, values, error.errors);
    }
    reply.flash('Lead Professional saved. They have been told');
    return reply.redirect(`/families/${familyIdOf(request)}/early-help`, 303);
  });

  app.get('/team-caseload', { config: { permission: 'allocation:manage' } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const uuid = /^[0-9a-f-]{36}$/i;
    const page = Math.min(Math.max(Number.parseInt(query.page ?? '1', 10) || 1, 1), 10_000);
    const filter = {
      teamId: query.team && uuid.test(query.team) ? query.team : undefined,
      workerId: query.worker && uuid.test(query.worker) ? query.worker : undefined,
      overdueOnly: query.overdue === 'yes',
      page,
    };
    const caseload = await episodes.teamCaseload(signedIn(request), filter);
    const link = (changes: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      const values = {
        team: filter.teamId,
        worker: filter.workerId,
        overdue: filter.overdueOnly ? 'yes' : undefined,
        page: undefined,
        ...changes,
      };
      for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
      const text = params.toString();
      return text ? `/team-caseload?${text}` : '/team-caseload';
    };
    return reply.view('episodes/views/team-caseload.njk', {
      pageTitle: 'Team caseload',
      ...caseload,
      filter,
      teamItems: [
        { value: '', text: 'All your teams' },
        ...caseload.teams.map((team) => ({ value: team.id, text: team.name, selected: team.id === filter.teamId })),
      ],
      workerName: caseload.summaries.flatMap((team) => team.workers).find((worker) => worker.id === filter.workerId)?.name,
      links: {
        workerOf: (id: string) => link({ worker: id }),
        clearWorker: link({ worker: undefined }),
        previous: page > 1 ? link({ page: page - 1 }) : undefined,
        next: caseload.hasNext ? link({ page: page + 1 }) : undefined,
      },
    });
  });

  app.get('/my-families', work, async (request, reply) =>
    reply.view('episodes/views/my-families.njk', { pageTitle: 'My families', families: await episodes.myFamilies(signedIn(request)) }),
  );
}
