/**
 * Is this the same person? Scores an existing person record against what someone typed or what a
 * new contact says, with reasons and conflicts in plain English for the practitioner who decides,
 * and reads a single search box (NHS number, date of birth, postcode or name).
 *
 * How the score is made. Each piece of evidence adds or takes away points, roughly the log-odds a
 * practitioner would give it (weights in {@link MATCH_WEIGHTS}):
 *
 * | Evidence                                    | Points |
 * | ------------------------------------------- | -----: |
 * | Same valid NHS number                       |    +12 |
 * | Different valid NHS numbers                 |    −10 |
 * | Date of birth: same / day-month swapped     | +5 / +3.5 |
 * | Date of birth: one digit different          |   +2.5 |
 * | Date of birth: same month / same year / <1 year / 1-2 years / more | −1.5 / −2.5 / −3 / −4.5 / −6 |
 * | Given name: same / other form or short form (Bob / Robert) / spelt differently (Jonh / John) | +4 / +3.5 / +3 |
 * | Given name: may be a short form (Chris / Christopher) / sounds alike and looks alike / initial | +2.5 / +1.5 / +1.5 |
 * | Given name: one letter apart at the start (Molly / Holly) / two short forms of one name (Bob / Rob) | +0.5 / +0.5 |
 * | Given name: sounds alike only (Ava / Eva) / different | −1 / −3 |
 * | Family name: same / spelt differently / part of a double-barrelled name | +4 / +3 / +3 |
 * | Family name: one letter apart at the start (Mith / Smith) / sounds alike and looks alike | +2 / +1.5 |
 * | Family name: different                      |   −2.5 |
 * | Matches another or previous name            | as above −0.5 |
 * | Given and family names swapped              | as above −1 |
 * | Postcode: same / same district / different  | +2 / +0.7 / −0.2 |
 * | Sex: same / different                       | +0.3 / −4 |
 *
 * Twins share a family name, date of birth and address, so only the given name tells them apart:
 * given names that differ in their first letter, or are two pet names of one name, count for
 * little, because parents do name twins Molly and Holly, or Alfie and Freddie. Family names that
 * differ in their first letter are far more likely to be a slip, and count for more.
 *
 * Missing facts count nothing either way. The points go through a logistic curve to a score in
 * 0..1: 12 points is 0.9 and 7.5 points is 0.5. Bands:
 *
 * - strong, score ≥ 0.9 (12 points): e.g. same NHS number; or name, date of birth and postcode
 *   with at most one slip. Twins (same family name, date of birth and postcode, different given
 *   names) reach 8.3 points and stay below it.
 * - possible, score ≥ 0.5 (7.5 points): worth showing a practitioner to check, e.g. same name
 *   and nothing else, or a twin, or a changed family name with no NHS number.
 * - weak, below 0.5.
 *
 * Agreeing evidence only ever adds points, and names take the best of every pairing of the
 * names each record holds, so adding agreeing evidence never lowers the score. Every comparison
 * is symmetric, so scoreMatch(a, b) equals scoreMatch(b, a).
 */
import {
  compactName,
  describeNameVariant,
  givenNameVariants,
  jaroWinkler,
  NAME_PARTICLES,
  nameParts,
  normaliseName,
  osaDistance,
  phoneticKey,
} from './names.js';

export interface PersonFacts {
  givenName: string;
  familyName: string;
  /** Previous names, aliases, preferred names: "Jo", "Smith" (a previous family name) or "Jo Smith". */
  otherNames?: string[];
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  nhsNumber?: string;
  postcode?: string;
  sex?: string;
}

export interface MatchResult {
  /** 0..1 */
  score: number;
  band: 'strong' | 'possible' | 'weak';
  /** Plain English for practitioners: "Same NHS number", "Given name is a short form (Bob / Robert)". */
  reasons: string[];
  /** Plain English: "Different NHS number", "Born 3 years apart". */
  conflicts: string[];
}

