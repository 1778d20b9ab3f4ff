/**
 * The partnership pages: everyone who works in it can see its shape; administrators change it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../platform/audit/actor.js';
import { ValidationError } from '../platform/http/errors.js';
import { formPageModel } from '../platform/http/form-spec.js';
import { queryText } from '../platform/http/forms.js';
import type { Navigation } from '../platform/views/navigation.js';
import { can } from '../platform/permissions/permissions.js';
import { AGENCY_KINDS } from './partnership.model.js';
import type { EditableForm, Input, PartnershipService } from './partnership.service.js';

interface Deps {
  partnership: PartnershipService;
  navigation: Navigation;
}

/** One part of the partnership that administrators create and change with a form. */
interface Editable {
  path: string;
  noun: string;
  form(id?: string, input?: Input): Promise<EditableForm>;
  save(actor: ReturnType<typeof actorOf>, id: string | null, input: Input): Promise<string>;
  /** Where to go after saving. */
  after(id: string): string;
}

function formInput(body: unknown): Input {
  const input: Input = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') input[key] = value.trim();
    }
  }
  return input;
}

function registerEditor(app: FastifyInstance, editable: Editable): void {
  const base = `/partnership/${editable.path}`;
  const manage = { config: { permission: 'partnership:manage' as const } };
  const article = /^[aeiou]/i.test(editable.noun) ? 'an' : 'a';
  const title = (id?: string) => (id ? `Change ${editable.noun}` : `Add ${article} ${editable.noun}`);

  async function show(reply: FastifyReply, id: string | undefined, input?: Input, errors?: Record<string, string>) {
    const form = await editable.form(id, input);
    return reply.view(
      'platform/views/form-page.njk',
      formPageModel(
        {
          pageTitle: title(id),
          caption: 'Partnership',
          action: id ? `${base}/${id}` : base,
          submitText: id ? 'Save changes' : `Add ${editable.noun}`,
          cancelHref: '/partnership',
          fields: form.fields,
          values: form.values,
          ...(form.version !== undefined ? { version: input?.version ? Number(input.version) : form.version } : {}),
        },
        errors,
      ),
    );
  }

  async function submit(request: FastifyRequest, reply: FastifyReply, id: string | null) {
    const input = formInput(request.body);
    try {
      const savedId = await editable.save(actorOf(request), id, input);
      reply.flash(
        id
          ? `${editable.noun[0]?.toUpperCase()}${editable.noun.slice(1)} saved`
          : `${editable.noun[0]?.toUpperCase()}${editable.noun.slice(1)} added`,
      );
      return reply.redirect(editable.after(savedId), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return show(reply, id ?? undefined, input, error.errors);
    }
  }

  app.get(`${base}/new`, manage, async (_request, reply) => show(reply, undefined));
  app.post(base, manage, async (request, reply) => submit(request, reply, null));
  app.get(`${base}/:id/edit`, manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    return show(reply, id);
  });
  app.post(`${base}/:id`, manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    return submit(request, reply, id);
  });
}

export function registerPartnershipRoutes(app: FastifyInstance, { partnership, navigation }: Deps): void {
  navigation.add({ href: '/partnership', text: 'Partnership', permission: 'partnership:view', order: 80 });

  app.get('/partnership', { config: { permission: 'partnership:view' } }, async (request, reply) => {
    const councils = await partnership.overview();
    return reply.view('partnership/views/overview.njk', {
      pageTitle: 'The partnership',
      councils,
      canManage: can(request.currentUser, 'partnership:manage'),
    });
  });

  app.get('/partnership/agencies', { config: { permission: 'partnership:view' } }, async (request, reply) => {
    const filter = {
      councilId: queryText(request.query, 'council'),
      kind: queryText(request.query, 'kind'),
      name: queryText(request.query, 'name'),
    };
    const [agencies, councils] = await Promise.all([
      partnership.agencies({
        councilId: /^[0-9a-f-]{36}$/i.test(filter.councilId) ? filter.councilId : undefined,
        kind: AGENCY_KINDS.some((kind) => kind.value === filter.kind) ? filter.kind : undefined,
        name: filter.name.slice(0, 100) || undefined,
      }),
      partnership.councils(),
    ]);
    return reply.view('partnership/views/agencies.njk', {
      pageTitle: 'Agencies',
      agencies,
      filter,
      councilOptions: councils.map((council) => ({ value: council.id, text: council.name })),
      kindOptions: AGENCY_KINDS,
      canManage: can(request.currentUser, 'partnership:manage'),
    });
  });

  registerEditor(app, {
    path: 'councils',
    noun: 'council',
    form: (id, input) => partnership.councilForm(id, input),
    save: (actor, id, input) => partnership.saveCouncil(actor, id, input),
    after: (id) => `/partnership#council-${id}`,
  });
  registerEditor(app, {
    path: 'quadrants',
    noun: 'quadrant',
    form: (id, input) => partnership.quadrantForm(id, input),
    save: (actor, id, input) => partnership.saveQuadrant(actor, id, input),
    after: (id) => `/partnership#quadrant-${id}`,
  });
  registerEditor(app, {
    path: 'districts',
    noun: 'district',
    form: (id, input) => partnership.districtForm(id, input),
    save: (actor, id, input) => partnership.saveDistrict(actor, id, input),
    after: () => '/partnership',
  });
  registerEditor(app, {
    path: 'teams',
    noun: 'team',
    form: (id, input) => partnership.teamForm(id, input),
    save: (actor, id, input) => partnership.saveTeam(actor, id, input),
    after: (id) => `/partnership#team-${id}`,
  });
  registerEditor(app, {
    path: 'levels-of-need',
    noun: 'level of need',
    form: (id, input) => partnership.needLevelForm(id, input),
    save: (actor, id, input) => partnership.saveNeedLevel(actor, id, input),
    after: (id) => `/partnership#level-${id}`,
  });
  registerEditor(app, {
    path: 'agencies',
    noun: 'agency',
    form: (id, input) => partnership.agencyForm(id, input),
    save: (actor, id, input) => partnership.saveAgency(actor, id, input),
    after: () => '/partnership/agencies',
  });
}
