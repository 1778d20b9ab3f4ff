/**
 * All SQL for the people who use TellOnce, as administrators see and change them.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, NewUserRow, UserUpdate } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';

export interface UserFilter {
  councilId?: string | undefined;
  role?: string | undefined;
  status?: string | undefined;
  name?: string | undefined;
  teamId?: string | undefined;
}

function withNames(db: Kysely<Database> | Executor) {
  return db
    .selectFrom('users')
    .innerJoin('local_authorities as la', 'la.id', 'users.local_authority_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.job_title',
      'users.status',
      'users.local_authority_id',
      'users.agency_id',
      'users.team_id',
      'users.locked_until',
      'users.last_signed_in_at',
      'users.invitation_expires_at',
      'users.version',
      'la.name as council_name',
      'agencies.name as agency_name',
      'teams.name as team_name',
    ]);
}

export function listUsers(db: Kysely<Database>, filter: UserFilter) {
  let query = withNames(db);
  if (filter.councilId) query = query.where('users.local_authority_id', '=', filter.councilId);
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.status) query = query.where('users.status', '=', filter.status as 'active');
  if (filter.teamId) query = query.where('users.team_id', '=', filter.teamId);
  if (filter.name) {
    const pattern = `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('users.display_name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  return query.orderBy('la.name').orderBy('users.display_name').execute();
}

export function findUser(db: Executor, id: string) {
  return withNames(db).where('users.id', '=', id).executeTakeFirst();
}

export async function emailTaken(db: Executor, email: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function insertUser(db: Executor, values: NewUserRow) {
  return db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateUserAtVersion(db: Executor, id: string, version: number, values: UserUpdate): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function deleteSessionsOf(db: Executor, userId: string) {
  return db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function findAgencyCouncil(db: Executor, agencyId: string) {
  return db.selectFrom('agencies').select(['id', 'local_authority_id']).where('id', '=', agencyId).executeTakeFirst();
}

export function findTeamCouncil(db: Executor, teamId: string) {
  return db.selectFrom('teams').select(['id', 'local_authority_id']).where('id', '=', teamId).executeTakeFirst();
}
