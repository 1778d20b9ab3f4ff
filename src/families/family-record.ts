/**
 * Showing a page of a family's record: the one way routes open a family, so that every page checks
 * access, audits the view and shows the restricted page when the record is not theirs to see.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../platform/http/errors.js';
import { errorSummary, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { FAMILY_PAGE_NAMES, FAMILY_PAGES, type FamilyPage } from './families.model.js';
import { RestrictedRecordError, type FamiliesService, type FamilyHeader } from './families.service.js';

export function signedIn(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw new Error('This page needs a signed-in person');
  return request.currentUser;
}

export function familyIdOf(request: FastifyRequest): string {
  return (request.params as { familyId: string }).familyId;
}

/** The MOJ sub navigation of a family record. */
export function familyNavigation(family: FamilyHeader, current: FamilyPage) {
  return FAMILY_PAGES.map((page) => ({
    text: FAMILY_PAGE_NAMES[page],
    href: page === 'overview' ? `/families/${family.id}` : `/families/${family.id}/${page}`,
    active: page === current,
  }));
}

/** Shows the restricted page, auditing the refusal. */
export async function showRestricted(
  families: FamiliesService,
  request: FastifyRequest,
  reply: FastifyReply,
  error: RestrictedRecordError,
  reasonError?: FieldErrors,
) {
  const user = signedIn(request);
  await families.recordRefusal(user, error);
  reply.code(reasonError ? 400 : 403);
  const summary = error.access.canBreakGlass ? await families.restrictedSummary(error.familyId) : undefined;
  return reply.view('families/views/restricted.njk', {
    pageTitle: 'This family’s record is restricted',
    familyId: error.familyId,
    summary,
    because: error.access.because,
    canBreakGlass: error.access.canBreakGlass,
    errors: reasonError ? errorSummary(reasonError) : [],
    reasonError: reasonError?.reason ? { text: reasonError.reason } : false,
  });
}

/**
 * Opens a family page and renders its view. `read` loads what the page shows, inside the audited
 * transaction; its result is passed to the template with the family header and navigation.
 */
export async function renderFamilyPage<T extends object>(
  families: FamiliesService,
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    page: FamilyPage;
    view: string;
    title: string;
    read: (trx: Transaction<Database>, family: FamilyHeader) => Promise<T>;
    extra?: object;
  },
) {
  try {
    const { family, data } = await families.open(signedIn(request), familyIdOf(request), options.page, options.read);
    return reply.view(options.view, {
      pageTitle: `${options.title} – ${family.name}`,
      family,
      subNavigation: familyNavigation(family, options.page),
      ...data,
      ...options.extra,
    });
  } catch (error) {
    if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
    throw error;
  }
}

/**
 * Runs a change to a family's record from a form: on success redirects with a flash message; on a
 * validation error shows the form again (status 400) through `showForm`; on a restricted record shows
 * the restricted page.
 */
export async function submitFamilyChange(
  families: FamiliesService,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { change: () => Promise<unknown>; success: string; redirectTo: string; showForm: (errors: FieldErrors) => Promise<unknown> },
) {
  try {
    await options.change();
    reply.flash(options.success);
    return reply.redirect(options.redirectTo, 303);
  } catch (error) {
    if (error instanceof RestrictedRecordError) return showRestricted(families, request, reply, error);
    if (error instanceof ValidationError) {
      reply.code(400);
      return options.showForm(error.errors);
    }
    throw error;
  }
}
