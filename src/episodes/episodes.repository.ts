/**
 * All SQL for a family's early help episodes, their Lead Professionals and a practitioner's caseload.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';

export function episodesOfFamily(db: Executor, familyId: string) {
  return db
    .selectFrom('early_help_episodes as e')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('agencies as a', 'a.id', 'e.lead_agency_id')
    .leftJoin('users as w', 'w.id', 'e.worker_user_id')
    .leftJoin('users as lp', 'lp.id', 'e.lead_professional_user_id')
    .leftJoin('agencies as lpa', 'lpa.id', 'lp.agency_id')
    .leftJoin('contacts as c', 'c.id', 'e.contact_id')
    .select([
      'e.id',
      'e.kind',
      'e.status',
      'e.started_on',
      'e.closed_on',
      'e.closure_reason',
      'e.version',
      'e.lead_professional_user_id',
      't.name as team_name',
      'a.name as lead_agency_name',
      'w.display_name as worker_name',
      'lp.display_name as lead_professional_name',
      'lpa.name as lead_professional_agency',
      'c.reference as contact_reference',
    ])
    .where('e.family_id', '=', familyId)
    .orderBy('e.started_on', 'desc')
    .execute();
}

export function changesOfEpisodes(db: Executor, episodeIds: string[]) {
  if (episodeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('lead_professional_changes as c')
    .innerJoin('users as to', 'to.id', 'c.to_user_id')
    .leftJoin('users as from', 'from.id', 'c.from_user_id')
    .innerJoin('users as by', 'by.id', 'c.changed_by_user_id')
    .select([
      'c.id',
      'c.episode_id',
      'c.handover_note',
      'c.changed_at',
      'to.display_name as to_name',
      'from.display_name as from_name',
      'by.display_name as by_name',
    ])
    .where('c.episode_id', 'in', episodeIds)
    .orderBy('c.changed_at', 'desc')
    .execute();
}

/** Active people in some agencies who can lead a family's early help. */
export function possibleLeadProfessionals(db: Executor, agencyIds: string[]) {
  if (agencyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select(['u.id', 'u.display_name', 'u.job_title', 'u.email', 'u.agency_id', 'u.role', 'a.name as agency_name'])
    .where('u.agency_id', 'in', agencyIds)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', ['partner_practitioner', 'early_help_practitioner', 'team_manager', 'head_of_service'])
    .orderBy('a.name')
    .orderBy('u.display_name')
    .execute();
}

export async function setLeadProfessional(
  db: Executor,
  episodeId: string,
  familyId: string,
  userId: string,
  version: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('early_help_episodes')
    .set((eb) => ({ lead_professional_user_id: userId, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', episodeId)
    .where('family_id', '=', familyId)
    .where('version', '=', version)
    .where('status', '<>', 'closed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertChange(
  db: Executor,
  values: {
    episode_id: string;
    from_user_id: string | null;
    to_user_id: string;
    handover_note: string | null;
    changed_by_user_id: string;
    changed_at: Date;
  },
): Promise<void> {
  await db.insertInto('lead_professional_changes').values(values).execute();
}

/** A practitioner's families: open episodes they work or lead. */
export function caseload(db: Executor, userId: string) {
  return db
    .selectFrom('early_help_episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .select([
      'e.id',
      'e.kind',
      'e.status',
      'e.started_on',
      'e.next_review_on',
      'e.worker_user_id',
      'e.lead_professional_user_id',
      'f.id as family_id',
      'f.reference',
      'f.name',
      't.name as team_name',
    ])
    .where('e.status', '<>', 'closed')
    .where((eb) => eb.or([eb('e.worker_user_id', '=', userId), eb('e.lead_professional_user_id', '=', userId)]))
    .orderBy('e.started_on')
    .limit(500)
    .execute();
}

/** The teams a manager sees: a head of service every quadrant team in the council, a team manager the teams they manage. */
export function teamsOfManager(db: Executor, user: { id: string; role: string; teamId: string | null; localAuthorityId: string }) {
  let query = db.selectFrom('teams').select(['id', 'name']).where('local_authority_id', '=', user.localAuthorityId);
  if (user.role === 'head_of_service') query = query.where('quadrant_id', 'is not', null);
  else query = query.where((eb) => eb.or([eb('manager_user_id', '=', user.id), ...(user.teamId ? [eb('id', '=', user.teamId)] : [])]));
  return query.orderBy('name').execute();
}

/**
 * Each team's open work in one pass: families open and waiting for a worker, reviews overdue, and
 * the median and longest days open; and the same per worker (GROUPING SETS).
 */
export function teamCaseloadCounts(db: Executor, teamIds: string[], today: string) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return sql<{
    team_id: string;
    worker_user_id: string | null;
    worker_name: string | null;
    per_worker: boolean;
    open: string;
    awaiting: string;
    overdue: string;
    median_days: string | null;
    longest_days: string | null;
  }>`
    SELECT e.team_id, e.worker_user_id, max(w.display_name) AS worker_name,
           GROUPING(e.worker_user_id) = 0 AS per_worker,
           count(*) FILTER (WHERE e.status = 'open') AS open,
           count(*) FILTER (WHERE e.status = 'awaiting_allocation') AS awaiting,
           count(*) FILTER (WHERE e.status = 'open' AND e.next_review_on < ${today}::date) AS overdue,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${today}::date - e.started_on) FILTER (WHERE e.status = 'open') AS median_days,
           max(${today}::date - e.started_on) FILTER (WHERE e.status = 'open') AS longest_days
      FROM early_help_episodes e
      LEFT JOIN users w ON w.id = e.worker_user_id
     WHERE e.team_id IN (${sql.join(teamIds)}) AND e.status IN ('open', 'awaiting_allocation')
     GROUP BY GROUPING SETS ((e.team_id), (e.team_id, e.worker_user_id))`
    .execute(db)
    .then((result) => result.rows);
}

export interface TeamCaseloadFilter {
  teamIds: string[];
  workerId?: string;
  overdueOnly: boolean;
  today: string;
  offset: number;
  limit: number;
}

/** A page of the teams' open families, longest open first, with their next review. */
export function teamCaseload(db: Executor, filter: TeamCaseloadFilter) {
  if (filter.teamIds.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('early_help_episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .innerJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('users as w', 'w.id', 'e.worker_user_id')
    .leftJoin('users as lp', 'lp.id', 'e.lead_professional_user_id')
    .select([
      'e.id',
      'e.kind',
      'e.status',
      'e.started_on',
      'e.next_review_on',
      'f.id as family_id',
      'f.reference',
      'f.name',
      't.name as team_name',
      'w.display_name as worker_name',
      'lp.display_name as lead_professional_name',
    ])
    .where('e.team_id', 'in', filter.teamIds)
    .where('e.status', '=', 'open');
  if (filter.workerId) query = query.where('e.worker_user_id', '=', filter.workerId);
  if (filter.overdueOnly) query = query.where('e.next_review_on', '<', filter.today);
  return query.orderBy('e.started_on').orderBy('e.id').offset(filter.offset).limit(filter.limit).execute();
}
