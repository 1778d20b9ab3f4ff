import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCouncilChildId,
  checkNhsNumber,
  checkUkPostcode,
  checkUniquePupilNumber,
  formatNhsNumber,
  generateNhsNumber,
  generateUniquePupilNumber,
  NHS_NUMBER_PROBLEMS,
  nhsNumberCheckDigit,
  POSTCODE_PROBLEMS,
  postcodeDistrict,
  UPN_PROBLEMS,
  upnCheckLetter,
  type IdentifierCheck,
} from './identifiers.js';
import { CHARACTERISTICS, ETHNICITIES, inverseRelationship, RELATIONSHIPS, SEX } from './people.codes.js';

function valueOf(result: IdentifierCheck): string | undefined {
  return result.ok ? result.value : undefined;
}

function problemOf(result: IdentifierCheck): string | undefined {
  return result.ok ? undefined : result.problem;
}

/** A random source that plays back the given numbers in turn, round and round. */
function playback(numbers: readonly number[]): () => number {
  let index = 0;
  return () => {
    const next = numbers[index % numbers.length] ?? 0;
    index += 1;
    return next;
  };
}

const randomNumbers = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 });
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

describe('checkNhsNumber', () => {
  it.each(['9434765919', '9434765870', '4010232137', '9999999999'])('accepts the valid NHS number %s', (input) => {
    expect(checkNhsNumber(input)).toEqual({ ok: true, value: input });
  });

  it.each([
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['  943  476  5919 ', '9434765919'],
    ['9434-765-870', '9434765870'],
  ])('accepts %j with spaces or hyphens and stores it as %s', (input, value) => {
    expect(checkNhsNumber(input)).toEqual({ ok: true, value });
  });

  it('rejects a wrong check digit', () => {
    expect(problemOf(checkNhsNumber('9434765918'))).toBe(NHS_NUMBER_PROBLEMS.checkDigit);
    expect(problemOf(checkNhsNumber('4010232138'))).toBe(NHS_NUMBER_PROBLEMS.checkDigit);
  });

  it('rejects numbers whose check digit would be 10', () => {
    expect(nhsNumberCheckDigit('999123456')).toBe(10);
    for (let last = 0; last <= 9; last += 1) expect(problemOf(checkNhsNumber(`999123456${last}`))).toBe(NHS_NUMBER_PROBLEMS.impossible);
  });

  it('rejects the example in the NHS service manual, 485 777 3456, which fails the modulus 11 check', () => {
    expect(checkNhsNumber('485 777 3456').ok).toBe(false);
  });

  it.each(['943476591', '94347659190', '12345'])('rejects %s, which is not 10 digits', (input) => {
    expect(problemOf(checkNhsNumber(input))).toBe(NHS_NUMBER_PROBLEMS.length);
  });

  it.each(['943476591A', 'NHS9434765919', '943.476.5919', '９４３４７６５９１９'])(
    'rejects %s, which has characters other than numbers',
    (input) => {
      expect(problemOf(checkNhsNumber(input))).toBe(NHS_NUMBER_PROBLEMS.characters);
    },
  );

  it('asks for a number when given nothing', () => {
    expect(problemOf(checkNhsNumber(''))).toBe(NHS_NUMBER_PROBLEMS.missing);
    expect(problemOf(checkNhsNumber('   '))).toBe(NHS_NUMBER_PROBLEMS.missing);
  });

  it('gives an example in its messages that is itself valid', () => {
    const example = /like ([0-9 ]+)$/.exec(NHS_NUMBER_PROBLEMS.length)?.[1] ?? '';
    expect(checkNhsNumber(example).ok).toBe(true);
  });

  it('formats a number the NHS way', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).toBe('943 476 5919');
    expect(formatNhsNumber('not a number')).toBe('not a number');
  });
});

