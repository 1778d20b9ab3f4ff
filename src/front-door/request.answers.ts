/**
 * A request for support's answers, and their validation: one set of rules for the professional's
 * question pages, the family's own request and partner systems' API, so that every way in is
 * checked the same.
 */
import { checkUkPostcode } from '../people/identifiers.js';
import { isEmailAddress, isUkTelephone, type FieldErrors } from '../platform/http/forms.js';
import { FAMILY_REASONS, REASONS } from './front-door.model.js';

export interface ChildAnswer {
  givenName: string;
  familyName: string;
  /** 'YYYY-MM-DD': a date of birth, or for a baby not yet born, the date they are due. */
  dateOfBirth: string;
}

export interface RequestAnswers {
  councilId?: string;
  significantHarm?: 'yes' | 'no';
  consentEarlyHelp?: 'yes' | 'no';
  consentSharing?: 'yes' | 'no';
  /** The referrer has read that this will be a safeguarding contact, and goes on. */
  safeguardingUnderstood?: 'yes';
  children?: ChildAnswer[];
  carerName?: string;
  carerRelationship?: string;
  carerPhone?: string;
  carerEmail?: string;
  addressLine1?: string;
  town?: string;
  postcode?: string;
  reasons?: string[];
  otherReason?: string;
  inTheirWords?: string;
  alreadyTried?: string;
  /** For a family's own request: how they would like to be contacted. */
  contactPreference?: 'phone' | 'email';
}

export type Channel = 'professional' | 'family' | 'partner_system';

export const MAX_CHILDREN = 10;
const LONG_TEXT = 5000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function addYears(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}

/** Whether a child's date is a date of birth (today or before) or a baby's due date (after today). */
export function isDueDate(dateOfBirth: string, today: string): boolean {
  return dateOfBirth > today;
}

/** Checks one child; field names are prefixed so that errors point at the right box. */
export function childProblems(child: Partial<ChildAnswer>, today: string, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  const given = (child.givenName ?? '').trim();
  const family = (child.familyName ?? '').trim();
  if (given === '') errors[`${prefix}givenName`] = 'Enter the child’s first name';
  else if (given.length > 100) errors[`${prefix}givenName`] = 'The first name must be 100 characters or fewer';
  if (family === '') errors[`${prefix}familyName`] = 'Enter the child’s last name';
  else if (family.length > 100) errors[`${prefix}familyName`] = 'The last name must be 100 characters or fewer';
  const dob = child.dateOfBirth ?? '';
  if (dob === '') errors[`${prefix}dateOfBirth-day`] = 'Enter the child’s date of birth, or the date the baby is due';
  else if (!ISO_DATE.test(dob)) errors[`${prefix}dateOfBirth-day`] = 'The date of birth must be a real date, like 27 3 2015';
  else if (dob > addDays(today, 300)) errors[`${prefix}dateOfBirth-day`] = 'A baby’s due date must be within the next 10 months';
  else if (dob < addYears(today, -25)) errors[`${prefix}dateOfBirth-day`] = 'Early help is for children and young people up to 25';
  return errors;
}

const yesNo = (value: unknown) => value === 'yes' || value === 'no';

/**
 * The checks of each part of a request, by question. Each returns the problems with the answers it
 * covers; `all` runs them together for a whole request (check your answers, and the API).
 */
