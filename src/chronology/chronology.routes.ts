/**
 * A family's chronology — what happened, when, across agencies, with filters that work without
 * JavaScript — and its case notes, with whether the child was seen (and seen alone) and their own words.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formValues } from '../families/families.routes.js';
import { actorFor, todayIso, type FamiliesService } from '../families/families.service.js';
import { familyIdOf, renderFamilyPage, signedIn, submitFamilyChange } from '../families/family-record.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { isoToText, readDateInput } from '../people/people.service.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ValidationError } from '../platform/http/errors.js';
import { errorSummary, queryText, type FieldErrors } from '../platform/http/forms.js';
import { EVENT_CATEGORIES, NOTE_CATEGORIES, SIGNIFICANCE, textOf } from './chronology.model.js';
import type { EventFilter } from './chronology.repository.js';
import type { ChronologyService } from './chronology.service.js';

interface Deps {
  families: FamiliesService;
  chronology: ChronologyService;
  partnership: PartnershipService;
  audit: AuditService;
}

const work = { config: { permission: 'families:work' as const } };

/** Stands in for a date the person typed that is not a real date, so that the service refuses it too. */
const NOT_A_DATE = 'not-a-date';

/** The chronology's filters, as they appear in its address. */
const FILTER_FIELDS = [
  'personId',
  'agencyId',
  'significance',
  'category',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
] as const;

const PRACTITIONER_CATEGORIES = EVENT_CATEGORIES.filter((item) => item.value !== 'record');

function withErrors(errors: FieldErrors) {
  return {
    errors: errorSummary(errors),
    fieldErrors: Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, { text: message }])),
  };
}

/** Shows the form's own date problems in place of the service's more general messages. */
async function withDateProblems(problems: FieldErrors, change: () => Promise<unknown>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if (error instanceof ValidationError && Object.keys(problems).length > 0) throw new ValidationError({ ...error.errors, ...problems });
    throw error;
  }
}

/** Reads the date the person typed as `occurredOn`, with its problem if it is not a real date. */
function readOccurredOn(values: Record<string, string>, label: string): { input: Record<string, string>; problems: FieldErrors } {
  const date = readDateInput(values, 'occurredOn', label);
  return {
    input: { ...values, occurredOn: date.problem ? NOT_A_DATE : (date.value ?? '') },
    problems: date.problem ? { 'occurredOn-day': date.problem } : {},
  };
}

/** A note's text as paragraphs (split on blank lines) of lines, for the template to escape and join. */
function paragraphs(text: string | null): string[][] {
  if (!text) return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line.trim() !== ''),
    )
    .filter((lines) => lines.length > 0);
}

