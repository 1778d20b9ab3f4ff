/**
 * The front door's pages: a professional's request for support (question pages, check your
 * answers, a reference), a family asking for help themselves without signing in, and a referrer's
 * own requests with their outcomes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { isoToText } from '../people/people.service.js';
import { ValidationError } from '../platform/http/errors.js';
import { isUuid, text, withFieldErrors, type FieldErrors } from '../platform/http/forms.js';
import type { Permission } from '../platform/permissions/permissions.js';
import type { Navigation } from '../platform/views/navigation.js';
import { reasonText, type Choice } from './front-door.model.js';
import type { ContactsService } from './contacts.service.js';
import {
  applicablePages,
  CHILDREN_AFTER,
  childValues,
  FAMILY_JOURNEY,
  firstUnanswered,
  isSafeguarding,
  pathAfter,
  PROFESSIONAL_JOURNEY,
  readChild,
  type Journey,
  type PageContext,
} from './question-pages.js';
import { isDueDate, MAX_CHILDREN, type RequestAnswers } from './request.answers.js';
import { ukDate } from './working-time.js';

interface Deps {
  contacts: ContactsService;
  partnership: PartnershipService;
  navigation: Navigation;
  now: () => Date;
  secureCookies: boolean;
}

/** A family's pages are public, so each address may start, answer and send only so many. */
export const FAMILY_LIMITS = {
  start: { max: 20, timeWindow: 3_600_000 },
  answer: { max: 300, timeWindow: 3_600_000 },
  send: { max: 10, timeWindow: 3_600_000 },
};

function dateText(iso: string): string {
  return isoToText(iso) ?? iso;
}

/** The rows of check your answers, each with the page that changes it. */
function summaryRows(journey: Journey, answers: RequestAnswers, councils: Choice[], today: string) {
  const family = journey.channel === 'family';
  const change = (slug: string) => `${journey.base}/${slug}?change=1`;
  const yesNo = (value: string | undefined) => (value === 'yes' ? 'Yes' : value === 'no' ? 'No' : '');
  const rows: { key: string; value: string; href: string }[] = [
    {
      key: family ? 'Where you live' : 'Council area',
      value: councils.find((c) => c.value === answers.councilId)?.text ?? '',
      href: change('council'),
    },
    {
      key: family ? 'A child is in danger' : 'A child is at risk of significant harm',
      value: yesNo(answers.significantHarm),
      href: change('harm'),
    },
  ];
  if (!family) {
    rows.push({ key: 'The family agrees to early help', value: yesNo(answers.consentEarlyHelp), href: change('consent') });
    rows.push({ key: 'The family agrees to sharing information', value: yesNo(answers.consentSharing), href: change('sharing') });
  }
  (answers.children ?? []).forEach((child, index) => {
    rows.push({
      key: (answers.children ?? []).length > 1 ? `Child ${index + 1}` : 'Child',
      value: `${child.givenName} ${child.familyName}, ${isDueDate(child.dateOfBirth, today) ? 'due' : 'born'} ${dateText(child.dateOfBirth)}`,
      href: `${journey.base}/child/${index + 1}?change=1`,
    });
  });
  rows.push({
    key: family ? 'Your name and contact details' : 'Parent or carer',
    value: [answers.carerName, answers.carerRelationship, answers.carerPhone, answers.carerEmail].filter(Boolean).join('\n'),
    href: change('carer'),
  });
  rows.push({
    key: 'Address',
    value: [answers.addressLine1, answers.town, answers.postcode].filter(Boolean).join('\n'),
    href: change('address'),
  });
  rows.push({
    key: family ? 'What you would like help with' : 'Why the family needs support',
    value: (answers.reasons ?? [])
      .map((reason) => (reason === 'other' ? `Something else: ${answers.otherReason ?? ''}` : reasonText(reason)))
      .join('\n'),
    href: change('reasons'),
  });
  rows.push({
    key: family ? 'What is happening' : 'What is happening for the family',
    value: answers.inTheirWords ?? '',
    href: change('situation'),
  });
  rows.push({
    key: family ? 'Help you have had already' : 'What has been tried',
    value: answers.alreadyTried || 'None given',
    href: change('tried'),
  });
  if (family) rows.push({ key: 'We can share what you tell us', value: yesNo(answers.consentSharing), href: change('sharing') });
  return rows;
}

