/**
 * The question pages of a request for support, one thing per page (GOV.UK "question pages"), for
 * a professional and, in plainer words, for a family asking for help themselves. Each page reads
 * its own answers, checks them with the shared rules (request.answers.ts), and says when it applies.
 */
import { readDateInput } from '../people/people.service.js';
import { list, text, type FieldErrors } from '../platform/http/forms.js';
import { FAMILY_REASONS, REASONS, type Choice } from './front-door.model.js';
import { CHECKS, childProblems, type Channel, type ChildAnswer, type RequestAnswers } from './request.answers.js';

export interface PageContext {
  councils: Choice[];
  today: string;
}

export interface QuestionPage {
  slug: string;
  /** The page's question, its title and heading. */
  title: string;
  hint?: string;
  kind: 'radios' | 'yes-no' | 'textarea' | 'carer' | 'address' | 'reasons' | 'interruption';
  /** Whether the page is asked, given the answers so far. */
  applies(answers: RequestAnswers): boolean;
  /** Whether the page has been answered (so that check your answers can be reached). */
  answered(answers: RequestAnswers): boolean;
  /** The page's answers from a posted form, merged into the answers so far. */
  read(body: unknown, answers: RequestAnswers, context: PageContext): { answers: RequestAnswers; problems: FieldErrors };
  /** The form values to show, from the answers. */
  values(answers: RequestAnswers): Record<string, string | string[]>;
  /** Radios' choices, for 'radios' pages. */
  choices?(context: PageContext): Choice[];
  /** Extra words for the page, as paragraphs. */
  paragraphs?: string[];
}

export interface Journey {
  channel: Channel;
  /** The path the question pages live under. */
  base: string;
  serviceName: string;
  pages: QuestionPage[];
}

const always = () => true;
const yesNoValue = (body: unknown, name: string): 'yes' | 'no' | undefined => {
  const value = text(body, name);
  return value === 'yes' || value === 'no' ? value : undefined;
};

function yesNoPage(
  slug: string,
  field: 'significantHarm' | 'consentEarlyHelp' | 'consentSharing',
  title: string,
  channel: Channel,
  options: { hint?: string; paragraphs?: string[]; applies?: (answers: RequestAnswers) => boolean } = {},
): QuestionPage {
  const check = (answers: RequestAnswers) =>
    field === 'significantHarm'
      ? CHECKS.significantHarm(answers, channel)
      : field === 'consentSharing'
        ? CHECKS.consentSharing(answers, channel)
        : CHECKS.consentEarlyHelp(answers);
  return {
    slug,
    title,
    ...(options.hint ? { hint: options.hint } : {}),
    ...(options.paragraphs ? { paragraphs: options.paragraphs } : {}),
    kind: 'yes-no',
    applies: options.applies ?? always,
    answered: (answers) => answers[field] !== undefined,
    read(body, answers) {
      const value = yesNoValue(body, field);
      const next: RequestAnswers = { ...answers, [field]: value };
      // A change to a safeguarding answer must be read again before going on.
      if (value !== answers[field]) delete next.safeguardingUnderstood;
      return { answers: next, problems: check(next) };
    },
    values: (answers) => ({ [field]: answers[field] ?? '' }),
  };
}

function textPage(
  slug: string,
  field: 'inTheirWords' | 'alreadyTried',
  title: string,
  channel: Channel,
  hint: string,
  optional = false,
): QuestionPage {
  const check = (answers: RequestAnswers) =>
    field === 'inTheirWords' ? CHECKS.inTheirWords(answers, channel) : CHECKS.alreadyTried(answers, channel);
  return {
    slug,
    title,
    hint,
    kind: 'textarea',
    applies: always,
    answered: (answers) => optional || (answers[field] ?? '') !== '',
    read(body, answers) {
      const next = { ...answers, [field]: text(body, field) };
      return { answers: next, problems: check(next) };
    },
    values: (answers) => ({ [field]: answers[field] ?? '' }),
  };
}

const councilPage = (title: string): QuestionPage => ({
  slug: 'council',
  title,
  kind: 'radios',
  applies: always,
  answered: (answers) => answers.councilId !== undefined,
  choices: (context) => context.councils,
  read(body, answers, context) {
    const next = { ...answers, councilId: text(body, 'councilId') };
    return {
      answers: next,
      problems: CHECKS.council(
        next,
        context.councils.map((council) => council.value),
      ),
    };
  },
  values: (answers) => ({ councilId: answers.councilId ?? '' }),
});