export function registerChronologyRoutes(app: FastifyInstance, { families, chronology, partnership, audit }: Deps): void {
  // ——— The chronology ———

  app.get('/families/:familyId/chronology', work, async (request, reply) => {
    const familyId = familyIdOf(request);
    const values: Record<string, string> = Object.fromEntries(
      FILTER_FIELDS.map((field) => [field, queryText(request.query, field).slice(0, 100)]),
    );
    const errors: FieldErrors = {};
    const from = readDateInput(values, 'from', 'The date to show events from');
    if (from.problem) errors['from-day'] = from.problem;
    const to = readDateInput(values, 'to', 'The date to show events to');
    if (to.problem) errors['to-day'] = to.problem;
    else if (from.value && to.value && to.value < from.value)
      errors['to-day'] = 'The date to show events to must be the same as or after the date to show them from';
    const agencies = await partnership.agencies();
    const agency = agencies.find((item) => item.id === values.agencyId);
    const significance = SIGNIFICANCE.find((item) => item.value === values.significance);
    const category = EVENT_CATEGORIES.find((item) => item.value === values.category);
    const fromOn = errors['from-day'] ? undefined : (from.value ?? undefined);
    const toOn = errors['to-day'] ? undefined : (to.value ?? undefined);
    if (Object.keys(errors).length > 0) reply.code(400);

    const base = `/families/${familyId}/chronology`;
    const hrefWithout = (...fields: string[]) => {
      const query = new URLSearchParams();
      for (const field of FILTER_FIELDS) if (values[field] && !fields.includes(field)) query.append(field, values[field]);
      const search = query.toString();
      return search ? `${base}?${search}` : base;
    };

    return renderFamilyPage(families, request, reply, {
      page: 'chronology',
      view: 'chronology/views/chronology.njk',
      title: 'Chronology',
      read: async (trx, family) => {
        const members = await families.members(trx, family.id);
        const person = members.find((member) => member.id === values.personId);
        const filter: EventFilter = {
          personId: person?.id,
          agencyId: agency?.id,
          significance: significance?.value,
          category: category?.value,
          from: fromOn,
          to: toOn,
        };
        const events = await chronology.events(trx, family.id, filter);
        const categories = [
          person && { heading: { text: 'Person' }, items: [{ text: person.name, href: hrefWithout('personId') }] },
          agency && { heading: { text: 'Agency' }, items: [{ text: agency.name, href: hrefWithout('agencyId') }] },
          significance && { heading: { text: 'Significance' }, items: [{ text: significance.text, href: hrefWithout('significance') }] },
          category && { heading: { text: 'Category' }, items: [{ text: category.text, href: hrefWithout('category') }] },
          (fromOn || toOn) && {
            heading: { text: 'Dates' },
            items: [
              ...(fromOn
                ? [{ text: `From ${isoToText(fromOn) ?? fromOn}`, href: hrefWithout('from-day', 'from-month', 'from-year') }]
                : []),
              ...(toOn ? [{ text: `To ${isoToText(toOn) ?? toOn}`, href: hrefWithout('to-day', 'to-month', 'to-year') }] : []),
            ],
          },
        ].filter(Boolean);
        return {
          events,
          values,
          filtered: FILTER_FIELDS.some((field) => values[field] !== ''),
          selectedCategories: categories,
          clearHref: base,
          memberOptions: members.map((member) => ({ value: member.id, text: member.name })),
          agencyOptions: agencies.map((item) => ({ value: item.id, text: item.name })),
          significanceOptions: SIGNIFICANCE.map((item) => ({ value: item.value, text: item.text })),
          categoryOptions: EVENT_CATEGORIES.map((item) => ({ value: item.value, text: item.text })),
          ...withErrors(errors),
        };
      },
    });
  });

  // ——— Adding an event ———

  async function showEventForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    return renderFamilyPage(families, request, reply, {
      page: 'chronology',
      view: 'chronology/views/event-form.njk',
      title: 'Add an event',
      read: async (trx, family) => ({
        members: (await families.members(trx, family.id)).map((member) => ({ value: member.id, text: member.name })),
        significanceOptions: SIGNIFICANCE.map((item) => ({ value: item.value, text: item.text, hint: item.hint })),
        categoryOptions: PRACTITIONER_CATEGORIES.map((item) => ({ value: item.value, text: item.text, hint: item.hint })),
        values,
        ...withErrors(errors),
      }),
    });
  }

  app.get('/families/:familyId/chronology/add', work, async (request, reply) => showEventForm(request, reply, {}));

  app.post('/families/:familyId/chronology', work, async (request, reply) => {
    const values = formValues(request.body);
    const user = signedIn(request);
    const familyId = familyIdOf(request);
    const { input, problems } = readOccurredOn(values, 'The date it happened');
    return submitFamilyChange(families, request, reply, {
      change: () =>
        withDateProblems(problems, () =>
          families.change(user, familyId, async (trx) => {
            const members = await families.members(trx, familyId);
            const event = chronology.validateEvent(
              input,
              members.map((member) => member.id),
              todayIso(new Date()),
            );
            await chronology.record(trx, { ...event, familyId, sourceAgencyId: user.agencyId, recordedByUserId: user.id });
            await audit.record(trx, actorFor(user), {
              action: 'chronology event added',
              recordType: 'family',
              recordId: familyId,
              detail: { significance: event.significance, category: event.category },
            });
          }),
        ),
      success: 'Event added to the chronology',
      redirectTo: `/families/${familyId}/chronology`,
      showForm: (errors) => showEventForm(request, reply, values, errors),
    });
  });

  // ——— Case notes ———

  app.get('/families/:familyId/notes', work, async (request, reply) =>
    renderFamilyPage(families, request, reply, {
      page: 'notes',
      view: 'chronology/views/notes.njk',
      title: 'Notes',
      read: async (trx, family) => ({
        notes: (await chronology.notes(trx, family.id)).map((note) => ({
          ...note,
          paragraphs: paragraphs(note.note),
          childWordParagraphs: paragraphs(note.childWords),
        })),
      }),
    }),
  );

  async function showNoteForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors = {}) {
    return renderFamilyPage(families, request, reply, {
      page: 'notes',
      view: 'chronology/views/note-form.njk',
      title: 'Add a case note',
      read: async (trx, family) => ({
        members: (await families.members(trx, family.id)).map((member) => ({ value: member.id, text: member.name })),
        categoryOptions: NOTE_CATEGORIES.map((item) => ({ value: item.value, text: item.text })),
        values,
        ...withErrors(errors),
      }),
    });
  }

  app.get('/families/:familyId/notes/add', work, async (request, reply) => showNoteForm(request, reply, {}));

  app.post('/families/:familyId/notes', work, async (request, reply) => {
    const values = formValues(request.body);
    const user = signedIn(request);
    const familyId = familyIdOf(request);
    const { input, problems } = readOccurredOn(values, 'The date of the contact');
    return submitFamilyChange(families, request, reply, {
      change: () =>
        withDateProblems(problems, () =>
          families.change(user, familyId, async (trx) => {
            const members = await families.members(trx, familyId);
            const note = chronology.validateNote(
              input,
              members.map((member) => member.id),
              todayIso(new Date()),
            );
            const { id } = await chronology.addNote(trx, {
              ...note,
              family_id: familyId,
              recorded_by_user_id: user.id,
              agency_id: user.agencyId,
            });
            await audit.record(trx, actorFor(user), {
              action: 'case note added',
              recordType: 'family',
              recordId: familyId,
              detail: { noteId: id, category: note.category, childSeen: note.child_seen, seenAlone: note.seen_alone },
            });
            // Notes stay in Notes; the chronology shows only that the contact happened.
            await chronology.record(trx, {
              familyId,
              personId: note.person_id,
              occurredOn: note.occurred_on,
              summary: `Case note: ${textOf(NOTE_CATEGORIES, note.category)}`,
              sourceAgencyId: user.agencyId,
              significance: 'routine',
              category: 'support',
              recordedByUserId: user.id,
            });
          }),
        ),
      success: 'Case note added',
      redirectTo: `/families/${familyId}/notes`,
      showForm: (errors) => showNoteForm(request, reply, values, errors),
    });
  });
}
