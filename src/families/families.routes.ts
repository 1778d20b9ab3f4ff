/**
 * The family record: opening one, its overview, people, relationships and professional network,
 * and breaking the glass into a restricted record.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChronologyService } from '../chronology/chronology.service.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import type { PeopleService } from '../people/people.service.js';
import { RELATIONSHIPS } from '../people/people.codes.js';
import { ValidationError } from '../platform/http/errors.js';
import { formPageModel } from '../platform/http/form-spec.js';
import { errorSummary, text, type FieldErrors } from '../platform/http/forms.js';
import type { Navigation } from '../platform/views/navigation.js';
import { PROFESSIONAL_ROLES } from './families.model.js';
import { RestrictedRecordError, type FamiliesService } from './families.service.js';
import { familyIdOf, renderFamilyPage, showRestricted, signedIn, submitFamilyChange } from './family-record.js';

interface Deps {
  families: FamiliesService;
  people: PeopleService;
  consent: ConsentService;
  chronology: ChronologyService;
  partnership: PartnershipService;
  navigation: Navigation;
}

const work = { config: { permission: 'families:work' as const } };

export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object')
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) if (typeof value === 'string') values[key] = value.trim();
  return values;
}

export function registerFamiliesRoutes(
  app: FastifyInstance,
  { families, people, consent, chronology, partnership, navigation }: Deps,
): void {
  navigation.add({ href: '/people', text: 'Find a person', permission: 'families:work', order: 10 });

  // ——— Opening a family record ———

  async function showNewFamily(reply: FastifyReply, request: FastifyRequest, values: Record<string, string>, errors: FieldErrors = {}) {
    const councils = await partnership.councils();
    return reply.view(
      'platform/views/form-page.njk',
      formPageModel(
        {
          pageTitle: 'Open a family record',
          caption: 'Families',
          action: '/families',
          submitText: 'Open the record',
          cancelHref: '/people',
          fields: [
            {
              name: 'name',
              label: 'Family’s name',
              kind: 'text',
              hint: 'How practitioners will know the family, for example the Fenwick family',
            },
            {
              name: 'councilId',
              label: 'Council area the family lives in',
              kind: 'radios',
              options: councils.map((council) => ({ value: council.id, text: council.name })),
            },
          ],
          values: { councilId: signedIn(request).localAuthorityId, ...values },
        },
        errors,
      ),
    );
  }

  app.get('/families/new', work, async (request, reply) => showNewFamily(reply, request, { name: text(request.query, 'name') }));

  app.post('/families', work, async (request, reply) => {
    const values = formValues(request.body);
    try {
      const id = await families.createFamily(signedIn(request), values);
      reply.flash('Family record opened. Add the people in the family, then record their consent.');
      return reply.redirect(`/families/${id}/people/add`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showNewFamily(reply, request, values, error.errors);
    }
  });

  // ——— Overview and people ———

  app.get('/families/:familyId', work, async (request, reply) =>
    renderFamilyPage(families, request, reply, {
      page: 'overview',
      view: 'families/views/overview.njk',
      title: 'Overview',
      read: async (trx, family) => {
        const [members, network, consents, events] = await Promise.all([
          families.members(trx, family.id),
          families.network(trx, family.id),
          consent.history(trx, family.id),
          chronology.events(trx, family.id, {}),
        ]);
        return { members, network: network.filter((item) => item.current), consentInForce: consents[0], recentEvents: events.slice(0, 5) };
      },
    }),
  );

  app.get('/families/:familyId/people', work, async (request, reply) =>
    renderFamilyPage(families, request, reply, {
      page: 'people',
      view: 'families/views/people.njk',
      title: 'People',
      read: async (trx, family) => {
        const members = await families.members(trx, family.id);
        const [households, relationships] = await Promise.all([
          families.households(trx, family.id),
          families.relationships(trx, family.id, members),
        ]);
        return { members, households, relationships };
      },
    }),
  );

  // ——— Relationships ———

  async function showRelationshipForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) {
    return renderFamilyPage(families, request, reply, {
      page: 'people',
      view: 'families/views/relationship-form.njk',
      title: 'Record a relationship',
      read: async (trx, family) => ({
        members: (await families.members(trx, family.id)).map((member) => ({ value: member.id, text: member.name })),
        relationshipOptions: RELATIONSHIPS.map((item) => ({ value: item.value, text: item.text })),
        values,
        errors: errorSummary(errors),
        fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
      }),
    });
  }

  app.get('/families/:familyId/relationships/new', work, async (request, reply) => showRelationshipForm(request, reply, {}));
  app.post('/families/:familyId/relationships', work, async (request, reply) => {
    const values = formValues(request.body);
    return submitFamilyChange(families, request, reply, {
      change: () => families.addRelationship(signedIn(request), familyIdOf(request), values),
      success: 'Relationship recorded',
      redirectTo: `/families/${familyIdOf(request)}/people`,
      showForm: (errors) => showRelationshipForm(request, reply, values, errors),
    });
  });
  app.post('/families/:familyId/relationships/:relationshipId/remove', work, async (request, reply) => {
    const { relationshipId } = request.params as { relationshipId: string };
    return submitFamilyChange(families, request, reply, {
      change: () => families.removeRelationship(signedIn(request), familyIdOf(request), relationshipId),
      success: 'Relationship removed',
      redirectTo: `/families/${familyIdOf(request)}/people`,
      showForm: async () => reply.redirect(`/families/${familyIdOf(request)}/people`, 303),
    });
  });

  // ——— Adding a person: match before creating ———

  async function showAddPerson(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    return renderFamilyPage(families, request, reply, {
      page: 'people',
      view: 'families/views/add-person.njk',
      title: 'Add a person',
      read: async (trx, family) => ({
        households: await families.households(trx, family.id),
        sexOptions: people.sexOptions(),
        values,
        errors: errorSummary(errors),
        fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
      }),
    });
  }

  app.get('/families/:familyId/people/add', work, async (request, reply) => showAddPerson(request, reply, {}));

  app.post('/families/:familyId/people/add', work, async (request, reply) => {
    const values = formValues(request.body);
    const user = signedIn(request);
    try {
      // Check the person and where they live together, so that every problem is shown at once.
      const problems: FieldErrors = {};
      let facts: ReturnType<PeopleService['readNewPerson']> | undefined;
      try {
        facts = people.readNewPerson(values);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        Object.assign(problems, error.errors);
      }
      await families.open(user, familyIdOf(request), 'people', async (trx) =>
        families.placement(trx, familyIdOf(request), values).catch((error: unknown) => {
          if (!(error instanceof ValidationError)) throw error;
          Object.assign(problems, error.errors);
        }),
      );
      if (Object.keys(problems).length > 0 || !facts) throw new ValidationError(problems);
      const matches = await people.likelyMatches(user, facts);
      return renderFamilyPage(families, request, reply, {
        page: 'people',
        view: 'families/views/confirm-person.njk',
        title: matches.length > 0 ? 'Is this someone TellOnce already knows?' : 'Check before adding',
        read: () => Promise.resolve({ matches, values, facts }),
      });
    } catch (error) {
      if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showAddPerson(request, reply, values, error.errors);
    }
  });

  app.post('/families/:familyId/people/confirm', work, async (request, reply) => {
    const values = formValues(request.body);
    const user = signedIn(request);
    return submitFamilyChange(families, request, reply, {
      change: () => people.addToFamily(user, familyIdOf(request), values),
      success: 'Person added to the family',
      redirectTo: `/families/${familyIdOf(request)}/people`,
      showForm: (errors) => showAddPerson(request, reply, values, errors),
    });
  });

  // ——— The professional network ———

  app.get('/families/:familyId/network', work, async (request, reply) =>
    renderFamilyPage(families, request, reply, {
      page: 'network',
      view: 'families/views/network.njk',
      title: 'Network',
      read: async (trx, family) => ({ involvements: await families.network(trx, family.id) }),
    }),
  );

  async function showInvolvementForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) {
    const agencies = await partnership.agencies();
    return renderFamilyPage(families, request, reply, {
      page: 'network',
      view: 'families/views/involvement-form.njk',
      title: 'Add an agency or professional',
      read: async (trx, family) => ({
        members: (await families.members(trx, family.id)).map((member) => ({ value: member.id, text: member.name })),
        agencyOptions: agencies.map((agency) => ({ value: agency.id, text: agency.name })),
        roleOptions: PROFESSIONAL_ROLES.map((item) => ({ value: item.value, text: item.text })),
        values,
        errors: errorSummary(errors),
        fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
      }),
    });
  }

  app.get('/families/:familyId/network/add', work, async (request, reply) => showInvolvementForm(request, reply, {}));
  app.post('/families/:familyId/network', work, async (request, reply) => {
    const values = formValues(request.body);
    return submitFamilyChange(families, request, reply, {
      change: () => families.addInvolvement(signedIn(request), familyIdOf(request), values),
      success: 'Added to the family’s network',
      redirectTo: `/families/${familyIdOf(request)}/network`,
      showForm: (errors) => showInvolvementForm(request, reply, values, errors),
    });
  });
  app.post('/families/:familyId/network/:involvementId/end', work, async (request, reply) => {
    const { involvementId } = request.params as { involvementId: string };
    return submitFamilyChange(families, request, reply, {
      change: () => families.endInvolvement(signedIn(request), familyIdOf(request), involvementId),
      success: 'Involvement ended',
      redirectTo: `/families/${familyIdOf(request)}/network`,
      showForm: async () => reply.redirect(`/families/${familyIdOf(request)}/network`, 303),
    });
  });

  // ——— Breaking the glass ———

  app.post('/families/:familyId/break-glass', work, async (request, reply) => {
    const familyId = familyIdOf(request);
    try {
      await families.breakGlass(signedIn(request), familyId, text(request.body, 'reason'));
      return reply.redirect(`/families/${familyId}`, 303);
    } catch (error) {
      if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
      if (!(error instanceof ValidationError)) throw error;
      const access = await families.accessFor(families.database, signedIn(request), familyId);
      if (access.decision === 'allowed') return reply.redirect(`/families/${familyId}`, 303);
      reply.code(400);
      return showRestricted(families, request, reply, new RestrictedRecordError(familyId, access), error.errors);
    }
  });

  app.get('/break-glass', { config: { permission: 'break-glass:review' } }, async (request, reply) => {
    const grants = await families.breakGlassLog(signedIn(request));
    return reply.view('families/views/break-glass-log.njk', { pageTitle: 'Records opened by breaking the glass', grants });
  });
}
