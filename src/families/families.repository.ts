/**
 * All SQL for families: the family itself, its members and households, relationships, the
 * professional network, the facts that decide who may open it, and break-glass grants.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';

export async function nextFamilyReference(db: Executor): Promise<string> {
  const row = await sql<{ n: string }>`SELECT nextval('family_reference_seq')::text AS n`.execute(db);
  return `FAM-${row.rows[0]?.n ?? '0'}`;
}

export function insertFamily(
  db: Executor,
  values: { reference: string; name: string; local_authority_id: string; created_by_user_id: string; created_by_agency_id: string },
) {
  return db.insertInto('families').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findFamily(db: Executor, id: string) {
  return db
    .selectFrom('families')
    .innerJoin('local_authorities as la', 'la.id', 'families.local_authority_id')
    .selectAll('families')
    .select('la.name as council_name')
    .where('families.id', '=', id)
    .executeTakeFirst();
}

export function listMembers(db: Executor, familyId: string) {
  return db
    .selectFrom('family_members as fm')
    .innerJoin('people as p', 'p.id', 'fm.person_id')
    .leftJoin('households as h1', 'h1.id', 'fm.household_id')
    .leftJoin('households as h2', 'h2.id', 'fm.second_household_id')
    .leftJoin('agencies as school', 'school.id', 'p.school_agency_id')
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.preferred_name',
      'p.date_of_birth',
      'p.expected_date_of_birth',
      'p.sex',
      'p.nhs_number',
      'fm.household_id',
      'fm.second_household_id',
      'h1.name as household_name',
      'h2.name as second_household_name',
      'school.name as school_name',
    ])
    .where('fm.family_id', '=', familyId)
    .orderBy(sql`coalesce(p.date_of_birth, p.expected_date_of_birth)`, 'asc')
    .execute();
}

export function listHouseholds(db: Executor, familyId: string) {
  return db.selectFrom('households').select(['id', 'name']).where('family_id', '=', familyId).orderBy('created_at').execute();
}

export function insertHousehold(db: Executor, familyId: string, name: string) {
  return db.insertInto('households').values({ family_id: familyId, name }).returning('id').executeTakeFirstOrThrow();
}

export function findMembership(db: Executor, familyId: string, personId: string) {
  return db.selectFrom('family_members').selectAll().where('family_id', '=', familyId).where('person_id', '=', personId).executeTakeFirst();
}

export function insertMember(
  db: Executor,
  values: { family_id: string; person_id: string; household_id: string | null; second_household_id: string | null },
) {
  return db.insertInto('family_members').values(values).execute();
}

export function listRelationships(db: Executor, familyId: string) {
  return db
    .selectFrom('relationships')
    .select(['id', 'person_id', 'related_person_id', 'relationship', 'parental_responsibility'])
    .where('family_id', '=', familyId)
    .orderBy('created_at')
    .execute();
}

export function insertRelationship(
  db: Executor,
  values: { family_id: string; person_id: string; related_person_id: string; relationship: string; parental_responsibility: boolean },
) {
  return db.insertInto('relationships').values(values).returning('id').executeTakeFirstOrThrow();
}

export function deleteRelationship(db: Executor, familyId: string, id: string) {
  return db.deleteFrom('relationships').where('family_id', '=', familyId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function listInvolvements(db: Executor, familyId: string) {
  return db
    .selectFrom('involvements as i')
    .innerJoin('agencies as a', 'a.id', 'i.agency_id')
    .leftJoin('users as u', 'u.id', 'i.professional_user_id')
    .leftJoin('people as p', 'p.id', 'i.person_id')
    .select([
      'i.id',
      'i.person_id',
      'i.agency_id',
      'i.professional_user_id',
      'i.professional_name',
      'i.professional_role',
      'i.email',
      'i.phone',
      'i.started_on',
      'i.ended_on',
      'a.name as agency_name',
      'a.email as agency_email',
      'a.phone as agency_phone',
      'u.display_name as user_name',
      'u.email as user_email',
      'p.given_name',
      'p.family_name',
    ])
    .where('i.family_id', '=', familyId)
    .orderBy('i.ended_on', (ob) => ob.desc().nullsFirst())
    .orderBy('a.name')
    .execute();
}

export function insertInvolvement(
  db: Executor,
  values: {
    family_id: string;
    person_id: string | null;
    agency_id: string;
    professional_user_id: string | null;
    professional_name: string | null;
    professional_role: string;
    email: string | null;
    phone: string | null;
    started_on: string;
  },
) {
  return db.insertInto('involvements').values(values).returning('id').executeTakeFirstOrThrow();
}

export function endInvolvement(db: Executor, familyId: string, id: string, endedOn: string) {
  return db
    .updateTable('involvements')
    .set({ ended_on: endedOn })
    .where('family_id', '=', familyId)
    .where('id', '=', id)
    .where('ended_on', 'is', null)
    .returning(['id', 'agency_id'])
    .executeTakeFirst();
}

/** Everything the access rule needs about some families, in four queries however many families. */
export async function accessFacts(db: Executor, familyIds: string[], userId: string, now: Date) {
  if (familyIds.length === 0) return new Map<string, never>();
  const [families, involvements, consents, grants] = await Promise.all([
    db.selectFrom('families').select(['id', 'created_by_agency_id']).where('id', 'in', familyIds).execute(),
    db
      .selectFrom('involvements')
      .select(['family_id', 'agency_id', 'professional_user_id'])
      .where('family_id', 'in', familyIds)
      .where('ended_on', 'is', null)
      .execute(),
    db
      .selectFrom('consents')
      .distinctOn('family_id')
      .select(['family_id', 'id', 'covers_early_help', 'withdrawn_on'])
      .select((eb) =>
        eb
          .selectFrom('consent_agencies')
          .select(sql<string[]>`coalesce(array_agg(agency_id::text), '{}')`.as('ids'))
          .whereRef('consent_agencies.consent_id', '=', 'consents.id')
          .as('agency_ids'),
      )
      .where('family_id', 'in', familyIds)
      .orderBy('family_id')
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('break_glass_grants')
      .select('family_id')
      .where('family_id', 'in', familyIds)
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .execute(),
  ]);
  return new Map(
    families.map((family) => [
      family.id,
      {
        family,
        involvements: involvements.filter((row) => row.family_id === family.id),
        consent: consents.find((row) => row.family_id === family.id),
        breakGlassActive: grants.some((row) => row.family_id === family.id),
      },
    ]),
  );
}

