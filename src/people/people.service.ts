/**
 * One record per person (seed 000 "families need only tell their story once"): their names,
 * identifiers with their checks, addresses, school and GP, characteristics; matching a new person
 * against those already known; finding people; and merging duplicates so that it can be undone.
 * A person is seen through the families they belong to: access is the family record's.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, MergeMoves } from '../db/schema.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { formatDate } from '../platform/dates.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import { actorFor, RestrictedRecordError, todayIso, type FamiliesService } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { checkCouncilChildId, checkNhsNumber, checkUkPostcode, checkUniquePupilNumber, formatNhsNumber } from './identifiers.js';
import { scoreMatch, type MatchResult, type PersonFacts } from './matching.js';
import { CHARACTERISTICS, codeText, ETHNICITIES, SEX } from './people.codes.js';
import * as repo from './people.repository.js';
import { PersonSearch, type SearchResult } from './people.search.js';

export interface NewPersonFacts extends PersonFacts {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  sex?: string;
  nhsNumber?: string;
  postcode?: string;
}

export interface LikelyMatch {
  id: string;
  name: string;
  dateOfBirthText: string | null;
  postcode: string | null;
  score: number;
  scorePercent: number;
  band: MatchResult['band'];
  bandText: string;
  reasons: string[];
  conflicts: string[];
  familyNames: string[];
}

export interface Person {
  id: string;
  givenName: string;
  middleNames: string | null;
  familyName: string;
  preferredName: string | null;
  name: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: string | null;
  sexText: string;
  ethnicity: string | null;
  ethnicityText: string;
  firstLanguage: string | null;
  interpreterNeeded: boolean;
  nhsNumber: string | null;
  nhsNumberText: string | null;
  uniquePupilNumber: string | null;
  councilChildId: string | null;
  schoolAgencyId: string | null;
  schoolName: string | null;
  gpAgencyId: string | null;
  gpName: string | null;
  characteristics: { value: string; text: string }[];
  mergedIntoPersonId: string | null;
  version: number;
  otherNames: { kind: 'previous' | 'alias'; name: string }[];
  addresses: { line1: string; line2: string | null; town: string; postcode: string; fromDate: string; toDate: string | null }[];
  families: { id: string; reference: string; name: string }[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first line of an address known only by its postcode, as when a person is first added. */
export const POSTCODE_ONLY_LINE = 'Address not yet recorded';