describe('checkUniquePupilNumber', () => {
  // Worked by hand: for B201432124001, 2×2 + 0×3 + 1×4 + 4×5 + 3×6 + 2×7 + 1×8 + 2×9 + 4×10 + 0×11 + 0×12 + 1×13 = 139,
  // and 139 mod 23 = 1, which is B.
  it.each(['B201432124001', 'Q938123424017', 'G80012342400A', 'N20143212400T'])('accepts the valid UPN %s', (input) => {
    expect(checkUniquePupilNumber(input)).toEqual({ ok: true, value: input });
  });

  it('computes the check letter, treating a letter in position 13 as its place in the check alphabet', () => {
    expect(upnCheckLetter('201432124001')).toBe('B');
    expect(upnCheckLetter('80012342400A')).toBe('G');
    expect(upnCheckLetter('20143212400I')).toBeUndefined();
  });

  it('trims and upper-cases', () => {
    expect(checkUniquePupilNumber('  b201432124001 ')).toEqual({ ok: true, value: 'B201432124001' });
    expect(checkUniquePupilNumber('g80012342400a')).toEqual({ ok: true, value: 'G80012342400A' });
  });

  it('rejects a wrong check letter', () => {
    expect(problemOf(checkUniquePupilNumber('C201432124001'))).toBe(UPN_PROBLEMS.checkLetter);
    expect(problemOf(checkUniquePupilNumber('B201432124002'))).toBe(UPN_PROBLEMS.checkLetter);
    expect(problemOf(checkUniquePupilNumber('A123456789123'))).toBe(UPN_PROBLEMS.checkLetter);
  });

  it.each([
    ['', UPN_PROBLEMS.missing],
    ['B20143212400', UPN_PROBLEMS.length],
    ['B2014321240011', UPN_PROBLEMS.length],
    ['1201432124001', UPN_PROBLEMS.firstCharacter],
    ['B20143212X001', UPN_PROBLEMS.middleDigits],
    ['B20143212400I', UPN_PROBLEMS.lastCharacter],
    ['B20143212400O', UPN_PROBLEMS.lastCharacter],
    ['B20143212400S', UPN_PROBLEMS.lastCharacter],
    ['B20143212400-', UPN_PROBLEMS.lastCharacter],
  ])('rejects %j: %s', (input, problem) => {
    expect(problemOf(checkUniquePupilNumber(input))).toBe(problem);
  });

  it('gives an example in its messages that is itself valid', () => {
    const example = /like ([A-Z0-9]+)$/.exec(UPN_PROBLEMS.length)?.[1] ?? '';
    expect(checkUniquePupilNumber(example).ok).toBe(true);
  });
});

// ——— Agreement with the DfE CIN census validator on its public fixtures ———

const CIN_FIXTURES = fileURLToPath(new URL('../../../shared/standards/uk/cin_census/', import.meta.url));

/** Rows of a CSV file (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (quoted) {
      if (character === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text.charAt(index + 1) === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The UPN values the validator's user report flags with rule 1510 (wrong check letter at character 1). */
function upnsFlaggedForCheckLetter(reportFile: string): Set<string> {
  const [header, ...rows] = parseCsv(readFileSync(reportFile, 'utf8'));
  const column = (name: string) => header?.indexOf(name) ?? -1;
  const ruleCode = column('rule_code');
  const columnsAffected = column('columns_affected');
  const valueFlagged = column('value_flagged');
  expect([ruleCode, columnsAffected, valueFlagged]).not.toContain(-1);
  return new Set(rows.filter((row) => row[ruleCode] === '1510' && row[columnsAffected] === 'UPN').map((row) => row[valueFlagged] ?? ''));
}

function upnsIn(xmlFile: string): string[] {
  return [...readFileSync(xmlFile, 'utf8').matchAll(/<UPN>([^<]*)<\/UPN>/g)].map((match) => (match[1] ?? '').trim());
}

