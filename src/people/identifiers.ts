/**
 * Checks for the identifiers we hold on a person: NHS number, the DfE unique pupil number (UPN),
 * the council's own child ID, and UK postcodes. Each check takes what someone typed, tidies it
 * into the one form we store, and either returns that value or a GOV.UK-style message telling the
 * user how to put it right. The checks never throw, whatever they are given.
 *
 * Also here: generators of valid NHS numbers and UPNs for tests and fictional demo data.
 *
 * Pure and dependency-free: no database, no I/O.
 */

export type IdentifierCheck = { ok: true; value: string } | { ok: false; problem: string };

/** A source of random numbers in [0, 1), like Math.random. Tests pass a seeded or scripted one. */
export type RandomSource = () => number;

function valid(value: string): IdentifierCheck {
  return { ok: true, value };
}

function invalid(problem: string): IdentifierCheck {
  return { ok: false, problem };
}

// ——— NHS number ———
//
// 10 digits; the 10th is a modulus 11 check digit. Multiply the first nine digits by 10, 9, … 2,
// add them up, take the remainder on dividing by 11 and subtract it from 11. A result of 11 means
// the check digit is 0; a result of 10 means no valid NHS number starts with those nine digits.
// Numbers starting 999 are reserved by NHS England for testing, so demo data uses them.

/** A valid NHS number in the test range, used in messages so nobody copies a real person's number. */
const NHS_NUMBER_EXAMPLE = '999 234 5675';

export const NHS_NUMBER_PROBLEMS = {
  missing: 'Enter an NHS number',
  characters: 'NHS number must only include numbers, spaces and hyphens',
  length: `NHS number must be 10 digits, like ${NHS_NUMBER_EXAMPLE}`,
  checkDigit: 'Enter a real NHS number: the last digit does not match the others. Check it for typing errors',
  impossible: 'Enter a real NHS number: no NHS number starts with these digits. Check it for typing errors',
} as const;

/**
 * The check digit (0-9) for the first nine digits of an NHS number, or 10 when those digits can
 * never start a valid NHS number. `nineDigits` must be exactly nine ASCII digits.
 */
export function nhsNumberCheckDigit(nineDigits: string): number {
  let total = 0;
  for (let index = 0; index < 9; index += 1) total += Number(nineDigits.charAt(index)) * (10 - index);
  const check = 11 - (total % 11);
  return check === 11 ? 0 : check;
}

export function checkNhsNumber(input: string): IdentifierCheck {
  const trimmed = String(input).trim();
  if (trimmed === '') return invalid(NHS_NUMBER_PROBLEMS.missing);
  const digits = trimmed.replace(/[\s-]+/g, '');
  if (!/^[0-9]*$/.test(digits)) return invalid(NHS_NUMBER_PROBLEMS.characters);
  if (digits.length !== 10) return invalid(NHS_NUMBER_PROBLEMS.length);
  const expected = nhsNumberCheckDigit(digits.slice(0, 9));
  if (expected === 10) return invalid(NHS_NUMBER_PROBLEMS.impossible);
  if (expected !== Number(digits.charAt(9))) return invalid(NHS_NUMBER_PROBLEMS.checkDigit);
  return valid(digits);
}

