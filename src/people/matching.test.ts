import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, MATCH_BANDS, nameSearchTerms, parseDateOfBirth, scoreMatch, type PersonFacts } from './matching.js';
import { compactName } from './names.js';

/** A valid NHS number in the 999 test range, from six digits (null when no check digit exists). */
function testNhsNumber(six: string): string | null {
  const nine = `999${six}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${nine}${check === 11 ? 0 : check}`;
}

const robert: PersonFacts = {
  givenName: 'Robert',
  familyName: 'Smith',
  dateOfBirth: '2015-03-04',
  postcode: 'PE1 2AB',
  sex: 'male',
  nhsNumber: '943 476 5919',
};

function withoutNhs(facts: PersonFacts): PersonFacts {
  const { nhsNumber: _nhsNumber, ...rest } = facts;
  return rest;
}

describe('NHS numbers', () => {
  it('checks the modulus 11 check digit', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber(undefined)).toBe(false);
    expect(isValidNhsNumber(testNhsNumber('000001') ?? '')).toBe(true);
  });
});

describe('scoring a candidate', () => {
  it('matches a short form of the given name, saying so', () => {
    const result = scoreMatch({ ...withoutNhs(robert), givenName: 'Bob' }, robert);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Given name is a short form (Bob / Robert)');
    expect(result.reasons).toContain('Date of birth matches');
    expect(result.reasons).toContain('Same postcode');
    expect(result.conflicts).toEqual([]);
  });

  it('matches Kate to Catherine', () => {
    const catherine = { givenName: 'Catherine', familyName: 'Jones', dateOfBirth: '2012-11-30', postcode: 'CB4 1XY', sex: 'female' };
    const result = scoreMatch({ ...catherine, givenName: 'Kate' }, catherine);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Given name is a short form (Kate / Catherine)');
  });

  it('counts Jonh for John as one slip of the keyboard', () => {
    const john = { givenName: 'John', familyName: 'Taylor', dateOfBirth: '2010-01-20', postcode: 'PE7 3QT' };
    const result = scoreMatch({ ...john, givenName: 'Jonh' }, john);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Given name spelt differently (Jonh / John)');
  });

  it('matches Smyth to Smith', () => {
    const result = scoreMatch({ ...withoutNhs(robert), familyName: 'Smyth' }, robert);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Family name spelt differently (Smyth / Smith)');
  });

  it('finds given and family names entered the wrong way round', () => {
    const result = scoreMatch({ ...withoutNhs(robert), givenName: 'Smith', familyName: 'Robert' }, robert);
    expect(result.band).toBe('strong');
    expect(result.reasons.some((reason) => reason.startsWith('Given and family names swapped'))).toBe(true);
  });

  it('matches a child whose family name changed, on the same date of birth and NHS number', () => {
    const result = scoreMatch({ ...robert, familyName: 'Jones' }, robert);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Same NHS number');
    expect(result.reasons).toContain('Date of birth matches');
    expect(result.conflicts).toContain('Different family name (Jones / Smith)');
  });

  it('matches a previous family name', () => {
    const result = scoreMatch({ ...withoutNhs(robert), familyName: 'Jones', otherNames: ['Smith'] }, robert);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Matches a previous family name (Smith)');
    const other = scoreMatch(withoutNhs(robert), { ...robert, familyName: 'Jones', otherNames: ['Robert Smith'] });
    expect(other.reasons).toContain('Matches a previous family name (Smith)');
  });

  it('without an NHS number, offers a changed family name for review rather than as certain', () => {
    const result = scoreMatch({ ...withoutNhs(robert), familyName: 'Jones' }, robert);
    expect(result.band).toBe('possible');
  });

  it('does not take twins for one another', () => {
    const twin = { ...robert, givenName: 'Oliver', nhsNumber: undefined };
    expect(scoreMatch(twin, robert).band).not.toBe('strong');
    expect(scoreMatch(twin, robert).conflicts).toContain('Different given name (Oliver / Robert)');
    expect(scoreMatch({ ...twin, givenName: 'Amelia', sex: 'female' }, robert).band).not.toBe('strong');
    expect(scoreMatch({ ...twin, givenName: 'Charlotte', sex: 'female' }, { ...robert, givenName: 'Charlie' }).band).not.toBe('strong');
    const withNumbers = scoreMatch({ ...twin, nhsNumber: testNhsNumber('100200') ?? '' }, robert);
    expect(withNumbers.band).toBe('weak');
    expect(withNumbers.conflicts).toContain('Different NHS number');
  });

  it('treats the same valid NHS number as near-certain and different ones as a strong conflict', () => {
    expect(scoreMatch({ givenName: '', familyName: '', nhsNumber: '9434765919' }, robert).band).toBe('strong');
    const different = scoreMatch({ ...robert, nhsNumber: testNhsNumber('654321') ?? '' }, robert);
    expect(different.conflicts).toContain('Different NHS number');
    expect(different.score).toBeLessThan(scoreMatch(withoutNhs(robert), robert).score);
    expect(different.band).not.toBe('strong');
  });

  it('recognises slips in the date of birth', () => {
    const swapped = scoreMatch({ ...withoutNhs(robert), dateOfBirth: '2015-04-03' }, robert);
    expect(swapped.band).toBe('strong');
    expect(swapped.reasons).toContain('Day and month of birth swapped (2015-04-03 / 2015-03-04)');
    const digit = scoreMatch({ ...withoutNhs(robert), dateOfBirth: '2015-03-07' }, robert);
    expect(digit.band).toBe('strong');
    expect(digit.reasons).toContain('Date of birth differs by one digit (2015-03-07 / 2015-03-04)');
    const apart = scoreMatch({ ...withoutNhs(robert), dateOfBirth: '2012-06-20' }, robert);
    expect(apart.conflicts).toContain('Born 2 years apart');
    expect(apart.band).not.toBe('strong');
    expect(scoreMatch({ ...withoutNhs(robert), dateOfBirth: '2011-09-20' }, robert).conflicts).toContain('Born 3 years apart');
  });

  it('weighs the postcode: same, same district, different', () => {
    const base = withoutNhs(robert);
    const same = scoreMatch(base, robert);
    const district = scoreMatch({ ...base, postcode: 'PE1 9ZZ' }, robert);
    const elsewhere = scoreMatch({ ...base, postcode: 'CB1 1AA' }, robert);
    expect(same.reasons).toContain('Same postcode');
    expect(district.reasons).toContain('Same postcode district (PE1)');
    expect(elsewhere.conflicts).toContain('Different postcode');
    expect(same.score).toBeGreaterThan(district.score);
    expect(district.score).toBeGreaterThan(elsewhere.score);
  });

  it('lowers the score when sex is recorded differently', () => {
    const base = withoutNhs(robert);
    const different = scoreMatch({ ...base, sex: 'F' }, robert);
    expect(different.conflicts).toContain('Different sex recorded');
    expect(different.score).toBeLessThan(scoreMatch(base, robert).score);
    expect(scoreMatch({ ...base, sex: 'not known' }, robert).conflicts).not.toContain('Different sex recorded');
  });

  it('matches part of a double-barrelled family name', () => {
    const result = scoreMatch({ ...withoutNhs(robert), familyName: 'Smith-Jones' }, robert);
    expect(result.band).toBe('strong');
    expect(result.reasons).toContain('Family name is part of a double-barrelled or longer name (Smith-Jones / Smith)');
  });

  it('ignores accents and punctuation', () => {
    const wojcik = { givenName: 'Zoë', familyName: "Wójcik-O'Neill", dateOfBirth: '2018-07-01' };
    const result = scoreMatch({ givenName: 'Zoe', familyName: 'Wojcik ONeill', dateOfBirth: '2018-07-01' }, wojcik);
    expect(result.reasons).toEqual(expect.arrayContaining(['Given name matches', 'Family name matches']));
  });

  it('does not call a name alone strong', () => {
    const result = scoreMatch({ givenName: 'Robert', familyName: 'Smith' }, robert);
    expect(result.band).toBe('possible');
  });

  it('uses the documented band thresholds', () => {
    expect(MATCH_BANDS).toEqual({ strong: 0.9, possible: 0.5 });
    for (const result of [
      scoreMatch(robert, robert),
      scoreMatch({ givenName: 'Robert', familyName: 'Smith' }, robert),
      scoreMatch({ givenName: 'Amy', familyName: 'Khan' }, robert),
    ]) {
      const expected = result.score >= 0.9 ? 'strong' : result.score >= 0.5 ? 'possible' : 'weak';
      expect(result.band).toBe(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const realisticName = fc.constantFrom(
  'Robert',
  'Bob',
  'Smith',
  'Smyth',
  'Katherine',
  'Kate',
  "O'Brien",
  'Smith-Jones',
  'Mohammed',
  'Muhammad',
  'Wójcik',
  'Ava',
  'Eva',
  'J',
  'da Silva',
);
const nameText = fc.oneof(realisticName, fc.string(), fc.string({ unit: 'grapheme', maxLength: 12 }));
const isoDate = fc
  .date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const validNhsNumber = fc
  .stringMatching(/^\d{6}$/)
  .map(testNhsNumber)
  .filter((n): n is string => n !== null);
const fullPostcode = fc.constantFrom('PE1 2AB', 'PE1 9ZZ', 'CB4 1XY', 'CB22 5LA', 'SG8 7QT', 'pe12ab');
const sexValue = fc.constantFrom('female', 'male', 'F', 'm');

const facts: fc.Arbitrary<PersonFacts> = fc.record({
  givenName: nameText,
  familyName: nameText,
  otherNames: fc.option(fc.array(nameText, { maxLength: 3 }), { nil: undefined }),
  dateOfBirth: fc.option(fc.oneof(isoDate, fc.string(), fc.constantFrom('2015-02-30', '15/03/2015')), { nil: undefined }),
  nhsNumber: fc.option(fc.oneof(validNhsNumber, fc.stringMatching(/^\d{10}$/), fc.string()), { nil: undefined }),
  postcode: fc.option(fc.oneof(fullPostcode, fc.constantFrom('PE1', 'nowhere'), fc.string()), { nil: undefined }),
  sex: fc.option(fc.oneof(sexValue, fc.string()), { nil: undefined }),
});

const recordOnFile: fc.Arbitrary<PersonFacts> = fc
  .tuple(facts, isoDate)
  .filter(([f]) => compactName(f.givenName) !== '' && compactName(f.familyName) !== '')
  .map(([f, dateOfBirth]) => ({ ...f, dateOfBirth }));

describe('properties of scoreMatch', () => {
  it('never throws and keeps the score in 0..1 with a band to match', () => {
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const result = scoreMatch(a, b);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.band).toBe(
          result.score >= MATCH_BANDS.strong ? 'strong' : result.score >= MATCH_BANDS.possible ? 'possible' : 'weak',
        );
      }),
      { numRuns: 500 },
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        expect(Math.abs(scoreMatch(a, b).score - scoreMatch(b, a).score)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 500 },
    );
    // Nearby records, where the interesting rules apply.
    const near = fc.tuple(
      recordOnFile,
      fc.constantFrom<Partial<PersonFacts>>(
        {},
        { givenName: 'Bob' },
        { familyName: 'Smith-Jones' },
        { dateOfBirth: '2015-04-03' },
        { otherNames: ['Smith'] },
      ),
    );
    fc.assert(
      fc.property(near, ([a, change]) => {
        const b = { ...a, ...change };
        expect(Math.abs(scoreMatch(a, b).score - scoreMatch(b, a).score)).toBeLessThanOrEqual(1e-9);
      }),
    );
  });

  it('always scores a record on file (names and date of birth) as a strong match with itself', () => {
    fc.assert(
      fc.property(recordOnFile, (record) => {
        expect(scoreMatch(record, record).band).toBe('strong');
        expect(scoreMatch(record, structuredClone(record)).band).toBe('strong');
      }),
      { numRuns: 500 },
    );
  });

  it('never lowers the score when both records gain the same evidence', () => {
    const evidence = fc.oneof(
      isoDate.map((dateOfBirth): Partial<PersonFacts> => ({ dateOfBirth })),
      validNhsNumber.map((nhsNumber): Partial<PersonFacts> => ({ nhsNumber })),
      fullPostcode.map((postcode): Partial<PersonFacts> => ({ postcode })),
      sexValue.map((sex): Partial<PersonFacts> => ({ sex })),
    );
    fc.assert(
      fc.property(facts, facts, evidence, (a, b, extra) => {
        const before = scoreMatch(a, b).score;
        expect(scoreMatch({ ...a, ...extra }, { ...b, ...extra }).score).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(facts, facts, nameText, (a, b, name) => {
        const before = scoreMatch(a, b).score;
        const withOther = (f: PersonFacts) => ({ ...f, otherNames: [...(f.otherNames ?? []), name] });
        expect(scoreMatch(withOther(a), withOther(b)).score).toBeGreaterThanOrEqual(before);
        const noGiven = scoreMatch({ ...a, givenName: '' }, { ...b, givenName: '' }).score;
        expect(scoreMatch({ ...a, givenName: name }, { ...b, givenName: name }).score).toBeGreaterThanOrEqual(noGiven);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The search box
// ---------------------------------------------------------------------------------------------

describe('reading the search box', () => {
  const today = new Date('2026-01-15T12:00:00Z');

  it('recognises an NHS number, with or without spaces', () => {
    expect(nameSearchTerms('943 476 5919', today)).toEqual({ kind: 'nhs-number', nhsNumber: '9434765919', valid: true });
    expect(nameSearchTerms('9434765918', today)).toEqual({ kind: 'nhs-number', nhsNumber: '9434765918', valid: false });
  });

  it('recognises dates of birth in the ways people type them', () => {
    for (const text of [
      '03/04/2015',
      '3/4/2015',
      '3/4/15',
      '3.4.2015',
      '03-04-2015',
      '3 April 2015',
      '3rd Apr 2015',
      'April 3, 2015',
      '2015-04-03',
    ]) {
      expect(nameSearchTerms(text, today), text).toEqual({ kind: 'date-of-birth', dateOfBirth: '2015-04-03' });
    }
    expect(nameSearchTerms('3 March 2015', today)).toEqual({ kind: 'date-of-birth', dateOfBirth: '2015-03-03' });
    expect(parseDateOfBirth('1/1/85', today)).toEqual({ valid: true, dateOfBirth: '1985-01-01' });
    expect(parseDateOfBirth('1/1/26', today)).toEqual({ valid: true, dateOfBirth: '2026-01-01' });
    expect(parseDateOfBirth('31/02/2015', today)).toEqual({ valid: false });
    expect(parseDateOfBirth('Robert', today)).toBeNull();
    expect(nameSearchTerms('31/02/2015', today).kind).toBe('unrecognised');
  });

  it('recognises postcodes, whole or just the district', () => {
    expect(nameSearchTerms('pe1 2ab', today)).toEqual({ kind: 'postcode', postcode: 'PE1 2AB', outwardCode: 'PE1', complete: true });
    expect(nameSearchTerms('CB225LA', today)).toEqual({ kind: 'postcode', postcode: 'CB22 5LA', outwardCode: 'CB22', complete: true });
    expect(nameSearchTerms('PE1', today)).toEqual({ kind: 'postcode', postcode: 'PE1', outwardCode: 'PE1', complete: false });
  });

  it('reads a name, with the given names to look for', () => {
    const terms = nameSearchTerms('Bob Smith', today);
    expect(terms).toMatchObject({ kind: 'name', givenName: 'bob', familyName: 'smith', words: ['bob', 'smith'] });
    if (terms.kind !== 'name') throw new Error('expected a name');
    expect(terms.givenNameVariants).toEqual(expect.arrayContaining(['bob', 'robert', 'rob']));
    expect(terms.phoneticKeys).toEqual(['BB', 'SMT']);
  });

  it('reads a name with a date of birth, "family, given" and particles', () => {
    expect(nameSearchTerms('Kate O Brien 3/4/2015', today)).toMatchObject({
      kind: 'name',
      givenName: 'kate',
      familyName: 'o brien',
      dateOfBirth: '2015-04-03',
    });
    expect(nameSearchTerms('Sean de la Cruz', today)).toMatchObject({ kind: 'name', givenName: 'sean', familyName: 'de la cruz' });
    expect(nameSearchTerms('Smith, John', today)).toMatchObject({ kind: 'name', givenName: 'john', familyName: 'smith' });
    expect(nameSearchTerms('Mohammed Khan 3 March 2015', today)).toMatchObject({
      kind: 'name',
      givenName: 'mohammed',
      familyName: 'khan',
      dateOfBirth: '2015-03-03',
    });
  });

  it('searches a single word as either name', () => {
    const terms = nameSearchTerms('Alex', today);
    expect(terms).toMatchObject({ kind: 'name', words: ['alex'] });
    if (terms.kind !== 'name') throw new Error('expected a name');
    expect(terms.givenName).toBeUndefined();
    expect(terms.familyName).toBeUndefined();
    expect(terms.givenNameVariants).toEqual(expect.arrayContaining(['alexander', 'alexandra']));
  });

  it('says when it cannot read the box', () => {
    expect(nameSearchTerms('   ', today)).toEqual({ kind: 'empty' });
    expect(nameSearchTerms('abc123', today).kind).toBe('unrecognised');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[\d /.-]{0,14}$/)), (text) => {
        const terms = nameSearchTerms(text, today);
        expect(terms.kind).toMatch(/^(empty|nhs-number|date-of-birth|postcode|name|unrecognised)$/);
      }),
      { numRuns: 500 },
    );
  });
});