/** Scores at or above which a match is 'strong' and 'possible'. */
export const MATCH_BANDS = { strong: 0.9, possible: 0.5 } as const;

/** The points each piece of evidence is worth; see the table at the top of this file. */
export const MATCH_WEIGHTS = {
  nhs: { sameValid: 12, sameUnchecked: 5, nearlySame: 1, differentValid: -10, differentUnchecked: -1 },
  dateOfBirth: {
    same: 5,
    dayMonthSwapped: 3.5,
    oneDigit: 2.5,
    sameMonth: -1.5,
    sameYear: -2.5,
    underAYear: -3,
    underTwoYears: -4.5,
    further: -6,
  },
  givenName: {
    exact: 4,
    'variant-other': 3.5,
    'variant-short': 3.5,
    'variant-shared': 0.5,
    spelling: 3,
    'spelling-short': 2,
    prefix: 2.5,
    part: 2.5,
    'sounds-close': 1.5,
    initial: 1.5,
    'first-letter': 0.5,
    sounds: -1,
    different: -3,
  },
  familyName: {
    exact: 4,
    'variant-other': 0,
    'variant-short': 0,
    'variant-shared': 0,
    spelling: 3,
    'spelling-short': 2,
    prefix: 1,
    part: 3,
    'sounds-close': 1.5,
    initial: 0.5,
    'first-letter': 2,
    sounds: -0.5,
    different: -2.5,
  },
  middleNamePenalty: 1,
  otherNamePenalty: 0.5,
  swappedNamesPenalty: 1,
  postcode: { same: 2, sameDistrict: 0.7, different: -0.2 },
  sex: { same: 0.3, different: -4 },
} as const;

/** Points for a score of 0.5 and 0.9: the logistic curve's midpoint and the strong threshold. */
const POSSIBLE_POINTS = 7.5;
const STRONG_POINTS = 12;
const CURVE_SCALE = (STRONG_POINTS - POSSIBLE_POINTS) / Math.log(MATCH_BANDS.strong / (1 - MATCH_BANDS.strong));

function pointsToScore(points: number): number {
  const raw = 1 / (1 + Math.exp(-(points - POSSIBLE_POINTS) / CURVE_SCALE));
  return Math.round(raw * 10_000) / 10_000;
}

function bandOf(score: number): MatchResult['band'] {
  if (score >= MATCH_BANDS.strong) return 'strong';
  if (score >= MATCH_BANDS.possible) return 'possible';
  return 'weak';
}

// ---------------------------------------------------------------------------------------------
// NHS numbers, dates, postcodes, sex
// ---------------------------------------------------------------------------------------------

/** The ten digits of an NHS number typed with or without spaces or hyphens, or null. */
export function normaliseNhsNumber(value: string | undefined): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** True for ten digits whose last is the modulus 11 check digit of the first nine. */
export function isValidNhsNumber(value: string | undefined): boolean {
  const digits = normaliseNhsNumber(value);
  if (!digits) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  digits: string;
  epochDay: number;
}

function calendarDate(year: number, month: number, day: number): CalendarDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999) return null;
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const digits = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return { year, month, day, digits, epochDay: Math.round(time / 86_400_000) };
}

function isoDate(date: CalendarDate): string {
  return `${date.digits.slice(0, 4)}-${date.digits.slice(4, 6)}-${date.digits.slice(6, 8)}`;
}

function parseIsoDate(value: string | undefined): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(value);
  if (!match) return null;
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

interface Postcode {
  outward: string;
  inward?: string;
}

/** "pe1 2ab" → "PE1 2AB"; an outward code alone ("pe1") → "PE1"; anything else → null. */
export function normalisePostcode(value: string | undefined): string | null {
  const parsed = parsePostcode(value);
  if (!parsed) return null;
  return parsed.inward ? `${parsed.outward} ${parsed.inward}` : parsed.outward;
}

