/**
 * Finding people, a person's own record, and the Hub's duplicate review and merging.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RestrictedRecordError, type FamiliesService } from '../families/families.service.js';
import { formValues } from '../families/families.routes.js';
import { showRestricted, signedIn } from '../families/family-record.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { ValidationError } from '../platform/http/errors.js';
import { errorSummary, queryText, text, type FieldErrors } from '../platform/http/forms.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { PeopleService } from './people.service.js';

interface Deps {
  people: PeopleService;
  families: FamiliesService;
  partnership: PartnershipService;
  navigation: Navigation;
}

const work = { config: { permission: 'families:work' as const } };
const merge = { config: { permission: 'people:merge' as const } };

function personIdOf(request: FastifyRequest): string {
  return (request.params as { personId: string }).personId;
}

function withErrors(errors: FieldErrors) {
  return {
    errors: errorSummary(errors),
    fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
  };
}

/** Form values where a field may repeat (checkboxes). */
function repeatedValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  if (body && typeof body === 'object')
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') values[key] = value.trim();
      else if (Array.isArray(value)) values[key] = value.filter((item): item is string => typeof item === 'string');
    }
  return values;
}

export function registerPeopleRoutes(app: FastifyInstance, { people, families, partnership, navigation }: Deps): void {
  navigation.add({ href: '/people/duplicates', text: 'Duplicates', permission: 'people:merge', order: 70 });

  app.get('/people', work, async (request, reply) => {
    const user = signedIn(request);
    const query = queryText(request.query, 'q').slice(0, 200);
    const childrenOnly = queryText(request.query, 'children') === 'yes';
    const councilId = queryText(request.query, 'council');
    const councils = await partnership.councils();
    const result =
      query === ''
        ? undefined
        : await people.find(user, query, {
            childrenOnly,
            councilId: councils.some((council) => council.id === councilId) ? councilId : undefined,
          });
    return reply.view('people/views/search.njk', {
      pageTitle: query ? `Find a person: ${query}` : 'Find a person',
      query,
      childrenOnly,
      councilId,
      councilOptions: councils.map((council) => ({ value: council.id, text: council.name })),
      result,
    });
  });

  async function withPerson(request: FastifyRequest, reply: FastifyReply, render: () => Promise<unknown>) {
    try {
      return await render();
    } catch (error) {
      if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
      throw error;
    }
  }

  app.get('/people/:personId', work, async (request, reply) =>
    withPerson(request, reply, async () => {
      const person = await people.open(signedIn(request), personIdOf(request));
      return reply.view('people/views/person.njk', { pageTitle: person.name, person });
    }),
  );

  async function showEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string | string[]>,
    errors: FieldErrors = {},
  ) {
    return withPerson(request, reply, async () => {
      const person = await people.open(signedIn(request), personIdOf(request));
      const options = await people.editOptions();
      return reply.view('people/views/edit.njk', {
        pageTitle: `Change ${person.name}’s details`,
        person,
        values: values ?? people.editValues(person),
        ...options,
        ...withErrors(errors),
      });
    });
  }

  app.get('/people/:personId/edit', work, async (request, reply) => showEdit(request, reply));
  app.post('/people/:personId', work, async (request, reply) => {
    const values = repeatedValues(request.body);
    return withPerson(request, reply, async () => {
      try {
        await people.update(signedIn(request), personIdOf(request), values);
        reply.flash('Details saved');
        return reply.redirect(`/people/${personIdOf(request)}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        reply.code(400);
        return showEdit(request, reply, values, error.errors);
      }
    });
  });

  for (const [path, view, title, save, success] of [
    [
      'names',
      'people/views/add-name.njk',
      'Add a previous name or alias',
      (r: FastifyRequest, v: Record<string, string>) => people.addName(signedIn(r), personIdOf(r), v),
      'Name added',
    ],
    [
      'addresses',
      'people/views/add-address.njk',
      'Record a new address',
      (r: FastifyRequest, v: Record<string, string>) => people.addAddress(signedIn(r), personIdOf(r), v),
      'Address recorded',
    ],
  ] as const) {
    const show = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) =>
      withPerson(request, reply, async () => {
        const person = await people.open(signedIn(request), personIdOf(request));
        return reply.view(view, { pageTitle: `${title} for ${person.name}`, person, values, ...withErrors(errors) });
      });
    app.get(`/people/:personId/${path}/add`, work, async (request, reply) => show(request, reply, {}));
    app.post(`/people/:personId/${path}`, work, async (request, reply) => {
      const values = formValues(request.body);
      return withPerson(request, reply, async () => {
        try {
          await save(request, values);
          reply.flash(success);
          return reply.redirect(`/people/${personIdOf(request)}`, 303);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          reply.code(400);
          return show(request, reply, values, error.errors);
        }
      });
    });
  }

  // ——— Duplicates and merging ———

  app.get('/people/duplicates', merge, async (request, reply) => {
    const pairs = await people.duplicatePairs(signedIn(request));
    return reply.view('people/views/duplicates.njk', { pageTitle: 'Possible duplicate people', pairs });
  });

  app.post('/people/duplicates/not-the-same', merge, async (request, reply) => {
    await people.markNotDuplicate(signedIn(request), text(request.body, 'personId'), text(request.body, 'otherPersonId'));
    reply.flash('Marked as different people. They will not be suggested again.');
    return reply.redirect('/people/duplicates', 303);
  });

  async function showMerge(
    request: FastifyRequest,
    reply: FastifyReply,
    keep: string,
    other: string,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
  ) {
    const preview = await people.mergePreview(signedIn(request), keep, other);
    return reply.view('people/views/merge.njk', {
      pageTitle: 'Merge two records of the same person',
      ...preview,
      values,
      ...withErrors(errors),
    });
  }

  app.get('/people/merge', merge, async (request, reply) =>
    showMerge(request, reply, queryText(request.query, 'keep'), queryText(request.query, 'merge')),
  );

  app.post('/people/merge', merge, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await people.merge(signedIn(request), values.keep ?? '', values.merge ?? '', values.reason ?? '');
      reply.flash('Records merged. You can undo the merge here.');
      return reply.redirect('/people/merges', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showMerge(request, reply, values.keep ?? '', values.merge ?? '', values, error.errors);
    }
  });

  app.get('/people/merges', merge, async (request, reply) => {
    const merges = await people.merges(signedIn(request));
    return reply.view('people/views/merges.njk', { pageTitle: 'Merge history', merges });
  });

  app.post('/people/merges/:mergeId/undo', merge, async (request, reply) => {
    const { mergeId } = request.params as { mergeId: string };
    await people.undoMerge(signedIn(request), mergeId);
    reply.flash('Merge undone: both records are back as they were');
    return reply.redirect('/people/merges', 303);
  });
}