export function insertBreakGlassGrant(
  db: Executor,
  values: { family_id: string; user_id: string; reason: string; granted_at: Date; expires_at: Date },
) {
  return db.insertInto('break_glass_grants').values(values).returning('id').executeTakeFirstOrThrow();
}

export function listBreakGlassGrants(db: Executor, councilId: string, limit: number) {
  return db
    .selectFrom('break_glass_grants as g')
    .innerJoin('families as f', 'f.id', 'g.family_id')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select([
      'g.id',
      'g.reason',
      'g.granted_at',
      'g.expires_at',
      'f.id as family_id',
      'f.reference',
      'f.name as family_name',
      'u.display_name',
      'u.role',
      'a.name as agency_name',
    ])
    .where('f.local_authority_id', '=', councilId)
    .orderBy('g.granted_at', 'desc')
    .limit(limit)
    .execute();
}

/** The families each of some people belongs to. */
export function familiesOfPeople(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('family_members')
    .select(['person_id', 'family_id'])
    .where('person_id', 'in', personIds)
    .orderBy('added_at')
    .execute();
}

/** The families a person belongs to. */
export function familiesOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('family_members as fm')
    .innerJoin('families as f', 'f.id', 'fm.family_id')
    .select(['f.id', 'f.reference', 'f.name'])
    .where('fm.person_id', '=', personId)
    .orderBy('f.created_at')
    .execute();
}

export function touchFamily(db: Executor, familyId: string) {
  return db.updateTable('families').set({ updated_at: new Date() }).where('id', '=', familyId).execute();
}