function parsePostcode(value: string | undefined): Postcode | null {
  if (typeof value !== 'string') return null;
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const full = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/.exec(compact);
  if (full?.[1] && full[2]) return { outward: full[1], inward: full[2] };
  const outward = /^[A-Z]{1,2}\d[A-Z\d]?$/.exec(compact);
  if (outward) return { outward: outward[0] };
  return null;
}

function normaliseSex(value: string | undefined): 'female' | 'male' | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (['f', 'female', 'girl', 'woman'].includes(v)) return 'female';
  if (['m', 'male', 'boy', 'man'].includes(v)) return 'male';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

type NameTier = keyof (typeof MATCH_WEIGHTS)['givenName'];

interface NameOption {
  /** Spaces and hyphens removed. */
  compact: string;
  /** Words, particles removed. */
  parts: string[];
  /** For messages. */
  display: string;
  /** From otherNames rather than the record's own given or family name. */
  other: boolean;
}

const phoneticCache = new Map<string, string>();

function cachedPhoneticKey(name: string): string {
  let key = phoneticCache.get(name);
  if (key === undefined) {
    if (phoneticCache.size > 20_000) phoneticCache.clear();
    key = phoneticKey(name);
    phoneticCache.set(name, key);
  }
  return key;
}

/** How two normalised names (compact or single words) relate, from exact down to different. */
function compareNames(a: string, b: string, useVariants: boolean): NameTier {
  if (a === b) return 'exact';
  if (useVariants) {
    const variant = describeNameVariant(a, b);
    if (variant === 'short-form') return 'variant-short';
    if (variant === 'other-form') return 'variant-other';
    if (variant === 'shared-short-form') return 'variant-shared';
  }
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 1) return longer.startsWith(shorter) ? 'initial' : 'different';
  // A slip that swaps the first two letters ("Rbown") still starts the name the same way.
  const sameFirst = a[0] === b[0] || (a[0] === b[1] && a[1] === b[0]);
  // Only distances of one and two matter below, and the edit distance is at least the difference in length.
  const distance = longer.length - shorter.length > 2 ? 3 : osaDistance(a, b);
  const similarity = jaroWinkler(a, b);
  if (sameFirst && distance === 1 && shorter.length >= 4) return 'spelling';
  if (sameFirst && distance === 2 && shorter.length >= 7) return 'spelling';
  if (sameFirst && similarity >= 0.94) return 'spelling';
  if (sameFirst && distance === 1) return 'spelling-short';
  if (shorter.length >= 3 && longer.startsWith(shorter)) return 'prefix';
  const key = cachedPhoneticKey(a);
  const soundsSame = key !== '' && key === cachedPhoneticKey(b);
  if (soundsSame && similarity >= 0.8) return 'sounds-close';
  if (distance === 1 && shorter.length >= 4) return 'first-letter';
  if (soundsSame) return 'sounds';
  return 'different';
}

