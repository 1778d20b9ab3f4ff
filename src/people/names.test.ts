import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areNameVariants,
  compactName,
  describeNameVariant,
  givenNameGroupCount,
  givenNameGroupList,
  givenNameGroups,
  givenNameVariants,
  jaro,
  jaroWinkler,
  nameParts,
  normaliseName,
  osaDistance,
  phoneticKey,
} from './names.js';

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

describe('normalising names', () => {
  it('lower-cases, strips accents and collapses spaces', () => {
    expect(normaliseName('  ZOË   Wójcik ')).toBe('zoe wojcik');
    expect(normaliseName('Łukasz Dąbrowski')).toBe('lukasz dabrowski');
    expect(normaliseName('Bērziņš')).toBe('berzins');
    expect(normaliseName('Straße')).toBe('strasse');
  });

  it('treats O’Brien, OBrien and O Brien as the same name', () => {
    expect(normaliseName("O'Brien")).toBe('obrien');
    expect(normaliseName('O’Brien')).toBe('obrien');
    expect(normaliseName('OBrien')).toBe('obrien');
    expect(compactName('O Brien')).toBe('obrien');
    expect(compactName("d'Arcy")).toBe(compactName('Darcy'));
  });

  it('keeps double-barrelled names together, whatever the spacing around the hyphen', () => {
    expect(normaliseName('Smith-Jones')).toBe('smith-jones');
    expect(normaliseName('Smith - Jones')).toBe('smith-jones');
    expect(normaliseName('Smith–Jones')).toBe('smith-jones');
    expect(compactName('Smith Jones')).toBe(compactName('Smith-Jones'));
    expect(nameParts('Smith-Jones')).toEqual(['smith', 'jones']);
    expect(nameParts('De Souza')).toEqual(['souza']);
  });

  it('drops digits and punctuation, and keeps letters of other scripts', () => {
    expect(normaliseName('J. Smith 2nd')).toBe('j smith nd');
    expect(normaliseName('محمد')).toBe('محمد');
    expect(normaliseName('---')).toBe('');
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normaliseName(s);
        expect(normaliseName(once)).toBe(once);
        expect(compactName(s)).not.toMatch(/[\s-]/);
      }),
    );
  });
});

describe('given-name short forms and variants', () => {
  it('has at least 150 groups, each with at least two names', () => {
    expect(givenNameGroupCount()).toBeGreaterThanOrEqual(150);
    for (const group of givenNameGroupList()) {
      expect(group.fullForms.length + group.shortForms.length, group.key).toBeGreaterThanOrEqual(2);
    }
  });

  const sameGroup: Array<[string, string[]]> = [
    ['robert', ['Bob', 'Bobby', 'Rob', 'Robbie', 'Robert']],
    ['katherine', ['Kate', 'Katie', 'Cathy', 'Kathryn', 'Katherine', 'Catherine']],
    ['elizabeth', ['Liz', 'Beth', 'Eliza', 'Elizabeth']],
    ['william', ['Bill', 'Will', 'Liam', 'William']],
    ['alexander', ['Alex', 'Sasha', 'Alexander']],
    ['alexandra', ['Alex', 'Sasha', 'Alexandra']],
    ['james', ['Jim', 'Jimmy', 'Jamie', 'James']],
    ['margaret', ['Maggie', 'Meg', 'Peggy', 'Margaret']],
    ['samuel', ['Sam', 'Samuel']],
    ['samantha', ['Sam', 'Samantha']],
    ['charles', ['Charlie', 'Charles']],
    ['charlotte', ['Charlie', 'Charlotte']],
    ['eleanor', ['Ellie', 'Eleanor']],
    ['elena', ['Ellie', 'Elena']],
    ['ellen', ['Ellie', 'Ellen']],
    ['muhammad', ['Mo', 'Mohammed', 'Muhammad', 'Mohamed', 'Mohammad']],
    ['aisha', ['Aisha', 'Ayesha']],
    ['zara', ['Zara', 'Zahra']],
    ['daniel', ['Dan', 'Danny', 'Daniel']],
    ['thomas', ['Tom', 'Thomas', 'Tomasz']],
    ['joshua', ['Josh', 'Joshua']],
    ['oliver', ['Ollie', 'Oliver']],
    ['olivia', ['Ollie', 'Olivia']],
    ['isabel', ['Izzy', 'Isabel', 'Isabella', 'Isobel']],
    ['abigail', ['Abi', 'Abby', 'Abigail']],
    ['john', ['Jack', 'John']],
  ];

  it.each(sameGroup)('puts %s with its short forms and spellings', (key, names) => {
    for (const name of names) expect(givenNameGroups(name), name).toContain(key);
  });

  it('lets a name belong to several groups', () => {
    expect(givenNameGroups('Alex')).toEqual(expect.arrayContaining(['alexander', 'alexandra']));
    expect(givenNameGroups('Sam')).toEqual(expect.arrayContaining(['samuel', 'samantha']));
    expect(givenNameGroups('Ellie')).toEqual(expect.arrayContaining(['eleanor', 'elena', 'ellen']));
    expect(givenNameGroups('Nobodyknowsthisname')).toEqual([]);
  });

  it('says how two names are related', () => {
    expect(areNameVariants('Bob', 'Robert')).toBe(true);
    expect(areNameVariants('robert', 'ROBERT')).toBe(true);
    expect(describeNameVariant('Bob', 'Robert')).toBe('short-form');
    expect(describeNameVariant('Robert', 'Bob')).toBe('short-form');
    expect(describeNameVariant('Kate', 'Catherine')).toBe('short-form');
    expect(describeNameVariant('Katherine', 'Catherine')).toBe('other-form');
    expect(describeNameVariant('Mohammed', 'Muhammad')).toBe('other-form');
    expect(describeNameVariant('Bob', 'Rob')).toBe('shared-short-form');
  });

  it('does not join different names that share only a short form', () => {
    expect(areNameVariants('James', 'Jacob')).toBe(false);
    expect(areNameVariants('Christopher', 'Christine')).toBe(false);
    expect(areNameVariants('Samuel', 'Samantha')).toBe(false);
    expect(areNameVariants('Oliver', 'Olivia')).toBe(false);
  });

  it('lists the names to search for', () => {
    expect(givenNameVariants('Bob')).toEqual(expect.arrayContaining(['bob', 'robert', 'rob', 'robbie']));
    expect(givenNameVariants('Zebedee')).toEqual(['zebedee']);
    expect(givenNameVariants('')).toEqual([]);
  });

  it('is symmetric and never throws', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(areNameVariants(a, b)).toBe(areNameVariants(b, a));
        expect(describeNameVariant(a, b)).toBe(describeNameVariant(b, a));
        givenNameGroups(a);
        givenNameVariants(a);
      }),
    );
  });
});