const carerPage = (channel: Channel, title: string, hint: string): QuestionPage => ({
  slug: 'carer',
  title,
  hint,
  kind: 'carer',
  applies: always,
  answered: (answers) => (answers.carerName ?? '') !== '',
  read(body, answers) {
    const next: RequestAnswers = {
      ...answers,
      carerName: text(body, 'carerName'),
      carerRelationship: text(body, 'carerRelationship'),
      carerPhone: text(body, 'carerPhone'),
      carerEmail: text(body, 'carerEmail'),
    };
    return { answers: next, problems: CHECKS.carer(next, channel) };
  },
  values: (answers) => ({
    carerName: answers.carerName ?? '',
    carerRelationship: answers.carerRelationship ?? '',
    carerPhone: answers.carerPhone ?? '',
    carerEmail: answers.carerEmail ?? '',
  }),
});

const addressPage = (title: string): QuestionPage => ({
  slug: 'address',
  title,
  kind: 'address',
  applies: always,
  answered: (answers) => (answers.postcode ?? '') !== '',
  read(body, answers) {
    const next: RequestAnswers = {
      ...answers,
      addressLine1: text(body, 'addressLine1'),
      town: text(body, 'town'),
      postcode: text(body, 'postcode'),
    };
    return { answers: next, problems: CHECKS.address(next) };
  },
  values: (answers) => ({ addressLine1: answers.addressLine1 ?? '', town: answers.town ?? '', postcode: answers.postcode ?? '' }),
});

const reasonsPage = (channel: Channel, title: string, hint: string): QuestionPage => ({
  slug: 'reasons',
  title,
  hint,
  kind: 'reasons',
  applies: always,
  answered: (answers) => (answers.reasons ?? []).length > 0,
  choices: () => (channel === 'family' ? FAMILY_REASONS : REASONS),
  read(body, answers) {
    const next: RequestAnswers = { ...answers, reasons: list(body, 'reasons'), otherReason: text(body, 'otherReason') };
    return { answers: next, problems: CHECKS.reasons(next, channel) };
  },
  values: (answers) => ({ reasons: answers.reasons ?? [], otherReason: answers.otherReason ?? '' }),
});

/** Whether the answers so far make this a safeguarding contact for children's social care. */
export function isSafeguarding(answers: RequestAnswers, channel: Channel): boolean {
  return answers.significantHarm === 'yes' || (channel !== 'family' && answers.consentEarlyHelp === 'no');
}

const interruptionPage = (channel: Channel): QuestionPage => ({
  slug: 'safeguarding',
  title: channel === 'family' ? 'If a child is in danger, call 999 now' : 'This is a safeguarding concern for children’s social care',
  kind: 'interruption',
  applies: (answers) => isSafeguarding(answers, channel),
  answered: (answers) => answers.safeguardingUnderstood === 'yes',
  read: (_body, answers) => ({ answers: { ...answers, safeguardingUnderstood: 'yes' }, problems: {} }),
  values: () => ({}),
});

/** Reads a child's boxes into a child answer, with the problems. */
export function readChild(
  body: unknown,
  today: string,
): { child: Partial<ChildAnswer>; problems: FieldErrors; raw: Record<string, string> } {
  const raw = {
    givenName: text(body, 'givenName'),
    familyName: text(body, 'familyName'),
    'dateOfBirth-day': text(body, 'dateOfBirth-day'),
    'dateOfBirth-month': text(body, 'dateOfBirth-month'),
    'dateOfBirth-year': text(body, 'dateOfBirth-year'),
  };
  const date = readDateInput(raw, 'dateOfBirth', 'The date of birth');
  const child = { givenName: raw.givenName, familyName: raw.familyName, dateOfBirth: date.value ?? '' };
  const problems = childProblems(child, today);
  if (date.problem) problems['dateOfBirth-day'] = date.problem;
  return { child, problems, raw };
}

export function childValues(child: ChildAnswer | undefined): Record<string, string> {
  if (!child) return {};
  const [year, month, day] = child.dateOfBirth.split('-');
  return {
    givenName: child.givenName,
    familyName: child.familyName,
    'dateOfBirth-day': String(Number(day)),
    'dateOfBirth-month': String(Number(month)),
    'dateOfBirth-year': year ?? '',
  };
}