export const CHECKS = {
  council(answers: RequestAnswers, councilIds: readonly string[]): FieldErrors {
    return councilIds.includes(answers.councilId ?? '') ? {} : { councilId: 'Select the council area the family lives in' };
  },
  significantHarm(answers: RequestAnswers, channel: Channel): FieldErrors {
    if (yesNo(answers.significantHarm)) return {};
    return {
      significantHarm:
        channel === 'family'
          ? 'Select yes if you think a child is in danger or being seriously harmed'
          : 'Select yes if you think a child is at risk of significant harm',
    };
  },
  consentEarlyHelp(answers: RequestAnswers): FieldErrors {
    return yesNo(answers.consentEarlyHelp) ? {} : { consentEarlyHelp: 'Select yes if the family has agreed to early help' };
  },
  consentSharing(answers: RequestAnswers, channel: Channel): FieldErrors {
    if (yesNo(answers.consentSharing)) return {};
    return {
      consentSharing:
        channel === 'family'
          ? 'Select yes if you agree to us sharing information with the people who will help you'
          : 'Select yes if the family has agreed to their information being shared',
    };
  },
  children(answers: RequestAnswers, today: string): FieldErrors {
    const children = answers.children ?? [];
    if (children.length === 0) return { children: 'Add at least one child or young person' };
    if (children.length > MAX_CHILDREN) return { children: `A request can be about ${MAX_CHILDREN} children or fewer` };
    return Object.assign({}, ...children.map((child, index) => childProblems(child, today, `children[${index}].`))) as FieldErrors;
  },
  carer(answers: RequestAnswers, channel: Channel): FieldErrors {
    const errors: FieldErrors = {};
    const name = (answers.carerName ?? '').trim();
    if (name === '') errors.carerName = channel === 'family' ? 'Enter your name' : 'Enter the name of the parent or carer';
    else if (name.length > 200) errors.carerName = 'The name must be 200 characters or fewer';
    if ((answers.carerRelationship ?? '').length > 100) errors.carerRelationship = 'The relationship must be 100 characters or fewer';
    const phone = (answers.carerPhone ?? '').trim();
    const email = (answers.carerEmail ?? '').trim();
    if (phone !== '' && !isUkTelephone(phone)) errors.carerPhone = 'Enter a UK telephone number, like 01632 960 001 or 07700 900 982';
    if (email !== '' && !isEmailAddress(email)) errors.carerEmail = 'Enter an email address in the correct format, like name@example.com';
    if (phone === '' && email === '' && !errors.carerName)
      errors.carerPhone =
        channel === 'family'
          ? 'Enter a phone number or an email address so that we can contact you'
          : 'Enter a phone number or an email address for the family';
    return errors;
  },
  address(answers: RequestAnswers): FieldErrors {
    const errors: FieldErrors = {};
    if ((answers.addressLine1 ?? '').length > 200) errors.addressLine1 = 'The address must be 200 characters or fewer';
    if ((answers.town ?? '').length > 100) errors.town = 'The town or city must be 100 characters or fewer';
    const postcode = checkUkPostcode(answers.postcode ?? '');
    if (!postcode.ok) errors.postcode = postcode.problem;
    return errors;
  },
  reasons(answers: RequestAnswers, channel: Channel): FieldErrors {
    const allowed = (channel === 'family' ? FAMILY_REASONS : REASONS).map((reason) => reason.value);
    const reasons = answers.reasons ?? [];
    if (reasons.length === 0)
      return { reasons: channel === 'family' ? 'Select what you would like help with' : 'Select why the family needs support' };
    if (reasons.some((reason) => !allowed.includes(reason))) return { reasons: 'Select reasons from the list' };
    const other = (answers.otherReason ?? '').trim();
    if (reasons.includes('other') && other === '') return { otherReason: 'Say what else the family needs support with' };
    if (other.length > 200) return { otherReason: 'The other reason must be 200 characters or fewer' };
    return {};
  },
  inTheirWords(answers: RequestAnswers, channel: Channel): FieldErrors {
    const words = (answers.inTheirWords ?? '').trim();
    if (words === '')
      return {
        inTheirWords:
          channel === 'family'
            ? 'Tell us what is happening and what would help'
            : 'Describe what is happening for the family and why you are asking for support',
      };
    if (words.length > LONG_TEXT) return { inTheirWords: 'This must be 5,000 characters or fewer' };
    return {};
  },
  alreadyTried(answers: RequestAnswers, channel: Channel): FieldErrors {
    const tried = (answers.alreadyTried ?? '').trim();
    if (tried === '' && channel !== 'family') return { alreadyTried: 'Say what has been tried already, or that nothing has yet' };
    if (tried.length > LONG_TEXT) return { alreadyTried: 'This must be 5,000 characters or fewer' };
    return {};
  },
};

/** Every check of a whole request, in the order the questions are asked. */
export function requestProblems(answers: RequestAnswers, channel: Channel, councilIds: readonly string[], today: string): FieldErrors {
  return {
    ...CHECKS.council(answers, councilIds),
    ...CHECKS.significantHarm(answers, channel),
    ...(channel === 'family' ? {} : CHECKS.consentEarlyHelp(answers)),
    ...CHECKS.consentSharing(answers, channel),
    ...CHECKS.children(answers, today),
    ...CHECKS.carer(answers, channel),
    ...CHECKS.address(answers),
    ...CHECKS.reasons(answers, channel),
    ...CHECKS.inTheirWords(answers, channel),
    ...CHECKS.alreadyTried(answers, channel),
  };
}

/** The answers with text trimmed and a postcode in its standard form, as they will be stored. */
export function tidyAnswers(answers: RequestAnswers): RequestAnswers {
  const trim = (value: string | undefined) => {
    const trimmed = (value ?? '').trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const postcode = checkUkPostcode(answers.postcode ?? '');
  return {
    ...answers,
    children: (answers.children ?? []).map((child) => ({
      givenName: child.givenName.trim(),
      familyName: child.familyName.trim(),
      dateOfBirth: child.dateOfBirth,
    })),
    carerName: trim(answers.carerName),
    carerRelationship: trim(answers.carerRelationship),
    carerPhone: trim(answers.carerPhone),
    carerEmail: trim(answers.carerEmail),
    addressLine1: trim(answers.addressLine1),
    town: trim(answers.town),
    postcode: postcode.ok ? postcode.value : trim(answers.postcode),
    otherReason: (answers.reasons ?? []).includes('other') ? trim(answers.otherReason) : undefined,
    inTheirWords: trim(answers.inTheirWords),
    alreadyTried: trim(answers.alreadyTried),
  };
}