export function registerFrontDoorRoutes(app: FastifyInstance, deps: Deps): void {
  const { contacts, navigation, now } = deps;
  navigation.add({ href: '/requests', text: 'Requests for support', permission: 'requests:make', order: 15 });

  registerJourney(app, PROFESSIONAL_JOURNEY, 'requests:make', deps);
  registerJourney(app, FAMILY_JOURNEY, 'public', deps);

  // ——— A referrer's own requests ———

  app.get('/requests', { config: { permission: 'requests:make' } }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) throw new Error('signed in');
    const requests = await contacts.requestsOf(user);
    return reply.view('front-door/views/my-requests.njk', { pageTitle: 'Your requests for support', requests });
  });

  app.get('/requests/:contactId', { config: { permission: 'requests:make' } }, async (request, reply) => {
    const user = request.currentUser;
    if (!user) throw new Error('signed in');
    const { contactId } = request.params as { contactId: string };
    if (!isUuid(contactId)) return reply.callNotFound();
    const view = await contacts.requestOf(user, contactId);
    return reply.view('front-door/views/my-request.njk', {
      pageTitle: `Request for support ${view.contact.reference}`,
      ...view,
      childrenText: view.children.map((child) => ({
        name: `${child.given_name} ${child.family_name}`,
        date: child.date_of_birth ? `Born ${dateText(child.date_of_birth)}` : `Due ${dateText(child.expected_date_of_birth ?? '')}`,
      })),
      today: ukDate(now()),
    });
  });
}