describe('string similarity', () => {
  it('gives the textbook Jaro-Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('', 'smith')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('counts a transposition as one edit', () => {
    expect(osaDistance('jonh', 'john')).toBe(1);
    expect(osaDistance('smyth', 'smith')).toBe(1);
    expect(osaDistance('kitten', 'sitting')).toBe(3);
    expect(osaDistance('', 'abc')).toBe(3);
    expect(osaDistance('abc', '')).toBe(3);
    // Optimal string alignment edits no substring twice.
    expect(osaDistance('ca', 'abc')).toBe(3);
  });

  it('stays in range, is symmetric and never throws', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const similarity = jaroWinkler(a, b);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1 + 1e-12);
        expect(similarity).toBe(jaroWinkler(b, a));
        const distance = osaDistance(a, b);
        expect(distance).toBe(osaDistance(b, a));
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max([...a].length, [...b].length));
      }),
    );
  });
});

describe('phonetic key', () => {
  it('gives names that sound alike the same key', () => {
    const alike = [
      ['Smith', 'Smyth', 'Smythe'],
      ['Catherine', 'Katherine', 'Kathryn'],
      ['Stephen', 'Steven'],
      ['Mohammed', 'Muhammad', 'Mohamed'],
      ['Aisha', 'Ayesha'],
      ['Zara', 'Zahra'],
      ['Philip', 'Filip', 'Phillip'],
      ['John', 'Jon', 'Jonh'],
      ["O'Brien", 'OBrien', 'O Brien'],
      ['MacDonald', 'McDonald'],
      ['Khan', 'Kahn'],
      ['Thomas', 'Tomas'],
    ];
    for (const names of alike) {
      const keys = names.map(phoneticKey);
      expect(new Set(keys).size, names.join('/')).toBe(1);
      expect(keys[0]).not.toBe('');
    }
  });

  it('keeps names that sound different apart', () => {
    expect(phoneticKey('Smith')).not.toBe(phoneticKey('Jones'));
    expect(phoneticKey('Oliver')).not.toBe(phoneticKey('Olivia'));
    expect(phoneticKey('Mohammed')).not.toBe(phoneticKey('Maud'));
    expect(phoneticKey('Knight')).toBe(phoneticKey('Nite'));
  });

  it('is coarse, as its documentation warns', () => {
    expect(phoneticKey('Ava')).toBe(phoneticKey('Eva'));
  });

  it('gives an empty key for names with no Latin letters, and never throws', () => {
    expect(phoneticKey('محمد')).toBe('');
    expect(phoneticKey('')).toBe('');
    fc.assert(
      fc.property(anyText, (s) => {
        expect(phoneticKey(s)).toMatch(/^[A-Z]*$/);
      }),
    );
  });
});