describe.skipIf(!existsSync(CIN_FIXTURES))('checkUniquePupilNumber agrees with the DfE CIN census validator (D2I) on its fixtures', () => {
  const pairs = [
    { xml: 'd2i_fake_CIN_data.xml', report: 'd2i_validator_output_fake_CIN_data.csv', flagged: 320, accepted: 12 },
    { xml: 'd2i_CIN_Census_2024.xml', report: 'd2i_validator_output_CIN_Census_2024.csv', flagged: 1, accepted: 0 },
  ];

  it.each(pairs)('flags exactly the UPNs the validator flags for the check letter in $xml', ({ xml, report, flagged, accepted }) => {
    const upns = upnsIn(`${CIN_FIXTURES}${xml}`);
    const flaggedByValidator = upnsFlaggedForCheckLetter(`${CIN_FIXTURES}${report}`);
    const wellFormed = upns.filter((upn) => /^[A-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$/.test(upn));
    expect(wellFormed).toEqual(upns);

    const flaggedByUs = new Set(wellFormed.filter((upn) => problemOf(checkUniquePupilNumber(upn)) === UPN_PROBLEMS.checkLetter));
    const acceptedByUs = wellFormed.filter((upn) => checkUniquePupilNumber(upn).ok);
    expect([...flaggedByUs].sort()).toEqual([...flaggedByValidator].sort());
    expect(acceptedByUs.filter((upn) => flaggedByValidator.has(upn))).toEqual([]);
    expect(flaggedByUs.size + acceptedByUs.length).toBe(wellFormed.length);
    // The counts pin down that both sides of the comparison were exercised.
    expect(flaggedByValidator.size).toBe(flagged);
    expect(acceptedByUs.length).toBe(accepted);
  });
});

describe('checkCouncilChildId', () => {
  it.each(['RND000003573736', 'DfEX0000001', 'A', 'ABC-123', '12345678901234567890'])('accepts %s', (input) => {
    expect(checkCouncilChildId(input)).toEqual({ ok: true, value: input });
  });

  it('trims', () => {
    expect(checkCouncilChildId('  ABC-123 ')).toEqual({ ok: true, value: 'ABC-123' });
  });

  it.each(['', '   ', '123456789012345678901', 'ABC 123', 'ABC_123', 'ABC/123', 'Ä123'])('rejects %j', (input) => {
    expect(checkCouncilChildId(input).ok).toBe(false);
  });
});

describe('checkUkPostcode', () => {
  it.each(['SW1A 1AA', 'CB2 1TN', 'PE1 1XN', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB', 'GIR 0AA'])(
    'accepts %s',
    (input) => {
      expect(checkUkPostcode(input)).toEqual({ ok: true, value: input });
    },
  );

  it.each([
    ['cb1 2ab', 'CB1 2AB'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['CB12AB', 'CB1 2AB'],
    ['  ec1a   1bb  ', 'EC1A 1BB'],
    ['gir0aa', 'GIR 0AA'],
    ['m11ae', 'M1 1AE'],
  ])('accepts %j and stores it as %s', (input, value) => {
    expect(checkUkPostcode(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['nope', POSTCODE_PROBLEMS.format],
    ['CB1', POSTCODE_PROBLEMS.partial],
    ['SW1A', POSTCODE_PROBLEMS.partial],
    ['QQ1 1AA', POSTCODE_PROBLEMS.format],
    ['CB1 2AAB', POSTCODE_PROBLEMS.format],
    ['CB1 2CA', POSTCODE_PROBLEMS.format],
    ['VX1 1AA', POSTCODE_PROBLEMS.format],
    ['AZ1 1AA', POSTCODE_PROBLEMS.format],
    ['W1L 0AX', POSTCODE_PROBLEMS.format],
    ['EC1C 1BB', POSTCODE_PROBLEMS.format],
    ['GIR 0AB', POSTCODE_PROBLEMS.format],
    ['ASCN 1ZZ', POSTCODE_PROBLEMS.format],
    ['CB1 OAB', POSTCODE_PROBLEMS.zero],
    ['', POSTCODE_PROBLEMS.missing],
  ])('rejects %j', (input, problem) => {
    expect(problemOf(checkUkPostcode(input))).toBe(problem);
  });

  it('gives the postcode district', () => {
    expect(postcodeDistrict('CB1 2AB')).toBe('CB1');
    expect(postcodeDistrict('SW1A 1AA')).toBe('SW1A');
    expect(postcodeDistrict('dn551pt')).toBe('DN55');
    expect(postcodeDistrict('GIR 0AA')).toBe('GIR');
    expect(postcodeDistrict('nope')).toBeUndefined();
  });
});

describe('generators', () => {
  it('generate the same numbers from the same random source', () => {
    expect(generateNhsNumber(playback([0.1, 0.5, 0.9]))).toBe(generateNhsNumber(playback([0.1, 0.5, 0.9])));
    expect(generateUniquePupilNumber(playback([0.3, 0.7]), 938)).toBe(generateUniquePupilNumber(playback([0.3, 0.7]), '938'));
  });

  it('copes with a random source that misbehaves', () => {
    for (const random of [() => 0, () => 0.999999, () => 1, () => -1, () => Number.NaN]) {
      expect(checkNhsNumber(generateNhsNumber(random)).ok).toBe(true);
      expect(checkUniquePupilNumber(generateUniquePupilNumber(random, 201)).ok).toBe(true);
    }
  });

  it('refuse an LA number that is not 3 digits', () => {
    expect(() => generateUniquePupilNumber(Math.random, 1000)).toThrow(RangeError);
    expect(() => generateUniquePupilNumber(Math.random, '93')).toThrow(RangeError);
  });

  it('pads a small LA number to 3 digits', () => {
    expect(generateUniquePupilNumber(Math.random, 1).slice(1, 4)).toBe('001');
  });
});

describe('properties', () => {
  it('the checks never throw, whatever they are given', () => {
    fc.assert(
      fc.property(anyString, (input) => {
        for (const check of [checkNhsNumber, checkUniquePupilNumber, checkCouncilChildId, checkUkPostcode]) {
          const result = check(input);
          expect(typeof (result.ok ? result.value : result.problem)).toBe('string');
        }
        postcodeDistrict(input);
        formatNhsNumber(input);
      }),
      { numRuns: 500 },
    );
  });

  it('every generated NHS number passes, and is in the 999 test range', () => {
    fc.assert(
      fc.property(randomNumbers, (numbers) => {
        const nhsNumber = generateNhsNumber(playback(numbers));
        expect(checkNhsNumber(nhsNumber)).toEqual({ ok: true, value: nhsNumber });
        expect(nhsNumber.startsWith('999')).toBe(true);
      }),
    );
  });

  it('every generated UPN passes, permanent or temporary, and carries the LA number', () => {
    fc.assert(
      fc.property(randomNumbers, fc.integer({ min: 0, max: 999 }), fc.boolean(), (numbers, la, temporary) => {
        const upn = generateUniquePupilNumber(playback(numbers), la, { temporary });
        expect(checkUniquePupilNumber(upn)).toEqual({ ok: true, value: upn });
        expect(upn.slice(1, 4)).toBe(String(la).padStart(3, '0'));
        expect(/[A-Z]$/.test(upn)).toBe(temporary);
      }),
    );
  });

  it('changing any single digit of a valid NHS number makes it fail', () => {
    fc.assert(
      fc.property(randomNumbers, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (numbers, position, change) => {
        const nhsNumber = generateNhsNumber(playback(numbers));
        const changed = (Number(nhsNumber.charAt(position)) + change) % 10;
        const altered = `${nhsNumber.slice(0, position)}${changed}${nhsNumber.slice(position + 1)}`;
        expect(checkNhsNumber(altered).ok).toBe(false);
      }),
    );
  });

  it('changing any single character of a valid UPN makes it fail', () => {
    fc.assert(
      fc.property(randomNumbers, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 }), (numbers, position, change) => {
        const upn = generateUniquePupilNumber(playback(numbers), 201);
        const changed = (Number(upn.charAt(position)) + change) % 10;
        const altered = `${upn.slice(0, position)}${changed}${upn.slice(position + 1)}`;
        expect(checkUniquePupilNumber(altered).ok).toBe(false);
      }),
    );
  });

  it('normalisation is idempotent', () => {
    fc.assert(
      fc.property(anyString, (input) => {
        for (const check of [checkNhsNumber, checkUniquePupilNumber, checkCouncilChildId, checkUkPostcode]) {
          const first = check(input);
          if (first.ok) expect(check(first.value)).toEqual(first);
        }
      }),
      { numRuns: 500 },
    );
  });

  const letterFrom = (letters: string) => fc.constantFrom(...letters.split(''));
  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const area1 = letterFrom('ABCDEFGHIJKLMNOPRSTUWYZ');
  const area2 = letterFrom('ABCDEFGHKLMNOPQRSTUVWXY');
  const outward = fc.oneof(
    fc.tuple(area1, digit).map((parts) => parts.join('')),
    fc.tuple(area1, digit, digit).map((parts) => parts.join('')),
    fc.tuple(area1, area2, digit).map((parts) => parts.join('')),
    fc.tuple(area1, area2, digit, digit).map((parts) => parts.join('')),
    fc.tuple(area1, digit, letterFrom('ABCDEFGHJKPSTUW')).map((parts) => parts.join('')),
    fc.tuple(area1, area2, digit, letterFrom('ABEHMNPRVWXY')).map((parts) => parts.join('')),
  );
  const inward = fc.tuple(digit, letterFrom('ABDEFGHJLNPQRSTUWXYZ'), letterFrom('ABDEFGHJLNPQRSTUWXYZ')).map((parts) => parts.join(''));
  const postcode = fc.oneof(
    fc.tuple(outward, inward).map(([out, inn]) => `${out} ${inn}`),
    fc.constant('GIR 0AA'),
  );

  it('accepts every well-formed postcode however it is spaced or cased, and gives back one form', () => {
    fc.assert(
      fc.property(
        postcode,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.array(fc.constantFrom('', ' ', '  ', '\t'), { minLength: 9, maxLength: 9 }),
        (code, lower, gaps) => {
          const compact = code.replace(' ', '');
          let typed = gaps[0] ?? '';
          for (let index = 0; index < compact.length; index += 1) {
            const character = compact.charAt(index);
            typed += (lower[index] ? character.toLowerCase() : character) + (gaps[index + 1] ?? '');
          }
          expect(checkUkPostcode(typed)).toEqual({ ok: true, value: code });
          expect(postcodeDistrict(code)).toBe(code.split(' ')[0]);
        },
      ),
    );
  });

  it('NHS numbers come out the same however they are spaced', () => {
    fc.assert(
      fc.property(randomNumbers, fc.array(fc.constantFrom('', ' ', '-'), { minLength: 11, maxLength: 11 }), (numbers, separators) => {
        const nhsNumber = generateNhsNumber(playback(numbers));
        const typed = nhsNumber
          .split('')
          .map((character, index) => `${separators[index] ?? ''}${character}`)
          .join('');
        expect(valueOf(checkNhsNumber(typed))).toBe(nhsNumber);
        expect(valueOf(checkNhsNumber(formatNhsNumber(nhsNumber)))).toBe(nhsNumber);
      }),
    );
  });
});

describe('people code lists', () => {
  it.each([
    ['SEX', SEX],
    ['ETHNICITIES', ETHNICITIES],
    ['CHARACTERISTICS', CHARACTERISTICS],
    ['RELATIONSHIPS', RELATIONSHIPS],
  ])('%s has unique values and texts', (_name, options) => {
    expect(new Set(options.map((item) => item.value)).size).toBe(options.length);
    expect(new Set(options.map((item) => item.text)).size).toBe(options.length);
  });

  it('has the 18 ethnicity codes plus Refused and Information not yet obtained', () => {
    expect(ETHNICITIES).toHaveLength(20);
    expect(ETHNICITIES[0]).toMatchObject({ value: 'WBRI', text: 'White British' });
    expect(ETHNICITIES.slice(-2).map((item) => item.value)).toEqual(['REFU', 'NOBT']);
  });

  it('uses stable snake_case values for characteristics and relationships', () => {
    for (const item of [...CHARACTERISTICS, ...RELATIONSHIPS]) expect(item.value).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
  });

  it('pairs each relationship with an inverse that leads back to it', () => {
    const values = new Set(RELATIONSHIPS.map((item) => item.value));
    for (const item of RELATIONSHIPS) {
      if (item.inverse === undefined) continue;
      expect(values.has(item.inverse)).toBe(true);
      expect(inverseRelationship(item.inverse)).toBe(item.value);
    }
    expect(inverseRelationship('parent')).toBe('child');
    expect(inverseRelationship('grandparent')).toBe('grandchild');
    expect(inverseRelationship('sibling')).toBe('sibling');
    expect(inverseRelationship('partner')).toBe('partner');
    expect(inverseRelationship('significant_adult')).toBeUndefined();
  });
});