function registerJourney(app: FastifyInstance, journey: Journey, permission: Permission, deps: Deps): void {
  const { contacts, partnership, now, secureCookies } = deps;
  const family = journey.channel === 'family';
  const kind = family ? 'family' : 'professional';
  const cookieName = family ? 'tellonce_ask_for_help' : 'tellonce_request';
  const views = 'front-door/views';
  const config = (which: keyof typeof FAMILY_LIMITS): RouteShorthandOptions => ({
    config: family ? { permission, rateLimit: FAMILY_LIMITS[which] } : { permission },
  });

  async function context(): Promise<PageContext> {
    const councils = await partnership.councils();
    return { councils: councils.map((council) => ({ value: council.id, text: council.name })), today: ukDate(now()) };
  }

  async function currentDraft(request: FastifyRequest) {
    const cookie = request.cookies[cookieName];
    const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
    const token = unsigned?.valid ? (unsigned.value ?? undefined) : undefined;
    return contacts.draft(token, kind, request.currentUser);
  }

  /** The draft, or a redirect to the start page when there is none (expired, or never started). */
  async function draftOrStart(request: FastifyRequest, reply: FastifyReply) {
    const draft = await currentDraft(request);
    if (!draft) {
      reply.redirect(journey.base, 303);
      return undefined;
    }
    if (draft.answers.submittedReference) {
      reply.redirect(`${journey.base}/done`, 303);
      return undefined;
    }
    return draft;
  }

  const common = (request: FastifyRequest) => ({
    serviceName: journey.serviceName,
    journeyBase: journey.base,
    family,
    change: (request.query as Record<string, string> | undefined)?.change === '1',
  });

  const backLink = (answers: RequestAnswers, slug: string): string => {
    const pages = applicablePages(journey, answers);
    if (slug === 'children') {
      // Before the children: the last question asked up to the safeguarding page.
      const upTo = journey.pages.findIndex((page) => page.slug === CHILDREN_AFTER[journey.channel]);
      const before = pages.filter((page) => journey.pages.indexOf(page) <= upTo).at(-1);
      return before ? `${journey.base}/${before.slug}` : journey.base;
    }
    const index = pages.findIndex((page) => page.slug === slug);
    if (
      index > 0 &&
      journey.pages.indexOf(pages[index - 1]!) === journey.pages.findIndex((page) => page.slug === CHILDREN_AFTER[journey.channel])
    )
      return `${journey.base}/children`;
    if (index <= 0) return journey.base;
    return `${journey.base}/${pages[index - 1]?.slug ?? ''}`;
  };

  // ——— Start ———

  app.get(journey.base, { config: { permission } }, async (request, reply) =>
    reply.view(`${views}/start-${kind}.njk`, { pageTitle: journey.serviceName, ...common(request) }),
  );

  app.post(journey.base, config('start'), async (request, reply) => {
    const user = request.currentUser;
    const start: RequestAnswers = user && !family ? { councilId: user.localAuthorityId } : {};
    const token = await contacts.startDraft(kind, family ? null : user, start);
    reply.setCookie(cookieName, token, { path: journey.base, httpOnly: true, sameSite: 'lax', secure: secureCookies, signed: true });
    return reply.redirect(`${journey.base}/council`, 303);
  });

  // ——— The children, one page each, then a list with "add another" ———

  app.get(`${journey.base}/child/:number`, { config: { permission } }, async (request, reply) => {
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const number = Number((request.params as { number: string }).number);
    const children = draft.answers.children ?? [];
    if (!Number.isInteger(number) || number < 1 || number > Math.min(children.length + 1, MAX_CHILDREN)) return reply.callNotFound();
    return reply.view(`${views}/child.njk`, {
      pageTitle: family ? 'About your child' : 'About the child or young person',
      number,
      values: childValues(children[number - 1]),
      backLink: children.length > 0 ? `${journey.base}/children` : backLink(draft.answers, 'children'),
      ...common(request),
      ...withFieldErrors({}),
    });
  });

  app.post(`${journey.base}/child/:number`, config('answer'), async (request, reply) => {
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const number = Number((request.params as { number: string }).number);
    const children = [...(draft.answers.children ?? [])];
    if (!Number.isInteger(number) || number < 1 || number > Math.min(children.length + 1, MAX_CHILDREN)) return reply.callNotFound();
    const { child, problems, raw } = readChild(request.body, ukDate(now()));
    if (Object.keys(problems).length > 0) {
      reply.code(400);
      return reply.view(`${views}/child.njk`, {
        pageTitle: family ? 'About your child' : 'About the child or young person',
        number,
        values: raw,
        backLink: `${journey.base}/children`,
        ...common(request),
        ...withFieldErrors(problems),
      });
    }
    children[number - 1] = { givenName: child.givenName ?? '', familyName: child.familyName ?? '', dateOfBirth: child.dateOfBirth ?? '' };
    await contacts.saveDraft(draft.idHash, { ...draft.answers, children });
    return reply.redirect(common(request).change ? `${journey.base}/check` : `${journey.base}/children`, 303);
  });

  app.post(`${journey.base}/child/:number/remove`, config('answer'), async (request, reply) => {
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const number = Number((request.params as { number: string }).number);
    const children = (draft.answers.children ?? []).filter((_child, index) => index !== number - 1);
    await contacts.saveDraft(draft.idHash, { ...draft.answers, children });
    return reply.redirect(children.length > 0 ? `${journey.base}/children` : `${journey.base}/child/1`, 303);
  });

  async function showChildren(request: FastifyRequest, reply: FastifyReply, answers: RequestAnswers, errors: FieldErrors = {}) {
    const today = ukDate(now());
    return reply.view(`${views}/children.njk`, {
      pageTitle: family ? 'Your children' : 'Children and young people in this request',
      children: (answers.children ?? []).map((child, index) => ({
        number: index + 1,
        name: `${child.givenName} ${child.familyName}`,
        date: `${isDueDate(child.dateOfBirth, today) ? 'Due' : 'Born'} ${dateText(child.dateOfBirth)}`,
      })),
      canAddMore: (answers.children ?? []).length < MAX_CHILDREN,
      ...common(request),
      ...withFieldErrors(errors),
    });
  }

  app.get(`${journey.base}/children`, { config: { permission } }, async (request, reply) => {
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    if ((draft.answers.children ?? []).length === 0) return reply.redirect(`${journey.base}/child/1`, 303);
    return showChildren(request, reply, draft.answers);
  });

  app.post(`${journey.base}/children`, config('answer'), async (request, reply) => {
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const children = draft.answers.children ?? [];
    if (children.length === 0) return reply.redirect(`${journey.base}/child/1`, 303);
    const another = text(request.body, 'addAnother');
    if (children.length < MAX_CHILDREN && another !== 'yes' && another !== 'no') {
      reply.code(400);
      return showChildren(request, reply, draft.answers, {
        addAnother: family ? 'Select yes if you want to tell us about another child' : 'Select yes if you need to add another child',
      });
    }
    if (another === 'yes' && children.length < MAX_CHILDREN) return reply.redirect(`${journey.base}/child/${children.length + 1}`, 303);
    const answers = draft.answers;
    return reply.redirect(common(request).change ? `${journey.base}/check` : pathAfter(journey, answers, 'children'), 303);
  });

  // ——— Check your answers, and send ———

  async function showCheck(request: FastifyRequest, reply: FastifyReply, answers: RequestAnswers, errors: FieldErrors = {}) {
    const ctx = await context();
    return reply.view(`${views}/check.njk`, {
      pageTitle: 'Check your answers before sending your request',
      rows: summaryRows(journey, answers, ctx.councils, ctx.today),
      safeguarding: isSafeguarding(answers, journey.channel),
      ...common(request),
      ...withFieldErrors(errors),
    });
  }

  app.get(`${journey.base}/check`, { config: { permission } }, async (request, reply) => {
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const next = firstUnanswered(journey, draft.answers);
    if (next !== `${journey.base}/check`) return reply.redirect(next, 303);
    return showCheck(request, reply, draft.answers);
  });

  app.post(`${journey.base}/check`, config('send'), async (request, reply) => {
    const draft = await currentDraft(request);
    if (!draft) return reply.redirect(journey.base, 303);
    // A second press of the button, or the form sent twice: the request was made once; show it.
    if (draft.answers.submittedReference) return reply.redirect(`${journey.base}/done`, 303);
    const user = request.currentUser;
    try {
      const contact = await contacts.submit({
        channel: journey.channel,
        answers: draft.answers,
        referrer:
          family || !user
            ? {
                userId: null,
                agencyId: null,
                name: draft.answers.carerName ?? 'A family member',
                role: 'Parent or carer',
                email: draft.answers.carerEmail ?? null,
                phone: draft.answers.carerPhone ?? null,
              }
            : { userId: user.id, agencyId: user.agencyId, name: user.displayName, role: null, email: user.email, phone: null },
        idempotency: { scope: `draft:${kind}`, key: draft.idHash },
      });
      await contacts.saveDraft(draft.idHash, {
        ...draft.answers,
        submittedReference: contact.reference,
        submittedContactId: contact.id,
      } as RequestAnswers);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showCheck(request, reply, draft.answers, error.errors);
    }
    return reply.redirect(`${journey.base}/done`, 303);
  });

  app.get(`${journey.base}/done`, { config: { permission } }, async (request, reply) => {
    const draft = await currentDraft(request);
    const reference = draft?.answers?.submittedReference;
    if (!draft || !reference) return reply.redirect(journey.base, 303);
    const contactId = (draft.answers as { submittedContactId?: string }).submittedContactId;
    return reply.view(`${views}/done-${kind}.njk`, {
      pageTitle: family ? 'We have your request' : 'Request for support sent',
      reference,
      contactId,
      safeguarding: isSafeguarding(draft.answers, journey.channel),
      emailGiven: Boolean(draft.answers.carerEmail),
      ...common(request),
    });
  });

  // ——— The question pages ———

  async function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    answers: RequestAnswers,
    values: Record<string, unknown>,
    errors: FieldErrors,
  ) {
    const page = journey.pages.find((item) => item.slug === slug);
    if (!page) return reply.callNotFound();
    const ctx = await context();
    return reply.view(`${views}/question.njk`, {
      pageTitle: page.title,
      page: { slug: page.slug, title: page.title, hint: page.hint, kind: page.kind },
      choices: page.choices?.(ctx) ?? [],
      values,
      backLink: backLink(answers, slug),
      safeguardingBecause: answers.significantHarm === 'yes' ? 'harm' : 'consent',
      ...common(request),
      ...withFieldErrors(errors),
    });
  }

  app.get(`${journey.base}/:slug`, { config: { permission } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const page = journey.pages.find((item) => item.slug === slug);
    if (!page) return reply.callNotFound();
    if (!page.applies(draft.answers)) return reply.redirect(firstUnanswered(journey, draft.answers), 303);
    return showPage(request, reply, slug, draft.answers, page.values(draft.answers), {});
  });

  app.post(`${journey.base}/:slug`, config('answer'), async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const draft = await draftOrStart(request, reply);
    if (!draft) return reply;
    const page = journey.pages.find((item) => item.slug === slug);
    if (!page) return reply.callNotFound();
    const ctx = await context();
    const { answers, problems } = page.read(request.body, draft.answers, ctx);
    if (Object.keys(problems).length > 0) {
      reply.code(400);
      return showPage(request, reply, slug, draft.answers, page.values(answers), problems);
    }
    await contacts.saveDraft(draft.idHash, answers);
    // After a change, back to check your answers, unless the change brings in a page still to answer.
    const next = firstUnanswered(journey, answers);
    if (common(request).change) return reply.redirect(next, 303);
    return reply.redirect(pathAfter(journey, answers, slug), 303);
  });
}