function titleCase(word: string): string {
  return word.replace(/(^|[\s-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function primaryOption(value: string | undefined): NameOption | null {
  if (typeof value !== 'string') return null;
  const compact = compactName(value);
  if (!compact) return null;
  return { compact, parts: nameParts(value), display: value.trim().replace(/\s+/g, ' '), other: false };
}

/** The given-name and family-name alternatives a list of other names offers. */
function otherNameOptions(otherNames: readonly string[] | undefined): { given: NameOption[]; family: NameOption[] } {
  const given: NameOption[] = [];
  const family: NameOption[] = [];
  if (!Array.isArray(otherNames)) return { given, family };
  for (const other of otherNames.slice(0, 10)) {
    if (typeof other !== 'string') continue;
    const words = normaliseName(other)
      .split(' ')
      .filter((word) => word.length > 0);
    const first = words[0];
    if (!first) continue;
    if (words.length === 1) {
      const option = { compact: compactName(first), parts: nameParts(first), display: titleCase(first), other: true };
      if (option.compact) {
        given.push(option);
        family.push(option);
      }
      continue;
    }
    given.push({ compact: compactName(first), parts: nameParts(first), display: titleCase(first), other: true });
    const rest = words.slice(1).join(' ');
    if (compactName(rest)) family.push({ compact: compactName(rest), parts: nameParts(rest), display: titleCase(rest), other: true });
  }
  return { given, family };
}

interface NameComparison {
  points: number;
  tier: NameTier;
  a: string;
  b: string;
  other: boolean;
  middle: boolean;
}

function comparePair(x: NameOption, y: NameOption, kind: 'givenName' | 'familyName'): NameComparison {
  const weights = MATCH_WEIGHTS[kind];
  const useVariants = kind === 'givenName';
  const penalty = x.other || y.other ? MATCH_WEIGHTS.otherNamePenalty : 0;
  const tier = compareNames(x.compact, y.compact, useVariants);
  let best: NameComparison = { points: weights[tier] - penalty, tier, a: x.display, b: y.display, other: penalty > 0, middle: false };
  if (best.tier === 'exact') return best;
  const multiple = x.parts.length > 1 || y.parts.length > 1;
  if (!multiple) return best;
  for (let i = 0; i < x.parts.length; i++) {
    for (let j = 0; j < y.parts.length; j++) {
      const xPart = x.parts[i] ?? '';
      const yPart = y.parts[j] ?? '';
      let partTier = compareNames(xPart, yPart, useVariants);
      // For family names any shared word is a double-barrelled or longer name; for given names
      // the first words are the given names proper and the rest are middle names.
      const middle = kind === 'givenName' && (i > 0 || j > 0);
      if (kind === 'familyName' && partTier === 'exact') partTier = 'part';
      if (kind === 'familyName' && partTier !== 'part') continue;
      const points = weights[partTier] - penalty - (middle ? MATCH_WEIGHTS.middleNamePenalty : 0);
      if (points > best.points) {
        best = { points, tier: partTier, a: titleCase(xPart), b: titleCase(yPart), other: penalty > 0, middle };
      }
    }
  }
  if (kind === 'familyName' && best.tier === 'part') {
    best = { ...best, a: x.display, b: y.display };
  }
  return best;
}

function bestComparison(xs: readonly NameOption[], ys: readonly NameOption[], kind: 'givenName' | 'familyName'): NameComparison | null {
  let best: NameComparison | null = null;
  for (const x of xs) {
    for (const y of ys) {
      const comparison = comparePair(x, y, kind);
      if (!best || comparison.points > best.points) best = comparison;
    }
  }
  return best;
}

function describeGiven(c: NameComparison): { reason?: string; conflict?: string } {
  const pair = `(${c.a} / ${c.b})`;
  if (c.points <= 0) {
    if (c.tier === 'sounds') return { conflict: `Given names differ but sound alike ${pair}` };
    return { conflict: `Different given name ${pair}` };
  }
  if (c.other) {
    return {
      reason: c.tier === 'exact' ? `Matches another name they are known by (${c.a})` : `Close to another name they are known by ${pair}`,
    };
  }
  if (c.middle) return { reason: `Given name matches a middle name ${pair}` };
  switch (c.tier) {
    case 'exact':
      return { reason: 'Given name matches' };
    case 'variant-short':
      return { reason: `Given name is a short form ${pair}` };
    case 'variant-other':
      return { reason: `Given names are forms of the same name ${pair}` };
    case 'variant-shared':
      return { reason: `Given names are short forms of the same name ${pair}` };
    case 'spelling':
    case 'spelling-short':
      return { reason: `Given name spelt differently ${pair}` };
    case 'prefix':
    case 'part':
      return { reason: `Given name may be a short form ${pair}` };
    case 'sounds-close':
      return { reason: `Given names sound alike ${pair}` };
    case 'initial':
      return { reason: `Given name initial matches ${pair}` };
    default:
      return { reason: `Given names differ by one letter ${pair}` };
  }
}

function describeFamily(c: NameComparison): { reason?: string; conflict?: string } {
  const pair = `(${c.a} / ${c.b})`;
  if (c.points <= 0) {
    if (c.tier === 'sounds') return { conflict: `Family names differ but sound alike ${pair}` };
    return { conflict: `Different family name ${pair}` };
  }
  if (c.other) {
    return {
      reason:
        c.tier === 'exact'
          ? `Matches a previous family name (${c.a === c.b ? c.a : `${c.a} / ${c.b}`})`
          : `Close to a previous family name ${pair}`,
    };
  }
  switch (c.tier) {
    case 'exact':
      return { reason: 'Family name matches' };
    case 'part':
      return { reason: `Family name is part of a double-barrelled or longer name ${pair}` };
    case 'spelling':
    case 'spelling-short':
      return { reason: `Family name spelt differently ${pair}` };
    case 'sounds-close':
      return { reason: `Family names sound alike ${pair}` };
    case 'prefix':
      return { reason: `Family name begins the same way ${pair}` };
    default:
      return { reason: `Family names differ by one letter ${pair}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

interface Evidence {
  points: number;
  reasons: string[];
  conflicts: string[];
}

function addNames(input: PersonFacts, candidate: PersonFacts, evidence: Evidence): void {
  const inputGiven = primaryOption(input.givenName);
  const inputFamily = primaryOption(input.familyName);
  const candidateGiven = primaryOption(candidate.givenName);
  const candidateFamily = primaryOption(candidate.familyName);
  const inputOthers = otherNameOptions(input.otherNames);
  const candidateOthers = otherNameOptions(candidate.otherNames);

  const given = bestComparison(
    [...(inputGiven ? [inputGiven] : []), ...inputOthers.given],
    [...(candidateGiven ? [candidateGiven] : []), ...candidateOthers.given],
    'givenName',
  );
  const family = bestComparison(
    [...(inputFamily ? [inputFamily] : []), ...inputOthers.family],
    [...(candidateFamily ? [candidateFamily] : []), ...candidateOthers.family],
    'familyName',
  );
  // Only count a name comparison when both records have that name of their own.
  const givenCounts = given !== null && inputGiven !== null && candidateGiven !== null;
  const familyCounts = family !== null && inputFamily !== null && candidateFamily !== null;
  const direct = (givenCounts ? given.points : 0) + (familyCounts ? family.points : 0);

  if (inputGiven && inputFamily && candidateGiven && candidateFamily) {
    // Given and family names swapped: each cross pair compared as family names (no nicknames).
    const crossOne = comparePair(inputGiven, candidateFamily, 'familyName');
    const crossTwo = comparePair(inputFamily, candidateGiven, 'familyName');
    const swapped = crossOne.points + crossTwo.points - MATCH_WEIGHTS.swappedNamesPenalty;
    if (crossOne.points >= 2 && crossTwo.points >= 2 && swapped > direct) {
      evidence.points += swapped;
      evidence.reasons.push(
        `Given and family names swapped (${inputGiven.display} ${inputFamily.display} / ${candidateGiven.display} ${candidateFamily.display})`,
      );
      return;
    }
  }
  if (givenCounts) {
    evidence.points += given.points;
    const { reason, conflict } = describeGiven(given);
    if (reason) evidence.reasons.push(reason);
    if (conflict) evidence.conflicts.push(conflict);
  }
  if (familyCounts) {
    evidence.points += family.points;
    const { reason, conflict } = describeFamily(family);
    if (reason) evidence.reasons.push(reason);
    if (conflict) evidence.conflicts.push(conflict);
  }
}

function addNhsNumbers(input: PersonFacts, candidate: PersonFacts, evidence: Evidence): void {
  const a = normaliseNhsNumber(input.nhsNumber);
  const b = normaliseNhsNumber(candidate.nhsNumber);
  if (!a || !b) return;
  const weights = MATCH_WEIGHTS.nhs;
  const bothValid = isValidNhsNumber(a) && isValidNhsNumber(b);
  if (a === b) {
    evidence.points += bothValid ? weights.sameValid : weights.sameUnchecked;
    evidence.reasons.push(bothValid ? 'Same NHS number' : 'Same NHS number (not a valid NHS number)');
  } else if (bothValid) {
    evidence.points += weights.differentValid;
    evidence.conflicts.push('Different NHS number');
  } else if (osaDistance(a, b) === 1) {
    evidence.points += weights.nearlySame;
    evidence.reasons.push('NHS numbers differ by one digit (one is not a valid NHS number)');
  } else {
    evidence.points += weights.differentUnchecked;
    evidence.conflicts.push('Different NHS number (one is not a valid NHS number)');
  }
}

function apart(a: CalendarDate, b: CalendarDate): string {
  const days = Math.abs(a.epochDay - b.epochDay);
  if (days < 31) return `Born ${days} ${days === 1 ? 'day' : 'days'} apart`;
  if (days < 365) {
    const months = Math.max(1, Math.round(days / 30.44));
    return `Born ${months} ${months === 1 ? 'month' : 'months'} apart`;
  }
  const years = Math.floor(days / 365.25);
  return `Born ${Math.max(1, years)} ${years <= 1 ? 'year' : 'years'} apart`;
}

function differsByOneDigit(a: string, b: string): boolean {
  const differences: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences.push(i);
  if (differences.length === 1) return true;
  const [first, second] = differences;
  return differences.length === 2 && first !== undefined && second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

function addDatesOfBirth(input: PersonFacts, candidate: PersonFacts, evidence: Evidence): void {
  const a = parseIsoDate(input.dateOfBirth);
  const b = parseIsoDate(candidate.dateOfBirth);
  if (!a || !b) return;
  const weights = MATCH_WEIGHTS.dateOfBirth;
  if (a.digits === b.digits) {
    evidence.points += weights.same;
    evidence.reasons.push('Date of birth matches');
    return;
  }
  if (a.year === b.year && a.day === b.month && a.month === b.day) {
    evidence.points += weights.dayMonthSwapped;
    evidence.reasons.push(`Day and month of birth swapped (${isoDate(a)} / ${isoDate(b)})`);
    return;
  }
  if (differsByOneDigit(a.digits, b.digits)) {
    evidence.points += weights.oneDigit;
    evidence.reasons.push(`Date of birth differs by one digit (${isoDate(a)} / ${isoDate(b)})`);
    return;
  }
  const days = Math.abs(a.epochDay - b.epochDay);
  if (a.year === b.year && a.month === b.month) evidence.points += weights.sameMonth;
  else if (a.year === b.year) evidence.points += weights.sameYear;
  else if (days < 365) evidence.points += weights.underAYear;
  else if (days < 2 * 365) evidence.points += weights.underTwoYears;
  else evidence.points += weights.further;
  evidence.conflicts.push(apart(a, b));
}

function addPostcodes(input: PersonFacts, candidate: PersonFacts, evidence: Evidence): void {
  const a = parsePostcode(input.postcode);
  const b = parsePostcode(candidate.postcode);
  if (!a || !b) return;
  const weights = MATCH_WEIGHTS.postcode;
  if (a.inward && b.inward && a.outward === b.outward && a.inward === b.inward) {
    evidence.points += weights.same;
    evidence.reasons.push('Same postcode');
  } else if (a.outward === b.outward) {
    evidence.points += weights.sameDistrict;
    evidence.reasons.push(`Same postcode district (${a.outward})`);
  } else {
    evidence.points += weights.different;
    evidence.conflicts.push('Different postcode');
  }
}

function addSex(input: PersonFacts, candidate: PersonFacts, evidence: Evidence): void {
  const a = normaliseSex(input.sex);
  const b = normaliseSex(candidate.sex);
  if (!a || !b) return;
  if (a === b) {
    evidence.points += MATCH_WEIGHTS.sex.same;
  } else {
    evidence.points += MATCH_WEIGHTS.sex.different;
    evidence.conflicts.push('Different sex recorded');
  }
}

/** How likely it is that `candidate`, an existing record, is the person `input` describes. */
export function scoreMatch(input: PersonFacts, candidate: PersonFacts): MatchResult {
  const evidence: Evidence = { points: 0, reasons: [], conflicts: [] };
  addNhsNumbers(input, candidate, evidence);
  addDatesOfBirth(input, candidate, evidence);
  addNames(input, candidate, evidence);
  addPostcodes(input, candidate, evidence);
  addSex(input, candidate, evidence);
  const score = pointsToScore(evidence.points);
  return { score, band: bandOf(score), reasons: evidence.reasons, conflicts: evidence.conflicts };
}

// ---------------------------------------------------------------------------------------------
// One search box
// ---------------------------------------------------------------------------------------------

export type SearchTerms =
  | { kind: 'empty' }
  | { kind: 'nhs-number'; nhsNumber: string; valid: boolean }
  | { kind: 'date-of-birth'; dateOfBirth: string }
  | { kind: 'postcode'; postcode: string; outwardCode: string; complete: boolean }
  | {
      kind: 'name';
      /** Every word, normalised. */
      words: string[];
      /** First word, when there are two or more (or the part after the comma in "Smith, John"). */
      givenName?: string;
      /** Last word with any particles before it ("o brien", "de souza"), when there are two or more words. */
      familyName?: string;
      /** Given names to look for: the given name (or the only word) and its short forms and variants. */
      givenNameVariants: string[];
      /** Phonetic key of each word, for sounds-like search. */
      phoneticKeys: string[];
      dateOfBirth?: string;
    }
  | { kind: 'unrecognised'; reason: string };

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].flatMap(
    (name, index): Array<[string, number]> => [
      [name, index + 1],
      [name.slice(0, 3), index + 1],
      ...(name === 'september' ? [['sept', 9] as [string, number]] : []),
    ],
  ),
);

const MONTH_WORDS = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');
const NUMERIC_DATE = String.raw`(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})`;
const DAY_MONTH_DATE = String.raw`(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH_WORDS})\.?,?\s+(\d{4}|\d{2})`;
const MONTH_DAY_DATE = String.raw`(${MONTH_WORDS})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`;
const WHOLE_DAY_MONTH_DATE = new RegExp(`^${DAY_MONTH_DATE}$`);
const WHOLE_MONTH_DAY_DATE = new RegExp(`^${MONTH_DAY_DATE}$`);
const DATE_IN_TEXT = new RegExp(String.raw`(?:^|\s)(${NUMERIC_DATE}|${DAY_MONTH_DATE}|${MONTH_DAY_DATE})(?=\s|$)`, 'i');

function fullYear(text: string, today: Date): number {
  const year = Number(text);
  if (text.length === 4) return year;
  const thisYear = today.getUTCFullYear();
  const century = Math.floor(thisYear / 100) * 100;
  return century + year <= thisYear ? century + year : century - 100 + year;
}

/**
 * A date of birth as typed: "03/04/2015", "3/4/15", "3.4.2015", "3 March 2015", "3rd Mar 2015",
 * "March 3, 2015" or "2015-03-04" (UK order: day before month). Two-digit years are the latest
 * year not after `today`. Returns the date as YYYY-MM-DD, `{ valid: false }` for a date that
 * does not exist ("31/02/2015"), or null when the text is not a date.
 */
export function parseDateOfBirth(text: string, today: Date = new Date()): { valid: true; dateOfBirth: string } | { valid: false } | null {
  const value = String(text ?? '')
    .trim()
    .toLowerCase();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(value);
  const dayMonth = WHOLE_DAY_MONTH_DATE.exec(value);
  const monthDay = WHOLE_MONTH_DAY_DATE.exec(value);
  let parts: [number, number, number] | null = null;
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (numeric?.[3]) parts = [fullYear(numeric[3], today), Number(numeric[2]), Number(numeric[1])];
  else if (dayMonth?.[3]) parts = [fullYear(dayMonth[3], today), MONTHS.get(dayMonth[2] ?? '') ?? 0, Number(dayMonth[1])];
  else if (monthDay?.[3]) parts = [Number(monthDay[3]), MONTHS.get(monthDay[1] ?? '') ?? 0, Number(monthDay[2])];
  if (!parts) return null;
  const date = parts[0] >= 1900 ? calendarDate(...parts) : null;
  return date ? { valid: true, dateOfBirth: isoDate(date) } : { valid: false };
}

/**
 * Works out what someone typed into a single search box: an NHS number (ten digits, spaces
 * allowed), a date of birth, a UK postcode (full, or just the outward code), or a name with or
 * without a date of birth ("John Smith 3/4/2015", "Smith, John"). For names it gives the given
 * names to look for as well (short forms and variants from the given-name table).
 */
export function nameSearchTerms(query: string, today: Date = new Date()): SearchTerms {
  const text = String(query ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return { kind: 'empty' };

  if (/^[\d\s-]+$/.test(text) && text.replace(/\D/g, '').length === 10) {
    const nhsNumber = text.replace(/\D/g, '');
    return { kind: 'nhs-number', nhsNumber, valid: isValidNhsNumber(nhsNumber) };
  }

  const wholeDate = parseDateOfBirth(text, today);
  if (wholeDate?.valid === false) return { kind: 'unrecognised', reason: 'That date does not exist' };
  if (wholeDate?.valid) return { kind: 'date-of-birth', dateOfBirth: wholeDate.dateOfBirth };

  if (/\d/.test(text) && /^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*(\d[A-Za-z]{2})?$/.test(text)) {
    const parsed = parsePostcode(text);
    if (parsed) {
      return {
        kind: 'postcode',
        postcode: parsed.inward ? `${parsed.outward} ${parsed.inward}` : parsed.outward,
        outwardCode: parsed.outward,
        complete: parsed.inward !== undefined,
      };
    }
  }

  let nameText = text;
  let dateOfBirth: string | undefined;
  const dateMatch = DATE_IN_TEXT.exec(text);
  if (dateMatch?.[1]) {
    const parsed = parseDateOfBirth(dateMatch[1], today);
    if (parsed?.valid === false) return { kind: 'unrecognised', reason: 'That date does not exist' };
    if (parsed?.valid) {
      dateOfBirth = parsed.dateOfBirth;
      nameText = `${text.slice(0, dateMatch.index)} ${text.slice(dateMatch.index + dateMatch[0].length)}`;
    }
  }
  if (/\d/.test(nameText)) {
    return { kind: 'unrecognised', reason: 'Enter a name, a date of birth, an NHS number or a postcode' };
  }

  let givenText: string | undefined;
  let familyText: string | undefined;
  const comma = nameText.indexOf(',');
  if (comma >= 0) {
    familyText = nameText.slice(0, comma);
    givenText = nameText
      .slice(comma + 1)
      .trim()
      .split(/\s+/)[0];
  }
  const words = normaliseName(nameText.replace(/,/g, ' '))
    .split(' ')
    .filter((word) => word.length > 0);
  if (words.length === 0) {
    return dateOfBirth
      ? { kind: 'date-of-birth', dateOfBirth }
      : { kind: 'unrecognised', reason: 'Enter a name, a date of birth, an NHS number or a postcode' };
  }
  if (comma < 0 && words.length >= 2) {
    let start = words.length - 1;
    while (start > 1 && NAME_PARTICLES.has(words[start - 1] ?? '')) start--;
    givenText = words[0];
    familyText = words.slice(start).join(' ');
  }
  const givenName = givenText ? normaliseName(givenText) || undefined : undefined;
  const familyName = familyText ? normaliseName(familyText) || undefined : undefined;
  const variantsOf = givenName ?? (words.length === 1 ? words[0] : undefined);
  return {
    kind: 'name',
    words,
    ...(givenName ? { givenName } : {}),
    ...(familyName ? { familyName } : {}),
    givenNameVariants: variantsOf ? givenNameVariants(variantsOf) : [],
    phoneticKeys: words.map((word) => phoneticKey(word)),
    ...(dateOfBirth ? { dateOfBirth } : {}),
  };
}