/** "9434765919" → "943 476 5919", the way NHS services show it. Anything else comes back as it was. */
export function formatNhsNumber(value: string): string {
  const digits = value.replace(/[\s-]+/g, '');
  if (!/^[0-9]{10}$/.test(digits)) return value;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

// ——— Unique pupil number (DfE) ———
//
// 13 characters: a check letter; the 3-digit LA number; the 4-digit establishment number; the
// 2-digit year of allocation; a 3-digit serial. A temporary UPN has a letter as its 13th character.
// The check letter: multiply characters 2 to 13 by the weights 2 to 13; a letter in position 13
// counts as its position (0-22) in the check letter alphabet below, which leaves out I, O and S;
// the total modulo 23, looked up in that alphabet, is the check letter.

const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** A valid (fictional) UPN used in messages. */
const UPN_EXAMPLE = 'B201432124001';

export const UPN_PROBLEMS = {
  missing: 'Enter a unique pupil number',
  length: `Unique pupil number must be 13 characters, like ${UPN_EXAMPLE}`,
  firstCharacter: 'Unique pupil number must start with a letter',
  middleDigits: 'Unique pupil number must have numbers in characters 2 to 12',
  lastCharacter: 'The last character of a unique pupil number must be a number, or a letter other than I, O or S',
  checkLetter: 'Enter a real unique pupil number: the first letter does not match the rest of it. Check it for typing errors',
} as const;

/**
 * The check letter for the last 12 characters of a UPN (11 digits then a digit or an allowed
 * letter), or undefined when those characters are not in that form.
 */
export function upnCheckLetter(lastTwelve: string): string | undefined {
  if (!/^[0-9]{11}[0-9A-HJ-NP-RT-Z]$/.test(lastTwelve)) return undefined;
  let total = 0;
  for (let index = 0; index < 12; index += 1) {
    const character = lastTwelve.charAt(index);
    const numeric = /[0-9]/.test(character) ? Number(character) : UPN_ALPHABET.indexOf(character);
    total += numeric * (index + 2);
  }
  return UPN_ALPHABET.charAt(total % 23);
}

export function checkUniquePupilNumber(input: string): IdentifierCheck {
  const upn = String(input).trim().toUpperCase();
  if (upn === '') return invalid(UPN_PROBLEMS.missing);
  if (upn.length !== 13) return invalid(UPN_PROBLEMS.length);
  if (!/^[A-Z]/.test(upn)) return invalid(UPN_PROBLEMS.firstCharacter);
  if (!/^.[0-9]{11}/.test(upn)) return invalid(UPN_PROBLEMS.middleDigits);
  if (!/[0-9A-HJ-NP-RT-Z]$/.test(upn)) return invalid(UPN_PROBLEMS.lastCharacter);
  if (upnCheckLetter(upn.slice(1)) !== upn.charAt(0)) return invalid(UPN_PROBLEMS.checkLetter);
  return valid(upn);
}

// ——— The council's own child ID ———

export const COUNCIL_CHILD_ID_PROBLEMS = {
  missing: "Enter the council's child ID",
  length: "Council's child ID must be 20 characters or fewer",
  characters: "Council's child ID must only include letters, numbers and hyphens",
} as const;

/** 1 to 20 letters, numbers and hyphens. Kept in the case it was typed: some councils' IDs mix cases. */
export function checkCouncilChildId(input: string): IdentifierCheck {
  const id = String(input).trim();
  if (id === '') return invalid(COUNCIL_CHILD_ID_PROBLEMS.missing);
  if (!/^[A-Za-z0-9-]*$/.test(id)) return invalid(COUNCIL_CHILD_ID_PROBLEMS.characters);
  if (id.length > 20) return invalid(COUNCIL_CHILD_ID_PROBLEMS.length);
  return valid(id);
}

// ——— UK postcodes ———
//
// Outward code (area and district) then inward code (sector digit and unit letters):
// A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA, plus the one-off GIR 0AA.
// Letter rules: the 1st letter is never Q, V or X; the 2nd never I, J or Z; a letter in the 3rd
// position (A9A) is one of A B C D E F G H J K P S T U W; in the 4th (AA9A) one of
// A B E H M N P R V W X Y; the two inward letters never C, I, K, M, O or V.
// British Overseas Territories' codes (such as ASCN 1ZZ) and BFPO numbers are not UK postcodes.

const OUTWARD =
  '(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
const POSTCODE_PATTERN = new RegExp(`^(?:(${OUTWARD})(${INWARD})|(GIR)(0AA))$`);
const OUTWARD_PATTERN = new RegExp(`^(?:${OUTWARD}|GIR)$`);

const POSTCODE_EXAMPLE = 'SW1A 2AA';

export const POSTCODE_PROBLEMS = {
  missing: 'Enter a postcode',
  partial: `Enter a full postcode, like ${POSTCODE_EXAMPLE}`,
  zero: 'Enter a real postcode: the number after the space is 0 (zero), not the letter O',
  format: `Enter a real postcode, like ${POSTCODE_EXAMPLE}`,
} as const;

/** Upper case, no spaces: "cb1 2ab" → "CB12AB". */
function compactPostcode(input: string): string {
  return String(input).replace(/\s+/g, '').toUpperCase();
}

function splitPostcode(compact: string): { outward: string; inward: string } | undefined {
  const match = POSTCODE_PATTERN.exec(compact);
  if (!match) return undefined;
  const outward = match[1] ?? match[3];
  const inward = match[2] ?? match[4];
  return outward !== undefined && inward !== undefined ? { outward, inward } : undefined;
}

export function checkUkPostcode(input: string): IdentifierCheck {
  const compact = compactPostcode(input);
  if (compact === '') return invalid(POSTCODE_PROBLEMS.missing);
  const parts = splitPostcode(compact);
  if (parts) return valid(`${parts.outward} ${parts.inward}`);
  if (OUTWARD_PATTERN.test(compact)) return invalid(POSTCODE_PROBLEMS.partial);
  if (compact.length >= 5 && compact.charAt(compact.length - 3) === 'O') {
    const withZero = `${compact.slice(0, -3)}0${compact.slice(-2)}`;
    if (splitPostcode(withZero)) return invalid(POSTCODE_PROBLEMS.zero);
  }
  return invalid(POSTCODE_PROBLEMS.format);
}

/**
 * The outward code (postcode district) of a postcode: "CB1 2AB" → "CB1". Meant for postcodes that
 * have passed checkUkPostcode; anything that is not a valid postcode gives undefined.
 */
export function postcodeDistrict(postcode: string): string | undefined {
  return splitPostcode(compactPostcode(postcode))?.outward;
}

// ——— Generators for tests and fictional demo data ———

/** A whole number from 0 to size - 1, whatever the random source returns. */
function pick(random: RandomSource, size: number): number {
  const draw = random();
  if (!Number.isFinite(draw)) return 0;
  return Math.min(size - 1, Math.max(0, Math.floor(draw * size)));
}

function digits(random: RandomSource, count: number): string {
  let result = '';
  for (let index = 0; index < count; index += 1) result += String(pick(random, 10));
  return result;
}

/**
 * A valid NHS number in the 999 range that NHS England reserves for testing, so demo data can
 * never be mistaken for, or match, a real person. Returned as 10 digits.
 */
export function generateNhsNumber(random: RandomSource): string {
  let first = `999${digits(random, 6)}`;
  let check = nhsNumberCheckDigit(first);
  if (check === 10) {
    // Bumping the 9th digit (weight 2) always moves the remainder, so one bump is enough.
    first = `${first.slice(0, 8)}${(Number(first.charAt(8)) + 1) % 10}`;
    check = nhsNumberCheckDigit(first);
  }
  return `${first}${check}`;
}

/**
 * A valid UPN for the given 3-digit LA number, with a random establishment number, year and
 * serial. With `temporary`, the 13th character is a letter, as in a temporary UPN.
 * Throws a RangeError if the LA number is not 3 digits: that is a programming mistake.
 */
export function generateUniquePupilNumber(random: RandomSource, laNumber: number | string, options: { temporary?: boolean } = {}): string {
  const la =
    typeof laNumber === 'number' && Number.isInteger(laNumber) && laNumber >= 0 && laNumber <= 999
      ? String(laNumber).padStart(3, '0')
      : String(laNumber);
  if (!/^[0-9]{3}$/.test(la)) throw new RangeError(`LA number must be 3 digits, not ${String(laNumber)}`);
  const last = options.temporary ? UPN_ALPHABET.charAt(pick(random, UPN_ALPHABET.length)) : digits(random, 1);
  const lastTwelve = `${la}${digits(random, 8)}${last}`;
  const checkLetter = upnCheckLetter(lastTwelve) ?? '';
  return `${checkLetter}${lastTwelve}`;
}