/** Reads a GOV.UK date input's three boxes into 'YYYY-MM-DD', or an error message. */
export function readDateInput(values: Record<string, string>, prefix: string, label: string): { value: string | null; problem?: string } {
  const day = (values[`${prefix}-day`] ?? '').trim();
  const month = (values[`${prefix}-month`] ?? '').trim();
  const year = (values[`${prefix}-year`] ?? '').trim();
  if (day === '' && month === '' && year === '') return { value: null };
  if (day === '' || month === '' || year === '') return { value: null, problem: `${label} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { value: null, problem: `${label} must be a real date, like 27 3 2015` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return { value: null, problem: `${label} must be a real date, like 27 3 2015` };
  return { value: iso };
}

export function isoToText(iso: string | null): string | null {
  return iso && ISO_DATE.test(iso) ? formatDate(new Date(`${iso}T12:00:00Z`)) : null;
}

const BAND_TEXT: Record<MatchResult['band'], string> = { strong: 'Strong', possible: 'Possible', weak: 'Weak' };

export class PeopleService {
  readonly search: PersonSearch;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly families: FamiliesService,
    private readonly chronology: ChronologyService,
    private readonly partnership: PartnershipService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.search = new PersonSearch(db, audit, now);
  }

  sexOptions() {
    return SEX.map((item) => ({ value: item.value, text: item.text }));
  }

  // ——— A new person: read, match, add ———

  /** Reads and checks what was typed about a new person, before matching. */
  readNewPerson(values: Record<string, string>): NewPersonFacts {
    const errors: FieldErrors = {};
    const givenName = (values.givenName ?? '').trim();
    const familyName = (values.familyName ?? '').trim();
    if (givenName === '') errors.givenName = 'Enter their given name';
    else if (givenName.length > 100) errors.givenName = 'Given name must be 100 characters or fewer';
    if (familyName === '') errors.familyName = 'Enter their family name';
    else if (familyName.length > 100) errors.familyName = 'Family name must be 100 characters or fewer';
    const date = readDateInput(values, 'dateOfBirth', 'Date of birth');
    const today = todayIso(this.now());
    const unborn = values.unborn === 'yes';
    if (date.problem) errors['dateOfBirth-day'] = date.problem;
    else if (date.value && !unborn && date.value > today)
      errors['dateOfBirth-day'] = 'Date of birth must be in the past. For an unborn baby, tick the box below the date';
    else if (date.value && unborn && date.value < today) errors['dateOfBirth-day'] = 'An expected date of birth must be in the future';
    else if (date.value && date.value < '1900-01-01') errors['dateOfBirth-day'] = 'Date of birth must be after 1900';
    else if (!date.value && unborn) errors['dateOfBirth-day'] = 'Enter the expected date of birth';
    const sex = values.sex ?? '';
    if (sex !== '' && !SEX.some((item) => item.value === sex)) errors.sex = 'Select their sex from the list';
    let nhsNumber: string | undefined;
    if ((values.nhsNumber ?? '').trim() !== '') {
      const check = checkNhsNumber(values.nhsNumber ?? '');
      if (check.ok) nhsNumber = check.value;
      else errors.nhsNumber = check.problem;
    }
    let postcode: string | undefined;
    if ((values.postcode ?? '').trim() !== '') {
      const check = checkUkPostcode(values.postcode ?? '');
      if (check.ok) postcode = check.value;
      else errors.postcode = check.problem;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      givenName,
      familyName,
      ...(date.value && !unborn ? { dateOfBirth: date.value } : {}),
      ...(date.value && unborn ? { expectedDateOfBirth: date.value } : {}),
      ...(sex !== '' ? { sex } : {}),
      ...(nhsNumber ? { nhsNumber } : {}),
      ...(postcode ? { postcode } : {}),
    };
  }

  /** People already known who may be this person, most likely first, with the reasons. */
  async likelyMatches(user: CurrentUser, facts: NewPersonFacts): Promise<LikelyMatch[]> {
    const results = await this.search.candidatesFor(this.db, facts);
    const scored = results
      .map((candidate) => ({ candidate, result: scoreMatch(facts, candidate.facts) }))
      .filter(({ result }) => result.band !== 'weak')
      .sort((a, b) => b.result.score - a.result.score)
      .slice(0, 10);
    const familyLists = await Promise.all(scored.map(({ candidate }) => this.families.familiesOfPerson(this.db, candidate.id)));
    await this.audit.record(this.db, actorFor(user), {
      action: 'people matched before adding a person',
      recordType: 'person',
      detail: { candidates: scored.map(({ candidate }) => candidate.id) },
    });
    return scored.map(({ candidate, result }, index) => ({
      id: candidate.id,
      name: candidate.name,
      dateOfBirthText: isoToText(candidate.facts.dateOfBirth ?? null),
      postcode: candidate.facts.postcode ?? null,
      score: result.score,
      scorePercent: Math.round(result.score * 100),
      band: result.band,
      bandText: BAND_TEXT[result.band],
      reasons: result.reasons,
      conflicts: result.conflicts,
      familyNames: (familyLists[index] ?? []).map((family) => `${family.reference} ${family.name}`),
    }));
  }

  /** Adds the chosen existing person, or a new one, to a family: the end of the match-before-create journey. */
  /**
   * Adds a new person, inside another capability's transaction (the Hub recording the children and
   * carer of a request for support on a new family record). Audited like any new person.
   */
  async createPersonIn(
    trx: Executor,
    user: CurrentUser,
    facts: {
      givenName: string;
      familyName: string;
      dateOfBirth: string | null;
      expectedDateOfBirth: string | null;
      postcode: string | null;
      because: string;
    },
  ): Promise<string> {
    const { id } = await repo.insertPerson(trx, {
      given_name: facts.givenName,
      middle_names: null,
      family_name: facts.familyName,
      preferred_name: null,
      date_of_birth: facts.dateOfBirth,
      expected_date_of_birth: facts.expectedDateOfBirth,
      sex: null,
      ethnicity: null,
      first_language: null,
      interpreter_needed: false,
      nhs_number: null,
      unique_pupil_number: null,
      council_child_id: null,
      school_agency_id: null,
      gp_agency_id: null,
      characteristics: [],
      created_by_user_id: user.id,
      created_by_agency_id: user.agencyId,
    });
    if (facts.postcode)
      await repo.insertAddress(trx, {
        person_id: id,
        line_1: POSTCODE_ONLY_LINE,
        line_2: null,
        town: 'Not yet recorded',
        postcode: facts.postcode,
        from_date: todayIso(this.now()),
      });
    await this.audit.record(trx, actorFor(user), {
      action: 'person created',
      recordType: 'person',
      recordId: id,
      detail: { because: facts.because },
    });
    return id;
  }

  async addToFamily(user: CurrentUser, familyId: string, values: Record<string, string>): Promise<string> {
    const facts = this.readNewPerson(values);
    const choice = values.choice ?? '';
    if (choice !== 'new' && !isUuid(choice)) throw new ValidationError({ choice: 'Select the person, or that none of these is them' });
    return this.families.change(user, familyId, async (trx, family) => {
      const placement = await this.families.placement(trx, familyId, values);
      let personId: string;
      let name: string;
      if (choice === 'new') {
        if (facts.nhsNumber) {
          const holder = await repo.personWithNhsNumber(trx, facts.nhsNumber);
          if (holder)
            throw new ValidationError({
              nhsNumber: `${holder.given_name} ${holder.family_name} already has this NHS number. Go back and choose them, or check the number`,
            });
        }
        const { id } = await repo.insertPerson(trx, {
          given_name: facts.givenName,
          middle_names: null,
          family_name: facts.familyName,
          preferred_name: null,
          date_of_birth: facts.dateOfBirth ?? null,
          expected_date_of_birth: facts.expectedDateOfBirth ?? null,
          sex: facts.sex ?? null,
          ethnicity: null,
          first_language: null,
          interpreter_needed: false,
          nhs_number: facts.nhsNumber ?? null,
          unique_pupil_number: null,
          council_child_id: null,
          school_agency_id: null,
          gp_agency_id: null,
          characteristics: [],
          created_by_user_id: user.id,
          created_by_agency_id: user.agencyId,
        });
        if (facts.postcode)
          await repo.insertAddress(trx, {
            person_id: id,
            line_1: 'Address not yet recorded',
            line_2: null,
            town: 'Not yet recorded',
            postcode: facts.postcode,
            from_date: todayIso(this.now()),
          });
        await this.audit.record(trx, actorFor(user), {
          action: 'person created',
          recordType: 'person',
          recordId: id,
          detail: { familyId, matchedAgainst: 'confirmed new after matching' },
        });
        personId = id;
        name = `${facts.givenName} ${facts.familyName}`;
      } else {
        const existing = await repo.findPerson(trx, choice);
        if (!existing || existing.merged_into_person_id !== null)
          throw new ValidationError({ choice: 'That person is no longer in TellOnce. Choose again' });
        personId = existing.id;
        name = `${existing.given_name} ${existing.family_name}`;
        await this.audit.record(trx, actorFor(user), {
          action: 'existing person chosen after matching',
          recordType: 'person',
          recordId: personId,
          detail: { familyId },
        });
      }
      await this.families.addMember(trx, user, family, personId, name, placement);
      return personId;
    });
  }

  // ——— A person's own record ———

  /** Opens a person's record through a family the user may see; audits the view. */
  async open(user: CurrentUser, personId: string): Promise<Person> {
    if (!isUuid(personId)) throw new NotFoundError('Person');
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findPerson(trx, personId);
      if (!row) throw new NotFoundError('Person');
      await this.requireAccess(trx, user, personId);
      const person = await this.toPerson(trx, row);
      await this.audit.record(trx, actorFor(user), { action: 'person record viewed', recordType: 'person', recordId: personId });
      return person;
    });
  }

  private async requireAccess(trx: Transaction<Database>, user: CurrentUser, personId: string): Promise<void> {
    const familyIds = (await this.families.familyIdsOfPeople(trx, [personId])).get(personId) ?? [];
    const access = await this.families.accessForFamilies(trx, user, familyIds);
    let refusal: RestrictedRecordError | undefined;
    for (const familyId of familyIds) {
      const decision = access.get(familyId);
      if (decision?.decision === 'allowed') return;
      if (decision) refusal ??= new RestrictedRecordError(familyId, decision);
    }
    throw refusal ?? new NotFoundError('Person');
  }

  private async toPerson(trx: Transaction<Database>, row: repo.PersonRow): Promise<Person> {
    const [names, addresses, families] = await Promise.all([
      repo.listNames(trx, [row.id]),
      repo.listAddresses(trx, [row.id]),
      this.families.familiesOfPerson(trx, row.id),
    ]);
    return {
      id: row.id,
      givenName: row.given_name,
      middleNames: row.middle_names,
      familyName: row.family_name,
      preferredName: row.preferred_name,
      name: `${row.given_name} ${row.family_name}`,
      dateOfBirth: row.date_of_birth,
      expectedDateOfBirth: row.expected_date_of_birth,
      sex: row.sex,
      sexText: row.sex ? codeText(SEX, row.sex) : 'Not recorded',
      ethnicity: row.ethnicity,
      ethnicityText: row.ethnicity ? codeText(ETHNICITIES, row.ethnicity) : 'Not recorded',
      firstLanguage: row.first_language,
      interpreterNeeded: row.interpreter_needed,
      nhsNumber: row.nhs_number,
      nhsNumberText: row.nhs_number ? formatNhsNumber(row.nhs_number) : null,
      uniquePupilNumber: row.unique_pupil_number,
      councilChildId: row.council_child_id,
      schoolAgencyId: row.school_agency_id,
      schoolName: row.school_name,
      gpAgencyId: row.gp_agency_id,
      gpName: row.gp_name,
      characteristics: row.characteristics.map((value) => ({ value, text: codeText(CHARACTERISTICS, value) })),
      mergedIntoPersonId: row.merged_into_person_id,
      version: row.version,
      otherNames: names.map((name) => ({ kind: name.kind, name: `${name.given_name} ${name.family_name}` })),
      addresses: addresses.map((address) => ({
        line1: address.line_1,
        line2: address.line_2,
        town: address.town,
        postcode: address.postcode,
        fromDate: address.from_date,
        toDate: address.to_date,
      })),
      families,
    };
  }

  async editOptions() {
    const agencies = await this.partnership.agencies();
    return {
      sexOptions: this.sexOptions(),
      ethnicityOptions: ETHNICITIES.map((item) => ({ value: item.value, text: `${item.text} (${item.group})` })),
      characteristicOptions: CHARACTERISTICS.map((item) => ({
        value: item.value,
        text: item.text,
        ...(item.hint ? { hint: item.hint } : {}),
      })),
      schoolOptions: agencies
        .filter((agency) => ['school', 'nursery', 'childrens_centre'].includes(agency.kind))
        .map((agency) => ({ value: agency.id, text: agency.name })),
      gpOptions: agencies.filter((agency) => agency.kind === 'gp_practice').map((agency) => ({ value: agency.id, text: agency.name })),
    };
  }

  /** The edit form's values for a person (dates split into boxes). */
  editValues(person: Person): Record<string, string | string[]> {
    const split = (iso: string | null, prefix: string) => {
      if (!iso) return { [`${prefix}-day`]: '', [`${prefix}-month`]: '', [`${prefix}-year`]: '' };
      const [year, month, day] = iso.split('-');
      return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year ?? '' };
    };
    return {
      givenName: person.givenName,
      middleNames: person.middleNames ?? '',
      familyName: person.familyName,
      preferredName: person.preferredName ?? '',
      ...split(person.dateOfBirth, 'dateOfBirth'),
      ...split(person.expectedDateOfBirth, 'expectedDateOfBirth'),
      sex: person.sex ?? '',
      ethnicity: person.ethnicity ?? '',
      firstLanguage: person.firstLanguage ?? '',
      interpreterNeeded: person.interpreterNeeded ? 'yes' : 'no',
      nhsNumber: person.nhsNumberText ?? '',
      uniquePupilNumber: person.uniquePupilNumber ?? '',
      councilChildId: person.councilChildId ?? '',
      schoolAgencyId: person.schoolAgencyId ?? '',
      gpAgencyId: person.gpAgencyId ?? '',
      characteristics: person.characteristics.map((item) => item.value),
      version: String(person.version),
    };
  }

  /** Changes a person's details. Every identifier is checked; nothing is saved unless all of it is right. */
  async update(user: CurrentUser, personId: string, values: Record<string, string | string[]>): Promise<void> {
    const one = (name: string) => {
      const value = values[name];
      return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
    };
    const flat: Record<string, string> = {};
    for (const key of Object.keys(values)) flat[key] = one(key);
    const errors: FieldErrors = {};
    const givenName = one('givenName');
    const familyName = one('familyName');
    if (givenName === '') errors.givenName = 'Enter their given name';
    else if (givenName.length > 100) errors.givenName = 'Given name must be 100 characters or fewer';
    if (familyName === '') errors.familyName = 'Enter their family name';
    else if (familyName.length > 100) errors.familyName = 'Family name must be 100 characters or fewer';
    for (const [field, label] of [
      ['middleNames', 'Middle names'],
      ['preferredName', 'Preferred name'],
      ['firstLanguage', 'First language'],
    ] as const)
      if (one(field).length > 100) errors[field] = `${label} must be 100 characters or fewer`;
    const today = todayIso(this.now());
    const dob = readDateInput(flat, 'dateOfBirth', 'Date of birth');
    if (dob.problem) errors['dateOfBirth-day'] = dob.problem;
    else if (dob.value && dob.value > today) errors['dateOfBirth-day'] = 'Date of birth must be in the past';
    const expected = readDateInput(flat, 'expectedDateOfBirth', 'Expected date of birth');
    if (expected.problem) errors['expectedDateOfBirth-day'] = expected.problem;
    else if (expected.value && dob.value) errors['expectedDateOfBirth-day'] = 'Give a date of birth or an expected date of birth, not both';
    const sex = one('sex');
    if (sex !== '' && !SEX.some((item) => item.value === sex)) errors.sex = 'Select their sex from the list';
    const ethnicity = one('ethnicity');
    if (ethnicity !== '' && !ETHNICITIES.some((item) => item.value === ethnicity))
      errors.ethnicity = 'Select their ethnicity from the list';
    const check = (
      field: string,
      checker: (input: string) => { ok: true; value: string } | { ok: false; problem: string },
    ): string | null => {
      const raw = one(field);
      if (raw === '') return null;
      const result = checker(raw);
      if (!result.ok) {
        errors[field] = result.problem;
        return null;
      }
      return result.value;
    };
    const nhsNumber = check('nhsNumber', checkNhsNumber);
    const upn = check('uniquePupilNumber', checkUniquePupilNumber);
    const councilChildId = check('councilChildId', checkCouncilChildId);
    const { schoolOptions, gpOptions } = await this.editOptions();
    const school = one('schoolAgencyId');
    if (school !== '' && !schoolOptions.some((option) => option.value === school))
      errors.schoolAgencyId = 'Select a school or setting from the list';
    const gp = one('gpAgencyId');
    if (gp !== '' && !gpOptions.some((option) => option.value === gp)) errors.gpAgencyId = 'Select a GP practice from the list';
    const raw = values.characteristics;
    const characteristics = [...new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).filter((value) => value !== ''))];
    if (characteristics.some((value) => !CHARACTERISTICS.some((item) => item.value === value)))
      errors.characteristics = 'Select characteristics from the list';
    const interpreter = one('interpreterNeeded');
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);

    await this.db.transaction().execute(async (trx) => {
      const before = await repo.findPerson(trx, personId);
      if (!before) throw new NotFoundError('Person');
      await this.requireAccess(trx, user, personId);
      if (nhsNumber) {
        const holder = await repo.personWithNhsNumber(trx, nhsNumber, personId);
        if (holder)
          throw new ValidationError({
            nhsNumber: `${holder.given_name} ${holder.family_name} already has this NHS number. If they are the same person, ask the Hub to merge the records`,
          });
      }
      const next = {
        given_name: givenName,
        middle_names: one('middleNames') || null,
        family_name: familyName,
        preferred_name: one('preferredName') || null,
        date_of_birth: dob.value,
        expected_date_of_birth: expected.value,
        sex: sex || null,
        ethnicity: ethnicity || null,
        first_language: one('firstLanguage') || null,
        interpreter_needed: interpreter === 'yes',
        nhs_number: nhsNumber,
        unique_pupil_number: upn,
        council_child_id: councilChildId,
        school_agency_id: school || null,
        gp_agency_id: gp || null,
        characteristics,
      };
      if (!(await repo.updatePersonAtVersion(trx, personId, Number(one('version')), next))) throw new ConflictError();
      const changed = Object.keys(next).filter(
        (key) =>
          JSON.stringify((before as Record<string, unknown>)[key] ?? null) !==
          JSON.stringify((next as Record<string, unknown>)[key] ?? null),
      );
      // A new family name keeps the old one as a previous name, so that searches still find them.
      if (before.family_name !== familyName || before.given_name !== givenName)
        await repo.insertName(trx, {
          person_id: personId,
          kind: 'previous',
          given_name: before.given_name,
          family_name: before.family_name,
        });
      await this.audit.record(trx, actorFor(user), {
        action: 'person changed',
        recordType: 'person',
        recordId: personId,
        detail: { fields: changed },
      });
    });
  }

  async addName(user: CurrentUser, personId: string, values: Record<string, string>): Promise<void> {
    const errors: FieldErrors = {};
    const kind = values.kind ?? '';
    if (kind !== 'previous' && kind !== 'alias') errors.kind = 'Select whether this is a previous name or another name they are known by';
    const givenName = (values.givenName ?? '').trim();
    const familyName = (values.familyName ?? '').trim();
    if (givenName === '') errors.givenName = 'Enter the given name';
    if (familyName === '') errors.familyName = 'Enter the family name';
    if (givenName.length > 100) errors.givenName = 'Given name must be 100 characters or fewer';
    if (familyName.length > 100) errors.familyName = 'Family name must be 100 characters or fewer';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.findPerson(trx, personId))) throw new NotFoundError('Person');
      await this.requireAccess(trx, user, personId);
      const { id } = await repo.insertName(trx, {
        person_id: personId,
        kind: kind as 'previous' | 'alias',
        given_name: givenName,
        family_name: familyName,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'person name added',
        recordType: 'person',
        recordId: personId,
        detail: { nameId: id, kind },
      });
    });
  }

  async addAddress(user: CurrentUser, personId: string, values: Record<string, string>): Promise<void> {
    const errors: FieldErrors = {};
    const line1 = (values.line1 ?? '').trim();
    const line2 = (values.line2 ?? '').trim();
    const town = (values.town ?? '').trim();
    if (line1 === '') errors.line1 = 'Enter the first line of the address';
    if (town === '') errors.town = 'Enter the town or city';
    for (const [field, value] of [
      ['line1', line1],
      ['line2', line2],
      ['town', town],
    ] as const)
      if (value.length > 120) errors[field] = 'This must be 120 characters or fewer';
    const postcode = checkUkPostcode(values.postcode ?? '');
    if ((values.postcode ?? '').trim() === '') errors.postcode = 'Enter the postcode';
    else if (!postcode.ok) errors.postcode = postcode.problem;
    const from = readDateInput(values, 'fromDate', 'The date they moved in');
    if (from.problem) errors['fromDate-day'] = from.problem;
    else if (!from.value) errors['fromDate-day'] = 'Enter the date they moved in';
    else if (from.value > todayIso(this.now())) errors['fromDate-day'] = 'The date they moved in must be today or in the past';
    if (Object.keys(errors).length > 0 || !postcode.ok || !from.value) throw new ValidationError(errors);
    const fromDate = from.value;
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.findPerson(trx, personId))) throw new NotFoundError('Person');
      await this.requireAccess(trx, user, personId);
      const current = (await repo.listAddresses(trx, [personId])).find((address) => address.to_date === null);
      // Completing an address known only by its postcode: the same place, now with its full details.
      if (current && current.line_1 === POSTCODE_ONLY_LINE && current.postcode === postcode.value) {
        await repo.completeAddress(trx, current.id, {
          line_1: line1,
          line_2: line2 || null,
          town,
          from_date: fromDate < current.from_date ? fromDate : current.from_date,
        });
        await this.audit.record(trx, actorFor(user), {
          action: 'person address completed',
          recordType: 'person',
          recordId: personId,
          detail: { addressId: current.id },
        });
        return;
      }
      if (current && current.from_date > fromDate)
        throw new ValidationError({
          'fromDate-day': `The date they moved in must be after they moved into their current address on ${isoToText(current.from_date) ?? current.from_date}`,
        });
      await repo.closeCurrentAddress(trx, personId, fromDate);
      const { id } = await repo.insertAddress(trx, {
        person_id: personId,
        line_1: line1,
        line_2: line2 || null,
        town,
        postcode: postcode.value,
        from_date: fromDate,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'person address added',
        recordType: 'person',
        recordId: personId,
        detail: { addressId: id },
      });
      for (const family of await this.families.familiesOfPerson(trx, personId)) {
        await this.chronology.record(trx, {
          familyId: family.id,
          personId,
          occurredOn: fromDate,
          summary: 'Moved to a new address',
          sourceAgencyId: user.agencyId,
          significance: 'routine',
          category: 'family',
          recordedByUserId: user.id,
        });
      }
    });
  }

  // ——— Finding people ———

  async find(user: CurrentUser, query: string, filter: { childrenOnly: boolean; councilId?: string | undefined }): Promise<SearchResult> {
    const result = await this.search.search(user, query, filter);
    // Show each result only as far as the person may see it: a restricted person's details are hidden.
    // The families and access decisions of every result come from one batch of queries, not one per row.
    const familyIds = await this.families.familyIdsOfPeople(
      this.db,
      result.people.map((person) => person.id),
    );
    const access = await this.families.accessForFamilies(this.db, user, [...familyIds.values()].flat());
    const visible = result.people.map((person) => {
      const families = familyIds.get(person.id) ?? [];
      const open = families.find((familyId) => access.get(familyId)?.decision === 'allowed');
      return open ? { ...person, restricted: false, familyId: open } : { ...person, restricted: true, familyId: families[0] ?? null };
    });
    const canSeeRestricted = ['hub_officer', 'team_manager', 'head_of_service', 'social_care_practitioner'].includes(user.role);
    return { ...result, people: visible.filter((person) => !person.restricted || canSeeRestricted) };
  }

  // ——— Duplicates and merging ———

  async duplicatePairs(user: CurrentUser) {
    const pairs = await repo.possibleDuplicatePairs(this.db, 100);
    const ids = [...new Set(pairs.rows.flatMap((pair) => [pair.person_id, pair.other_person_id]))];
    const candidates = new Map((await this.search.candidatesByIds(this.db, ids)).map((candidate) => [candidate.id, candidate]));
    await this.audit.record(this.db, actorFor(user), {
      action: 'duplicate review list viewed',
      recordType: 'person',
      detail: { pairs: pairs.rows.length },
    });
    return pairs.rows
      .map((pair) => {
        const a = candidates.get(pair.person_id);
        const b = candidates.get(pair.other_person_id);
        if (!a || !b) return undefined;
        const result = scoreMatch(a.facts, b.facts);
        return { a, b, result, scorePercent: Math.round(result.score * 100), bandText: BAND_TEXT[result.band] };
      })
      .filter((pair): pair is NonNullable<typeof pair> => pair !== undefined && pair.result.band !== 'weak')
      .sort((x, y) => y.result.score - x.result.score);
  }

  async markNotDuplicate(user: CurrentUser, personId: string, otherPersonId: string): Promise<void> {
    if (!isUuid(personId) || !isUuid(otherPersonId) || personId === otherPersonId) throw new NotFoundError('Person');
    await this.db.transaction().execute(async (trx) => {
      await repo.insertNotDuplicate(trx, personId, otherPersonId, user.id);
      await this.audit.record(trx, actorFor(user), {
        action: 'people marked as not the same person',
        recordType: 'person',
        recordId: personId,
        detail: { otherPersonId },
      });
    });
  }

  /** Both records side by side, for the merge check page. */
  async mergePreview(user: CurrentUser, keepId: string, mergeId: string) {
    if (!isUuid(keepId) || !isUuid(mergeId) || keepId === mergeId) throw new NotFoundError('Person');
    return this.db.transaction().execute(async (trx) => {
      const [keep, merge] = await Promise.all([repo.findPerson(trx, keepId), repo.findPerson(trx, mergeId)]);
      if (!keep || !merge || keep.merged_into_person_id || merge.merged_into_person_id) throw new NotFoundError('Person');
      const [kept, merged] = [await this.toPerson(trx, keep), await this.toPerson(trx, merge)];
      await this.audit.record(trx, actorFor(user), {
        action: 'people compared before merging',
        recordType: 'person',
        recordId: keepId,
        detail: { otherPersonId: mergeId },
      });
      const candidates = await this.search.candidatesByIds(trx, [keepId, mergeId]);
      const a = candidates.find((candidate) => candidate.id === keepId);
      const b = candidates.find((candidate) => candidate.id === mergeId);
      const result = a && b ? scoreMatch(a.facts, b.facts) : undefined;
      return { kept, merged, result };
    });
  }

  /**
   * Merges one person into another: everything that pointed at the merged person now points at the
   * kept one, the merged person's name is kept as an alias, and what was moved is remembered so the
   * merge can be undone exactly.
   */
  async merge(user: CurrentUser, keepId: string, mergeId: string, reason: string): Promise<string> {
    if (reason.trim().length < 5) throw new ValidationError({ reason: 'Explain why these are the same person' });
    if (!isUuid(keepId) || !isUuid(mergeId) || keepId === mergeId) throw new ValidationError({ keep: 'Choose two different people' });
    return this.db.transaction().execute(async (trx) => {
      const [keep, merge] = await Promise.all([repo.findPerson(trx, keepId), repo.findPerson(trx, mergeId)]);
      if (!keep || !merge) throw new NotFoundError('Person');
      if (keep.merged_into_person_id || merge.merged_into_person_id)
        throw new ConflictError('One of these records has already been merged');
      if (keep.nhs_number && merge.nhs_number && keep.nhs_number !== merge.nhs_number)
        throw new ValidationError({
          keep: 'These records have different NHS numbers, so they are different people. Check the numbers before merging',
        });
      const rows = await repo.moveReferences(trx, mergeId, keepId);
      const memberships = await repo.moveMemberships(trx, mergeId, keepId);
      const addedNames: string[] = [];
      if (merge.given_name !== keep.given_name || merge.family_name !== keep.family_name) {
        addedNames.push(
          (await repo.insertName(trx, { person_id: keepId, kind: 'alias', given_name: merge.given_name, family_name: merge.family_name }))
            .id,
        );
      }
      // The kept record takes an identifier only the merged one had, so nothing known is lost.
      const fill: Partial<repo.PersonValues> = {};
      if (!keep.nhs_number && merge.nhs_number) fill.nhs_number = merge.nhs_number;
      if (!keep.unique_pupil_number && merge.unique_pupil_number) fill.unique_pupil_number = merge.unique_pupil_number;
      if (!keep.date_of_birth && merge.date_of_birth) fill.date_of_birth = merge.date_of_birth;
      await repo.setMergedInto(trx, mergeId, keepId);
      if (Object.keys(fill).length > 0) await repo.updatePersonAtVersion(trx, keepId, keep.version, fill);
      const moved: MergeMoves & { membershipsMoved: string[]; filled: Partial<repo.PersonValues> } = {
        rows,
        addedNames,
        skippedMemberships: memberships.skipped,
        membershipsMoved: memberships.moved,
        filled: fill,
      };
      const { id } = await repo.insertMerge(trx, {
        kept_person_id: keepId,
        merged_person_id: mergeId,
        reason: reason.trim(),
        moved: JSON.stringify(moved),
        merged_by_user_id: user.id,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'people merged',
        recordType: 'person',
        recordId: keepId,
        reason: reason.trim(),
        detail: { mergeId: id, mergedPersonId: mergeId },
      });
      for (const familyId of [...memberships.moved, ...memberships.skipped]) {
        await this.chronology.record(trx, {
          familyId,
          personId: keepId,
          occurredOn: todayIso(this.now()),
          summary: `Two records of ${keep.given_name} ${keep.family_name} were merged into one`,
          sourceAgencyId: user.agencyId,
          significance: 'routine',
          category: 'record',
          recordedByUserId: user.id,
        });
      }
      return id;
    });
  }

  async undoMerge(user: CurrentUser, mergeRecordId: string): Promise<void> {
    if (!isUuid(mergeRecordId)) throw new NotFoundError('Merge');
    await this.db.transaction().execute(async (trx) => {
      const record = await repo.findMerge(trx, mergeRecordId);
      if (!record) throw new NotFoundError('Merge');
      if (record.undone_at) throw new ConflictError('This merge has already been undone');
      const moved = record.moved as MergeMoves & { membershipsMoved?: string[]; filled?: Partial<repo.PersonValues> };
      await repo.moveReferencesBack(trx, moved.rows, record.merged_person_id);
      await repo.moveMembershipsBack(trx, moved.membershipsMoved ?? [], record.kept_person_id, record.merged_person_id);
      await repo.deleteNames(trx, moved.addedNames);
      const filled = moved.filled ?? {};
      if (Object.keys(filled).length > 0) {
        const kept = await repo.findPerson(trx, record.kept_person_id);
        const clear = Object.fromEntries(Object.keys(filled).map((key) => [key, null])) as Partial<repo.PersonValues>;
        if (kept) await repo.updatePersonAtVersion(trx, record.kept_person_id, kept.version, clear);
      }
      await repo.setMergedInto(trx, record.merged_person_id, null);
      const done = await repo.markMergeUndone(trx, mergeRecordId, user.id, this.now());
      if (Number(done.numUpdatedRows) !== 1) throw new ConflictError('This merge has already been undone');
      await this.audit.record(trx, actorFor(user), {
        action: 'merge undone',
        recordType: 'person',
        recordId: record.kept_person_id,
        detail: { mergeId: mergeRecordId, restoredPersonId: record.merged_person_id },
      });
    });
  }

  async merges(user: CurrentUser) {
    const rows = await repo.listMerges(this.db, 100);
    await this.audit.record(this.db, actorFor(user), { action: 'merge history viewed', recordType: 'person' });
    return rows;
  }
}