export const PROFESSIONAL_JOURNEY: Journey = {
  channel: 'professional',
  base: '/requests/new',
  serviceName: 'Ask the Early Help Hub for support',
  pages: [
    councilPage('Which council area does the family live in?'),
    yesNoPage('harm', 'significantHarm', 'Do you think any child in the family is at risk of significant harm?', 'professional', {
      hint: 'Significant harm is the threshold for children’s social care, for example physical, sexual or emotional abuse or serious neglect.',
    }),
    yesNoPage('consent', 'consentEarlyHelp', 'Has the family agreed to early help?', 'professional', {
      hint: 'Early help is voluntary: the parent or carer, or a young person who can decide for themselves, must agree to it.',
    }),
    yesNoPage('sharing', 'consentSharing', 'Has the family agreed to their information being shared?', 'professional', {
      hint: 'With the Early Help Hub and the services that will support them. Without this, the Hub can give advice but cannot share the family’s story.',
    }),
    interruptionPage('professional'),
    carerPage(
      'professional',
      'Who is the parent or carer?',
      'The Hub will contact them about the support. Give a phone number, an email address or both.',
    ),
    addressPage('Where does the family live?'),
    reasonsPage('professional', 'Why does the family need support?', 'Select all that apply.'),
    textPage(
      'situation',
      'inTheirWords',
      'Describe what is happening for the family',
      'professional',
      'In your own words: what you have noticed, what the family says, and what they would like to change.',
    ),
    textPage(
      'tried',
      'alreadyTried',
      'What has been tried already?',
      'professional',
      'Support your agency or others have given, and how it went. If nothing has been tried yet, say so.',
    ),
  ],
};

export const FAMILY_JOURNEY: Journey = {
  channel: 'family',
  base: '/ask-for-help',
  serviceName: 'Ask for help for your family',
  pages: [
    councilPage('Where do you live?'),
    yesNoPage('harm', 'significantHarm', 'Is a child in your family in danger or being seriously hurt?', 'family', {
      hint: 'For example, someone is hurting them, or they are not safe at home.',
    }),
    interruptionPage('family'),
    carerPage('family', 'Your name and how we can contact you', 'Give a phone number, an email address or both.'),
    addressPage('What is your address?'),
    reasonsPage('family', 'What would you like help with?', 'Select all that apply.'),
    textPage(
      'situation',
      'inTheirWords',
      'Tell us what is happening and what would help',
      'family',
      'Write as much or as little as you like. We will read it before we call you.',
    ),
    textPage(
      'tried',
      'alreadyTried',
      'Have you had any help already? (optional)',
      'family',
      'For example from your school, health visitor or GP. Leave this blank if not.',
      true,
    ),
    yesNoPage('sharing', 'consentSharing', 'Can we share what you tell us with the people who will help you?', 'family', {
      hint: 'For example your child’s school or health visitor. We only share what they need to know to help you.',
    }),
  ],
};

/** The pages that apply, in order, with the children's pages after the first safeguarding questions. */
export function applicablePages(journey: Journey, answers: RequestAnswers): QuestionPage[] {
  return journey.pages.filter((page) => page.applies(answers));
}

/** Where the children's pages come in the journey: after this page. */
export const CHILDREN_AFTER: Record<Channel, string> = { professional: 'safeguarding', family: 'safeguarding', partner_system: '' };

/**
 * The path of the first question still to answer, or of check your answers when all are answered.
 * The children's pages come after the safeguarding questions.
 */
export function firstUnanswered(journey: Journey, answers: RequestAnswers): string {
  const pages = applicablePages(journey, answers);
  const childrenIndex = journey.pages.findIndex((page) => page.slug === CHILDREN_AFTER[journey.channel]);
  for (const page of pages) {
    const index = journey.pages.indexOf(page);
    if (index > childrenIndex && (answers.children ?? []).length === 0) return `${journey.base}/child/1`;
    if (!page.answered(answers)) return `${journey.base}/${page.slug}`;
  }
  if ((answers.children ?? []).length === 0) return `${journey.base}/child/1`;
  return `${journey.base}/check`;
}

/** The path after a page: the next page that applies (the children's pages after the safeguarding questions). */
export function pathAfter(journey: Journey, answers: RequestAnswers, slug: string): string {
  if (slug === 'children') {
    const childrenIndex = journey.pages.findIndex((page) => page.slug === CHILDREN_AFTER[journey.channel]);
    const next = journey.pages.slice(childrenIndex + 1).find((page) => page.applies(answers));
    return next ? `${journey.base}/${next.slug}` : `${journey.base}/check`;
  }
  const index = journey.pages.findIndex((page) => page.slug === slug);
  if (
    journey.pages[index]?.slug === CHILDREN_AFTER[journey.channel] ||
    (slug !== 'children' && isLastBeforeChildren(journey, answers, index))
  )
    return `${journey.base}/${(answers.children ?? []).length > 0 ? 'children' : 'child/1'}`;
  const next = journey.pages.slice(index + 1).find((page) => page.applies(answers));
  return next ? `${journey.base}/${next.slug}` : `${journey.base}/check`;
}

/** Whether the page at `index` is the last one asked before the children's pages (the interruption may not apply). */
function isLastBeforeChildren(journey: Journey, answers: RequestAnswers, index: number): boolean {
  const childrenIndex = journey.pages.findIndex((page) => page.slug === CHILDREN_AFTER[journey.channel]);
  if (index >= childrenIndex) return false;
  return !journey.pages.slice(index + 1, childrenIndex + 1).some((page) => page.applies(answers));
}
