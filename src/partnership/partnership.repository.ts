/**
 * All SQL for the partnership: councils, quadrants, districts, teams and agencies.
 * Updates check the version the person saw, so a second writer cannot overwrite the first.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';

type Tables = 'local_authorities' | 'quadrants' | 'districts' | 'teams' | 'agencies' | 'need_levels';

export function listCouncils(db: Kysely<Database>) {
  return db.selectFrom('local_authorities').selectAll().orderBy('name').execute();
}

export function findCouncil(db: Executor, id: string) {
  return db.selectFrom('local_authorities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listNeedLevels(db: Kysely<Database>) {
  return db.selectFrom('need_levels').selectAll().orderBy('local_authority_id').orderBy('level').execute();
}

export function findNeedLevel(db: Executor, id: string) {
  return db.selectFrom('need_levels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function levelTaken(db: Executor, councilId: string, level: number, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('need_levels').select('id').where('local_authority_id', '=', councilId).where('level', '=', level);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function listQuadrants(db: Kysely<Database>) {
  return db
    .selectFrom('quadrants')
    .innerJoin('local_authorities as la', 'la.id', 'quadrants.local_authority_id')
    .leftJoin('users as head', 'head.id', 'quadrants.head_of_service_user_id')
    .selectAll('quadrants')
    .select(['la.name as council_name', 'head.display_name as head_of_service_name'])
    .orderBy('la.name')
    .orderBy('quadrants.name')
    .execute();
}

export function findQuadrant(db: Executor, id: string) {
  return db.selectFrom('quadrants').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listDistricts(db: Kysely<Database>) {
  return db
    .selectFrom('districts')
    .innerJoin('quadrants', 'quadrants.id', 'districts.quadrant_id')
    .selectAll('districts')
    .select(['quadrants.name as quadrant_name', 'quadrants.local_authority_id'])
    .orderBy('quadrants.name')
    .orderBy('districts.name')
    .execute();
}

export function findDistrict(db: Executor, id: string) {
  return db
    .selectFrom('districts')
    .innerJoin('quadrants', 'quadrants.id', 'districts.quadrant_id')
    .selectAll('districts')
    .select('quadrants.local_authority_id')
    .where('districts.id', '=', id)
    .executeTakeFirst();
}

export function listTeams(db: Kysely<Database>) {
  return db
    .selectFrom('teams')
    .innerJoin('local_authorities as la', 'la.id', 'teams.local_authority_id')
    .leftJoin('quadrants', 'quadrants.id', 'teams.quadrant_id')
    .leftJoin('districts', 'districts.id', 'teams.district_id')
    .leftJoin('users as manager', 'manager.id', 'teams.manager_user_id')
    .selectAll('teams')
    .select([
      'la.name as council_name',
      'quadrants.name as quadrant_name',
      'districts.name as district_name',
      'manager.display_name as manager_name',
      (eb) =>
        eb
          .selectFrom('users')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('users.team_id', '=', 'teams.id')
          .where('users.status', '<>', 'deactivated')
          .as('member_count'),
    ])
    .orderBy('la.name')
    .orderBy('quadrants.name')
    .orderBy('teams.name')
    .execute();
}

export function findTeam(db: Executor, id: string) {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface AgencyFilter {
  councilId?: string | undefined;
  kind?: string | undefined;
  name?: string | undefined;
}

export function listAgencies(db: Kysely<Database>, filter: AgencyFilter = {}) {
  let query = db
    .selectFrom('agencies')
    .leftJoin('local_authorities as la', 'la.id', 'agencies.local_authority_id')
    .leftJoin('districts', 'districts.id', 'agencies.district_id')
    .leftJoin('users as link', 'link.id', 'agencies.link_professional_user_id')
    .selectAll('agencies')
    .select([
      'la.name as council_name',
      'districts.name as district_name',
      'link.display_name as link_professional_name',
      'link.email as link_professional_email',
    ]);
  if (filter.councilId) query = query.where('agencies.local_authority_id', '=', filter.councilId);
  if (filter.kind) query = query.where('agencies.kind', '=', filter.kind);
  if (filter.name) query = query.where('agencies.name', 'ilike', `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query.orderBy('agencies.name').execute();
}

export function findAgency(db: Executor, id: string) {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Active and invited staff of a council in the given roles, for choosing a head of service, manager or link professional. */
export function listStaff(db: Executor, roles: string[], councilId?: string) {
  let query = db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'local_authority_id'])
    .where('role', 'in', roles)
    .where('status', '<>', 'deactivated');
  if (councilId) query = query.where('local_authority_id', '=', councilId);
  return query.orderBy('display_name').execute();
}

export function insertRow<T extends Tables>(db: Executor, table: T, values: Record<string, unknown>) {
  return db
    .insertInto(table)
    .values(values as never)
    .returning('id' as never)
    .executeTakeFirstOrThrow() as unknown as Promise<{ id: string }>;
}

/** Updates a row only if it is still at the version the person saw; returns false otherwise. */
export async function updateRowAtVersion<T extends Tables>(
  db: Executor,
  table: T,
  id: string,
  version: number,
  values: Record<string, unknown>,
): Promise<boolean> {
  const result = await db
    .updateTable(table as 'local_authorities')
    .set({ ...(values as object), version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function nameTaken(db: Executor, table: Tables, name: string, scope: Record<string, string | null>, exceptId?: string) {
  let query = db
    .selectFrom(table as 'teams')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase());
  for (const [column, value] of Object.entries(scope)) {
    query = value === null ? query.where(sql.ref(column), 'is', null) : query.where(sql.ref(column), '=', value);
  }
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
