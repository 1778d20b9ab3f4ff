/**
 * All SQL for allocation: a team's early help waiting for a worker, workers' caseloads, and the
 * multi-agency panel's and quadrant forums' lists.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';

/** The teams a manager allocates for: the ones they manage, and their own. */
export function teamsOfManager(db: Executor, userId: string, teamId: string | null) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'local_authority_id', 'quadrant_id'])
    .where((eb) => eb.or([eb('manager_user_id', '=', userId), ...(teamId ? [eb('id', '=', teamId)] : [])]))
    .orderBy('name')
    .execute();
}

/** A council's quadrant teams, for a head of service. */
export function quadrantTeamsOfCouncil(db: Executor, councilId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'local_authority_id', 'quadrant_id'])
    .where('local_authority_id', '=', councilId)
    .where('quadrant_id', 'is not', null)
    .orderBy('name')
    .execute();
}

export function episodesOfTeams(db: Executor, teamIds: string[], status: 'awaiting_allocation' | 'open') {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('early_help_episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .innerJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('contacts as c', 'c.id', 'e.contact_id')
    .leftJoin('users as w', 'w.id', 'e.worker_user_id')
    .select([
      'e.id',
      'e.kind',
      'e.status',
      'e.started_on',
      'e.version',
      'e.team_id',
      'f.id as family_id',
      'f.reference as family_reference',
      'f.name as family_name',
      't.name as team_name',
      'c.reference as contact_reference',
      'w.display_name as worker_name',
    ])
    .where('e.team_id', 'in', teamIds)
    .where('e.status', '=', status)
    .orderBy('e.started_on')
    .limit(200)
    .execute();
}

/** The workers of some teams, each with their open caseload, from one query. */
export function workersWithCaseloads(db: Executor, teamIds: string[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name', 'u.job_title', 'u.team_id', 'u.agency_id'])
    .select((eb) =>
      eb
        .selectFrom('early_help_episodes as e')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('e.worker_user_id', '=', 'u.id')
        .where('e.status', '=', 'open')
        .as('caseload'),
    )
    .where('u.team_id', 'in', teamIds)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', ['early_help_practitioner', 'team_manager'])
    .orderBy('u.display_name')
    .execute();
}

export function findEpisode(db: Executor, episodeId: string) {
  return db
    .selectFrom('early_help_episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('contacts as c', 'c.id', 'e.contact_id')
    .select([
      'e.id',
      'e.kind',
      'e.status',
      'e.started_on',
      'e.version',
      'e.team_id',
      'e.local_authority_id',
      'e.contact_id',
      'f.id as family_id',
      'f.reference as family_reference',
      'f.name as family_name',
      't.name as team_name',
      'c.reference as contact_reference',
    ])
    .where('e.id', '=', episodeId)
    .executeTakeFirst();
}

/** The Hub's current decision on the contact that opened an episode, for the allocation page. */
export function currentDecisionOfContact(db: Executor, contactId: string) {
  return db
    .selectFrom('contact_decisions as d')
    .innerJoin('need_levels as n', 'n.id', 'd.need_level_id')
    .select(['d.reasons', 'd.decided_at', 'n.level', 'n.name as level_name'])
    .where('d.contact_id', '=', contactId)
    .orderBy('d.decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function allocateWorker(
  db: Executor,
  episodeId: string,
  workerId: string,
  byUserId: string,
  version: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('early_help_episodes')
    .set((eb) => ({
      worker_user_id: workerId,
      allocated_at: now,
      allocated_by_user_id: byUserId,
      status: 'open',
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', episodeId)
    .where('version', '=', version)
    .where('status', '=', 'awaiting_allocation')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function workerEmail(db: Executor, userId: string) {
  return db.selectFrom('users').select(['email', 'display_name', 'agency_id']).where('id', '=', userId).executeTakeFirst();
}

// ——— Panels and forums ———

export function panelCases(db: Executor, councilId: string, status: 'waiting' | 'heard') {
  return db
    .selectFrom('panel_cases as p')
    .innerJoin('families as f', 'f.id', 'p.family_id')
    .innerJoin('contacts as c', 'c.id', 'p.contact_id')
    .innerJoin('contact_decisions as d', 'd.id', 'p.decision_id')
    .innerJoin('need_levels as n', 'n.id', 'd.need_level_id')
    .leftJoin('quadrants as q', 'q.id', 'p.quadrant_id')
    .leftJoin('teams as t', 't.id', 'p.team_id')
    .select([
      'p.id',
      'p.kind',
      'p.status',
      'p.listed_at',
      'p.heard_at',
      'p.outcome',
      'p.version',
      'f.id as family_id',
      'f.reference as family_reference',
      'f.name as family_name',
      'c.reference as contact_reference',
      'd.reasons',
      'n.level',
      'n.name as level_name',
      'q.name as quadrant_name',
      't.name as team_name',
    ])
    .where('p.local_authority_id', '=', councilId)
    .where('p.status', '=', status)
    .orderBy('p.listed_at', status === 'waiting' ? 'asc' : 'desc')
    .limit(200)
    .execute();
}

export function findPanelCase(db: Executor, caseId: string) {
  return db
    .selectFrom('panel_cases as p')
    .innerJoin('contacts as c', 'c.id', 'p.contact_id')
    .selectAll('p')
    .select('c.reference as contact_reference')
    .where('p.id', '=', caseId)
    .executeTakeFirst();
}

export async function hearPanelCase(
  db: Executor,
  caseId: string,
  values: { outcome: string; team_id: string | null; heard_by_user_id: string; heard_at: Date },
  version: number,
): Promise<boolean> {
  const result = await db
    .updateTable('panel_cases')
    .set((eb) => ({ ...values, status: 'heard', version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .where('version', '=', version)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setEpisodeTeam(db: Executor, episodeId: string, teamId: string, now: Date): Promise<void> {
  await db
    .updateTable('early_help_episodes')
    .set((eb) => ({ team_id: teamId, status: 'awaiting_allocation', version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', episodeId)
    .where('status', '=', 'awaiting_panel')
    .execute();
}

export function managerEmailOfTeam(db: Executor, teamId: string) {
  return db
    .selectFrom('teams as t')
    .innerJoin('users as u', 'u.id', 't.manager_user_id')
    .select('u.email')
    .where('t.id', '=', teamId)
    .executeTakeFirst();
}
