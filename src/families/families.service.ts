/**
 * The family record: one family seen as a whole (seed 003 "A Whole Family Approach"), its members
 * and households, relationships, and the professional network around it. Opening any page of it
 * goes through `open`, which asks the one access rule (platform/permissions/family-access.ts) and
 * audits the view in the same transaction as the read.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditActor, AuditService } from '../platform/audit/audit.service.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { isEmailAddress, isUkTelephone, isUuid, type FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import { decideFamilyAccess, type FamilyAccess, type FamilyAccessFacts } from '../platform/permissions/family-access.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { RELATIONSHIPS } from '../people/people.codes.js';
import { BREAK_GLASS_HOURS, PROFESSIONAL_ROLES, type FamilyPage } from './families.model.js';
import * as repo from './families.repository.js';

export class RestrictedRecordError extends Error {
  constructor(
    public readonly familyId: string,
    public readonly access: Extract<FamilyAccess, { decision: 'restricted' }>,
  ) {
    super('This family record is restricted');
    this.name = 'RestrictedRecordError';
  }
}

export interface FamilyHeader {
  id: string;
  reference: string;
  name: string;
  councilId: string;
  councilName: string;
  version: number;
  access: Extract<FamilyAccess, { decision: 'allowed' }>;
}

export interface FamilyMember {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: string | null;
  nhsNumber: string | null;
  householdId: string | null;
  householdName: string | null;
  secondHouseholdName: string | null;
  outsideHousehold: boolean;
  schoolName: string | null;
}

export interface Relationship {
  id: string;
  personId: string;
  personName: string;
  relatedPersonId: string;
  relatedPersonName: string;
  relationship: string;
  relationshipText: string;
  parentalResponsibility: boolean;
}

export interface Involvement {
  id: string;
  personId: string | null;
  personName: string | null;
  agencyId: string;
  agencyName: string;
  professionalName: string | null;
  professionalRole: string;
  professionalRoleText: string;
  email: string | null;
  phone: string | null;
  startedOn: string;
  endedOn: string | null;
  current: boolean;
}

export type Db = Kysely<Database> | Transaction<Database>;

export function actorFor(user: CurrentUser): AuditActor {
  return { userId: user.id, label: user.displayName };
}

export function todayIso(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export class FamiliesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly partnership: PartnershipService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The database, for a read outside a page (the access check after a failed break-glass form). */
  get database(): Kysely<Database> {
    return this.db;
  }

  // ——— Who may open the record ———

  async accessFor(db: Db, user: CurrentUser, familyId: string): Promise<FamilyAccess> {
    const access = (await this.accessForFamilies(db, user, [familyId])).get(familyId);
    if (!access) throw new NotFoundError('Family');
    return access;
  }

  /** The access decision for each of some families, from one batch of queries. */
  async accessForFamilies(db: Db, user: CurrentUser, familyIds: string[]): Promise<Map<string, FamilyAccess>> {
    const factsByFamily = await repo.accessFacts(db, [...new Set(familyIds)], user.id, this.now());
    const decisions = new Map<string, FamilyAccess>();
    for (const [familyId, facts] of factsByFamily) {
      const consent: FamilyAccessFacts['consent'] = !facts.consent
        ? { state: 'not-recorded' }
        : facts.consent.withdrawn_on !== null
          ? { state: 'withdrawn' }
          : { state: 'given', coversEarlyHelp: facts.consent.covers_early_help, sharedWithAgencyIds: facts.consent.agency_ids ?? [] };
      decisions.set(
        familyId,
        decideFamilyAccess(
          { id: user.id, role: user.role, agencyId: user.agencyId },
          {
            involvedAgencyIds: facts.involvements.map((row) => row.agency_id),
            namedProfessionalUserIds: facts.involvements.map((row) => row.professional_user_id).filter((id): id is string => id !== null),
            openedByAgencyId: facts.family.created_by_agency_id,
            consent,
            breakGlassActive: facts.breakGlassActive,
          },
        ),
      );
    }
    return decisions;
  }

  /** The families each of some people belongs to, as person id → family ids. */
  async familyIdsOfPeople(db: Db, personIds: string[]): Promise<Map<string, string[]>> {
    const rows = await repo.familiesOfPeople(db, personIds);
    const byPerson = new Map<string, string[]>();
    for (const row of rows) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row.family_id]);
    return byPerson;
  }

  /**
   * Opens a page of a family's record for someone: refuses a restricted record (RestrictedRecordError)
   * and writes the audit row of the view in the same transaction as the read.
   */
  async open<T>(
    user: CurrentUser,
    familyId: string,
    page: FamilyPage | 'person',
    read: (trx: Transaction<Database>, family: FamilyHeader) => Promise<T>,
  ): Promise<{ family: FamilyHeader; data: T }> {
    if (!isUuid(familyId)) throw new NotFoundError('Family');
    return this.db.transaction().execute(async (trx) => {
      const family = await this.header(trx, user, familyId);
      const data = await read(trx, family);
      await this.audit.record(trx, actorFor(user), {
        action: 'family record viewed',
        recordType: 'family',
        recordId: familyId,
        detail: { page, access: family.access.because },
      });
      return { family, data };
    });
  }

  /**
   * Changes a family's record for someone, in one transaction with the access check; the change
   * itself writes its own audit row and chronology event.
   */
  async change<T>(
    user: CurrentUser,
    familyId: string,
    write: (trx: Transaction<Database>, family: FamilyHeader) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(familyId)) throw new NotFoundError('Family');
    return this.db.transaction().execute(async (trx) => write(trx, await this.header(trx, user, familyId)));
  }

  private async header(trx: Db, user: CurrentUser, familyId: string): Promise<FamilyHeader> {
    const row = await repo.findFamily(trx, familyId);
    if (!row) throw new NotFoundError('Family');
    const access = await this.accessFor(trx, user, familyId);
    // The refusal is audited by recordRefusal, outside this transaction, which the error rolls back.
    if (access.decision === 'restricted') throw new RestrictedRecordError(familyId, access);
    return {
      id: row.id,
      reference: row.reference,
      name: row.name,
      councilId: row.local_authority_id,
      councilName: row.council_name,
      version: row.version,
      access,
    };
  }

  /** Records the refusal outside the failed transaction (which rolled back with the error). */
  async recordRefusal(user: CurrentUser, error: RestrictedRecordError): Promise<void> {
    await this.audit.record(this.db, actorFor(user), {
      action: 'restricted family record refused',
      recordType: 'family',
      recordId: error.familyId,
      detail: { because: error.access.because },
    });
  }

  /** The family's name and reference for the restricted page: shown only to roles that may break the glass. */
  async restrictedSummary(familyId: string): Promise<{ reference: string; name: string } | undefined> {
    const row = isUuid(familyId) ? await repo.findFamily(this.db, familyId) : undefined;
    return row ? { reference: row.reference, name: row.name } : undefined;
  }

  async breakGlass(user: CurrentUser, familyId: string, reason: string): Promise<void> {
    const trimmed = reason.trim();
    if (trimmed.length < 10)
      throw new ValidationError({ reason: 'Explain why you need to open this record now, in at least 10 characters' });
    if (trimmed.length > 2000) throw new ValidationError({ reason: 'Your reason must be 2,000 characters or fewer' });
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.findFamily(trx, familyId))) throw new NotFoundError('Family');
      const access = await this.accessFor(trx, user, familyId);
      if (access.decision === 'allowed') return;
      if (!access.canBreakGlass) throw new RestrictedRecordError(familyId, access);
      const now = this.now();
      await repo.insertBreakGlassGrant(trx, {
        family_id: familyId,
        user_id: user.id,
        reason: trimmed,
        granted_at: now,
        expires_at: new Date(now.getTime() + BREAK_GLASS_HOURS * 3_600_000),
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'restricted family record opened by breaking the glass',
        recordType: 'family',
        recordId: familyId,
        reason: trimmed,
        detail: { because: access.because },
      });
    });
  }

  async breakGlassLog(user: CurrentUser) {
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.listBreakGlassGrants(trx, user.localAuthorityId, 200);
      await this.audit.record(trx, actorFor(user), {
        action: 'break-glass log viewed',
        recordType: 'break-glass log',
        recordId: user.localAuthorityId,
      });
      return rows;
    });
  }

  // ——— Opening a family record ———

  async createFamily(user: CurrentUser, input: Record<string, string>): Promise<string> {
    const errors: FieldErrors = {};
    const name = (input.name ?? '').trim();
    if (name === '') errors.name = 'Enter a name for the family, for example the Fenwick family';
    else if (name.length > 120) errors.name = 'The family’s name must be 120 characters or fewer';
    const councilId = input.councilId ?? '';
    const councils = await this.partnership.councils();
    if (!councils.some((council) => council.id === councilId)) errors.councilId = 'Select the council area the family lives in';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return this.db.transaction().execute(async (trx) => (await this.createFamilyIn(trx, user, name, councilId)).id);
  }

  /**
   * Opens a family record inside another capability's transaction (the Hub opening a record from a
   * request for support): the family, its main household, the opener's agency's involvement, the
   * audit row and the chronology event.
   */
  async createFamilyIn(
    trx: Db,
    user: CurrentUser,
    name: string,
    councilId: string,
  ): Promise<{ id: string; reference: string; householdId: string }> {
    const reference = await repo.nextFamilyReference(trx);
    const { id } = await repo.insertFamily(trx, {
      reference,
      name,
      local_authority_id: councilId,
      created_by_user_id: user.id,
      created_by_agency_id: user.agencyId,
    });
    const household = await repo.insertHousehold(trx, id, 'Main household');
    await repo.insertInvolvement(trx, {
      family_id: id,
      person_id: null,
      agency_id: user.agencyId,
      professional_user_id: user.id,
      professional_name: null,
      professional_role: professionalRoleFor(user.role),
      email: null,
      phone: null,
      started_on: todayIso(this.now()),
    });
    await this.audit.record(trx, actorFor(user), {
      action: 'family record opened',
      recordType: 'family',
      recordId: id,
      detail: { reference, councilId },
    });
    await this.chronology.record(trx, {
      familyId: id,
      occurredOn: todayIso(this.now()),
      summary: `Family record ${reference} opened by ${user.displayName}`,
      sourceAgencyId: user.agencyId,
      significance: 'routine',
      category: 'record',
      recordedByUserId: user.id,
    });
    return { id, reference, householdId: household.id };
  }

  /**
   * Makes sure an agency is involved with a family now (adding the involvement if not), inside the
   * caller's transaction. Returns whether it added one.
   */
  async ensureInvolvementIn(
    trx: Db,
    familyId: string,
    involvement: { agencyId: string; professionalUserId: string | null; professionalRole: string },
  ): Promise<boolean> {
    const current = await repo.listInvolvements(trx, familyId);
    const already = current.some(
      (row) =>
        row.ended_on === null &&
        row.agency_id === involvement.agencyId &&
        (involvement.professionalUserId === null || row.professional_user_id === involvement.professionalUserId),
    );
    if (already) return false;
    await repo.insertInvolvement(trx, {
      family_id: familyId,
      person_id: null,
      agency_id: involvement.agencyId,
      professional_user_id: involvement.professionalUserId,
      professional_name: null,
      professional_role: involvement.professionalRole,
      email: null,
      phone: null,
      started_on: todayIso(this.now()),
    });
    return true;
  }

  /** Adds a person to a family's household, inside the caller's transaction. */
  async addMemberIn(trx: Db, familyId: string, personId: string, householdId: string | null): Promise<void> {
    if (await repo.findMembership(trx, familyId, personId)) return;
    await repo.insertMember(trx, { family_id: familyId, person_id: personId, household_id: householdId, second_household_id: null });
  }

  // ——— Members, households and relationships ———

  async members(db: Db, familyId: string): Promise<FamilyMember[]> {
    const rows = await repo.listMembers(db, familyId);
    return rows.map((row) => ({
      id: row.id,
      name: `${row.given_name} ${row.family_name}`,
      givenName: row.given_name,
      familyName: row.family_name,
      preferredName: row.preferred_name,
      dateOfBirth: row.date_of_birth,
      expectedDateOfBirth: row.expected_date_of_birth,
      sex: row.sex,
      nhsNumber: row.nhs_number,
      householdId: row.household_id,
      householdName: row.household_name,
      secondHouseholdName: row.second_household_name,
      outsideHousehold: row.household_id === null,
      schoolName: row.school_name,
    }));
  }

  households(db: Db, familyId: string) {
    return repo.listHouseholds(db, familyId);
  }

  async relationships(db: Db, familyId: string, members: FamilyMember[]): Promise<Relationship[]> {
    const names = new Map(members.map((member) => [member.id, member.name]));
    const rows = await repo.listRelationships(db, familyId);
    return rows.map((row) => ({
      id: row.id,
      personId: row.person_id,
      personName: names.get(row.person_id) ?? 'Someone no longer in the family',
      relatedPersonId: row.related_person_id,
      relatedPersonName: names.get(row.related_person_id) ?? 'Someone no longer in the family',
      relationship: row.relationship,
      relationshipText: RELATIONSHIPS.find((item) => item.value === row.relationship)?.text ?? row.relationship,
      parentalResponsibility: row.parental_responsibility,
    }));
  }

  /** Validates where a new member lives: a household of the family, a new one, or outside the household. */
  async placement(
    db: Db,
    familyId: string,
    input: Record<string, string>,
  ): Promise<{ householdId: string | null; secondHouseholdId: string | null; newHouseholdName: string | null }> {
    const households = await repo.listHouseholds(db, familyId);
    const errors: FieldErrors = {};
    const choice = input.householdId ?? '';
    let householdId: string | null = null;
    let newHouseholdName: string | null = null;
    if (choice === 'new') {
      newHouseholdName = (input.newHouseholdName ?? '').trim();
      if (newHouseholdName === '') errors.newHouseholdName = 'Enter a name for the new household, for example Dad’s household';
      else if (households.some((household) => household.name.toLowerCase() === newHouseholdName?.toLowerCase()))
        errors.newHouseholdName = 'The family already has a household with this name';
    } else if (choice === 'outside') {
      householdId = null;
    } else if (households.some((household) => household.id === choice)) {
      householdId = choice;
    } else {
      errors.householdId = 'Select where they live';
    }
    const second = input.secondHouseholdId ?? '';
    let secondHouseholdId: string | null = null;
    if (second !== '') {
      if (!households.some((household) => household.id === second)) errors.secondHouseholdId = 'Select one of the family’s households';
      else if (second === householdId) errors.secondHouseholdId = 'Select a different household from the first';
      else if (choice === 'outside') errors.secondHouseholdId = 'Someone outside the household cannot also live in a second household';
      else secondHouseholdId = second;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { householdId, secondHouseholdId, newHouseholdName };
  }

  /** Adds an existing person to a family, inside the caller's transaction (the family is already open). */
  async addMember(
    trx: Db,
    user: CurrentUser,
    family: FamilyHeader,
    personId: string,
    personName: string,
    placement: Awaited<ReturnType<FamiliesService['placement']>>,
  ): Promise<void> {
    if (await repo.findMembership(trx, family.id, personId))
      throw new ValidationError({ personId: `${personName} is already a member of this family` });
    let householdId = placement.householdId;
    if (placement.newHouseholdName) householdId = (await repo.insertHousehold(trx, family.id, placement.newHouseholdName)).id;
    await repo.insertMember(trx, {
      family_id: family.id,
      person_id: personId,
      household_id: householdId,
      second_household_id: placement.secondHouseholdId,
    });
    await repo.touchFamily(trx, family.id);
    await this.audit.record(trx, actorFor(user), {
      action: 'family member added',
      recordType: 'family',
      recordId: family.id,
      detail: { personId, householdId, secondHouseholdId: placement.secondHouseholdId },
    });
    await this.chronology.record(trx, {
      familyId: family.id,
      personId,
      occurredOn: todayIso(this.now()),
      summary: `${personName} added to the family${householdId === null ? ' as a significant adult outside the household' : ''}`,
      sourceAgencyId: user.agencyId,
      significance: 'routine',
      category: 'record',
      recordedByUserId: user.id,
    });
  }

  async addRelationship(user: CurrentUser, familyId: string, input: Record<string, string>): Promise<void> {
    await this.change(user, familyId, async (trx, family) => {
      const members = await this.members(trx, familyId);
      const errors: FieldErrors = {};
      const personId = input.personId ?? '';
      const relatedPersonId = input.relatedPersonId ?? '';
      const relationship = input.relationship ?? '';
      if (!members.some((member) => member.id === personId)) errors.personId = 'Select a member of the family';
      if (!members.some((member) => member.id === relatedPersonId)) errors.relatedPersonId = 'Select the other member of the family';
      else if (relatedPersonId === personId) errors.relatedPersonId = 'Select two different people';
      const known = RELATIONSHIPS.find((item) => item.value === relationship);
      if (!known) errors.relationship = 'Select how they are related';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const existing = await repo.listRelationships(trx, familyId);
      if (
        existing.some(
          (row) =>
            (row.person_id === personId && row.related_person_id === relatedPersonId) ||
            (row.person_id === relatedPersonId && row.related_person_id === personId),
        )
      )
        throw new ValidationError({ relationship: 'These two people already have a relationship recorded. Remove it first to change it' });
      const parentalResponsibility = input.parentalResponsibility === 'yes';
      const { id } = await repo.insertRelationship(trx, {
        family_id: familyId,
        person_id: personId,
        related_person_id: relatedPersonId,
        relationship,
        parental_responsibility: parentalResponsibility,
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'relationship recorded',
        recordType: 'family',
        recordId: family.id,
        detail: { relationshipId: id, personId, relatedPersonId, relationship, parentalResponsibility },
      });
    });
  }

  async removeRelationship(user: CurrentUser, familyId: string, relationshipId: string): Promise<void> {
    await this.change(user, familyId, async (trx, family) => {
      const removed = isUuid(relationshipId) ? await repo.deleteRelationship(trx, familyId, relationshipId) : undefined;
      if (!removed) throw new NotFoundError('Relationship');
      await this.audit.record(trx, actorFor(user), {
        action: 'relationship removed',
        recordType: 'family',
        recordId: family.id,
        detail: {
          relationshipId,
          personId: removed.person_id,
          relatedPersonId: removed.related_person_id,
          relationship: removed.relationship,
        },
      });
    });
  }

  // ——— The professional network ———

  async network(db: Db, familyId: string): Promise<Involvement[]> {
    const rows = await repo.listInvolvements(db, familyId);
    return rows.map((row) => ({
      id: row.id,
      personId: row.person_id,
      personName: row.given_name ? `${row.given_name} ${row.family_name ?? ''}`.trim() : null,
      agencyId: row.agency_id,
      agencyName: row.agency_name,
      professionalName: row.user_name ?? row.professional_name,
      professionalRole: row.professional_role,
      professionalRoleText: PROFESSIONAL_ROLES.find((item) => item.value === row.professional_role)?.text ?? row.professional_role,
      email: row.user_email ?? row.email ?? row.agency_email,
      phone: row.phone ?? row.agency_phone,
      startedOn: row.started_on,
      endedOn: row.ended_on,
      current: row.ended_on === null,
    }));
  }

  async addInvolvement(user: CurrentUser, familyId: string, input: Record<string, string>): Promise<void> {
    const agencies = await this.partnership.agencies();
    await this.change(user, familyId, async (trx, family) => {
      const members = await this.members(trx, familyId);
      const errors: FieldErrors = {};
      const agencyId = input.agencyId ?? '';
      const agency = agencies.find((candidate) => candidate.id === agencyId);
      if (!agency) errors.agencyId = 'Select the agency that is involved';
      const role = input.professionalRole ?? '';
      if (!PROFESSIONAL_ROLES.some((item) => item.value === role)) errors.professionalRole = 'Select the professional’s role';
      const personId = input.personId ?? '';
      if (personId !== '' && !members.some((member) => member.id === personId))
        errors.personId = 'Select a member of the family, or the whole family';
      const professionalName = (input.professionalName ?? '').trim();
      if (professionalName.length > 120) errors.professionalName = 'Name must be 120 characters or fewer';
      const email = (input.email ?? '').trim();
      if (email !== '' && !isEmailAddress(email))
        errors.email = 'Enter an email address in the correct format, like name@agency.example.org';
      const phone = (input.phone ?? '').trim();
      if (phone !== '' && !isUkTelephone(phone)) errors.phone = 'Enter a UK telephone number, like 01632 960 001';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const { id } = await repo.insertInvolvement(trx, {
        family_id: familyId,
        person_id: personId === '' ? null : personId,
        agency_id: agencyId,
        professional_user_id: null,
        professional_name: professionalName === '' ? null : professionalName,
        professional_role: role,
        email: email === '' ? null : email,
        phone: phone === '' ? null : phone,
        started_on: todayIso(this.now()),
      });
      await this.audit.record(trx, actorFor(user), {
        action: 'professional involvement added',
        recordType: 'family',
        recordId: family.id,
        detail: { involvementId: id, agencyId, role, personId: personId || null },
      });
      await this.chronology.record(trx, {
        familyId,
        personId: personId === '' ? null : personId,
        occurredOn: todayIso(this.now()),
        summary: `${agency?.name ?? 'An agency'} became involved (${PROFESSIONAL_ROLES.find((item) => item.value === role)?.text ?? role})`,
        sourceAgencyId: user.agencyId,
        significance: 'routine',
        category: 'support',
        recordedByUserId: user.id,
      });
    });
  }

  async endInvolvement(user: CurrentUser, familyId: string, involvementId: string): Promise<void> {
    await this.change(user, familyId, async (trx, family) => {
      const ended = isUuid(involvementId) ? await repo.endInvolvement(trx, familyId, involvementId, todayIso(this.now())) : undefined;
      if (!ended) throw new NotFoundError('Involvement');
      await this.audit.record(trx, actorFor(user), {
        action: 'professional involvement ended',
        recordType: 'family',
        recordId: family.id,
        detail: { involvementId, agencyId: ended.agency_id },
      });
      await this.chronology.record(trx, {
        familyId,
        occurredOn: todayIso(this.now()),
        summary: 'An agency’s involvement ended',
        sourceAgencyId: ended.agency_id,
        significance: 'routine',
        category: 'support',
        recordedByUserId: user.id,
      });
    });
  }

  familiesOfPerson(db: Db, personId: string) {
    return repo.familiesOfPerson(db, personId);
  }
}

function professionalRoleFor(role: CurrentUser['role']): string {
  switch (role) {
    case 'hub_officer':
    case 'early_help_practitioner':
    case 'team_manager':
    case 'head_of_service':
      return 'early_help_worker';
    case 'social_care_practitioner':
      return 'social_worker';
    default:
      return 'other';
  }
}
