/**
 * All SQL for the Early Help Hub's own work: the queue, claiming, what is already known about a
 * family, decisions and their effects (episodes, panel and forum lists).
 */
import { sql, type Insertable } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { ContactDecisionTable, EarlyHelpEpisodeTable } from '../db/schema.js';

export interface QueueFilter {
  councilId: string | null;
  quadrantId: string | null;
  source: string | null;
  reason: string | null;
  /** Children born between these dates (inclusive), for the age filter. */
  bornFrom: string | null;
  bornTo: string | null;
  status: 'new' | 'in_progress' | 'mine' | null;
  userId: string;
}

function queueBase(db: Executor, filter: QueueFilter) {
  let query = db.selectFrom('contacts as c').where('c.status', '<>', 'decided').where('c.route', '=', 'early_help');
  if (filter.councilId) query = query.where('c.local_authority_id', '=', filter.councilId);
  if (filter.quadrantId) query = query.where('c.quadrant_id', '=', filter.quadrantId);
  if (filter.source) query = query.where('c.source', '=', filter.source);
  if (filter.reason) query = query.where(sql<boolean>`${filter.reason} = ANY(c.reasons)`);
  if (filter.status === 'new') query = query.where('c.status', '=', 'new');
  if (filter.status === 'in_progress') query = query.where('c.status', '=', 'in_progress');
  if (filter.status === 'mine') query = query.where('c.claimed_by_user_id', '=', filter.userId);
  if (filter.bornFrom !== null && filter.bornTo !== null) {
    const { bornFrom, bornTo } = filter;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('contact_children as cc')
          .select('cc.id')
          .whereRef('cc.contact_id', '=', 'c.id')
          .where((inner) =>
            inner.or([
              inner.and([inner('cc.date_of_birth', '>=', bornFrom), inner('cc.date_of_birth', '<=', bornTo)]),
              // A baby not yet born is in the youngest band.
              ...(bornTo >= '9999-01-01' ? [inner('cc.expected_date_of_birth', 'is not', null)] : []),
            ]),
          ),
      ),
    );
  }
  return query;
}

export async function countQueue(db: Executor, filter: QueueFilter): Promise<number> {
  const row = await queueBase(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function listQueue(db: Executor, filter: QueueFilter, limit: number, offset: number) {
  return queueBase(db, filter)
    .innerJoin('local_authorities as la', 'la.id', 'c.local_authority_id')
    .leftJoin('agencies as a', 'a.id', 'c.referrer_agency_id')
    .leftJoin('quadrants as q', 'q.id', 'c.quadrant_id')
    .leftJoin('users as claimer', 'claimer.id', 'c.claimed_by_user_id')
    .select([
      'c.id',
      'c.reference',
      'c.status',
      'c.received_at',
      'c.channel',
      'c.source',
      'c.reasons',
      'c.family_id',
      'c.claimed_by_user_id',
      'c.version',
      'la.name as council_name',
      'la.decision_target_working_days',
      'a.name as referrer_agency_name',
      'q.name as quadrant_name',
      'claimer.display_name as claimed_by_name',
    ])
    .orderBy('c.received_at')
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function claim(db: Executor, contactId: string, userId: string, version: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({ claimed_by_user_id: userId, claimed_at: now, status: 'in_progress', version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', contactId)
    .where('version', '=', version)
    .where('status', '<>', 'decided')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setQuadrant(
  db: Executor,
  contactId: string,
  quadrantId: string | null,
  version: number,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({ quadrant_id: quadrantId, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', contactId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function linkFamily(db: Executor, contactId: string, familyId: string, version: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({ family_id: familyId, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', contactId)
    .where('version', '=', version)
    .where('status', '<>', 'decided')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function linkChild(db: Executor, childId: string, personId: string): Promise<void> {
  await db.updateTable('contact_children').set({ person_id: personId }).where('id', '=', childId).execute();
}

/** Hub officers of a council, for assigning a contact. */
export function hubOfficers(db: Executor, councilId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('local_authority_id', '=', councilId)
    .where('role', '=', 'hub_officer')
    .where('status', '=', 'active')
    .orderBy('display_name')
    .execute();
}

// ——— What is already known ———

export function familyHeaders(db: Executor, familyIds: string[]) {
  if (familyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('families as f')
    .innerJoin('local_authorities as la', 'la.id', 'f.local_authority_id')
    .select(['f.id', 'f.reference', 'f.name', 'la.name as council_name'])
    .where('f.id', 'in', familyIds)
    .execute();
}

export function familyMembers(db: Executor, familyIds: string[]) {
  if (familyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('family_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.family_id', 'p.id', 'p.given_name', 'p.family_name', 'p.date_of_birth', 'p.expected_date_of_birth'])
    .where('m.family_id', 'in', familyIds)
    .where('p.merged_into_person_id', 'is', null)
    .orderBy('p.date_of_birth')
    .execute();
}

export function episodesOfFamilies(db: Executor, familyIds: string[]) {
  if (familyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('early_help_episodes as e')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('agencies as a', 'a.id', 'e.lead_agency_id')
    .leftJoin('users as w', 'w.id', 'e.worker_user_id')
    .select([
      'e.id',
      'e.family_id',
      'e.kind',
      'e.status',
      'e.started_on',
      'e.closed_on',
      'e.closure_reason',
      't.name as team_name',
      'a.name as lead_agency_name',
      'w.display_name as worker_name',
    ])
    .where('e.family_id', 'in', familyIds)
    .orderBy('e.started_on', 'desc')
    .execute();
}

/** Other contacts about the same families or the same children, newest first. */
export function earlierContacts(db: Executor, contactId: string, familyIds: string[], personIds: string[]) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('agencies as a', 'a.id', 'c.referrer_agency_id')
    .select(['c.id', 'c.family_id', 'c.reference', 'c.received_at', 'c.route', 'c.status', 'c.reasons', 'a.name as referrer_agency_name'])
    .select((eb) =>
      eb
        .selectFrom('contact_decisions as d')
        .select('d.next_step')
        .whereRef('d.contact_id', '=', 'c.id')
        .orderBy('d.decided_at', 'desc')
        .limit(1)
        .as('next_step'),
    )
    .where('c.id', '<>', contactId)
    .where((eb) => {
      const conditions = [];
      if (familyIds.length > 0) conditions.push(eb('c.family_id', 'in', familyIds));
      if (personIds.length > 0)
        conditions.push(
          eb.exists(
            eb
              .selectFrom('contact_children as cc')
              .select('cc.id')
              .whereRef('cc.contact_id', '=', 'c.id')
              .where('cc.person_id', 'in', personIds),
          ),
        );
      return conditions.length > 0 ? eb.or(conditions) : eb.val(false);
    })
    .orderBy('c.received_at', 'desc')
    .limit(20 * Math.max(1, familyIds.length))
    .execute();
}

/** Current involvement of a social worker with the family. */
export function socialCareInvolvements(db: Executor, familyIds: string[]) {
  if (familyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('involvements as i')
    .innerJoin('agencies as a', 'a.id', 'i.agency_id')
    .select(['i.family_id', 'i.started_on', 'a.name as agency_name'])
    .where('i.family_id', 'in', familyIds)
    .where('i.professional_role', '=', 'social_worker')
    .where('i.ended_on', 'is', null)
    .execute();
}

// ——— Decisions and their effects ———

export function insertDecision(db: Executor, values: Insertable<ContactDecisionTable>) {
  return db.insertInto('contact_decisions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function markDecided(db: Executor, contactId: string, version: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({ status: 'decided', version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', contactId)
    .where('version', '=', version)
    .where('status', '<>', 'decided')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function insertEpisode(db: Executor, values: Insertable<EarlyHelpEpisodeTable>) {
  return db.insertInto('early_help_episodes').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function setDecisionEpisode(db: Executor, decisionId: string, episodeId: string): Promise<void> {
  await db.updateTable('contact_decisions').set({ episode_id: episodeId }).where('id', '=', decisionId).execute();
}

export function findEpisode(db: Executor, episodeId: string) {
  return db.selectFrom('early_help_episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
}

export async function updateEpisode(
  db: Executor,
  episodeId: string,
  values: Partial<{
    kind: 'lead_professional' | 'targeted';
    status: 'awaiting_panel' | 'awaiting_allocation' | 'open' | 'closed';
    team_id: string | null;
    quadrant_id: string | null;
    lead_agency_id: string | null;
    closed_on: string | null;
    closure_reason: string | null;
  }>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('early_help_episodes')
    .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', episodeId)
    .execute();
}

export function insertPanelCase(
  db: Executor,
  values: {
    local_authority_id: string;
    kind: 'allocation_panel' | 'quadrant_forum';
    quadrant_id: string | null;
    contact_id: string;
    decision_id: string;
    family_id: string;
    episode_id: string | null;
    listed_at: Date;
  },
) {
  return db.insertInto('panel_cases').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function withdrawPanelCasesOfContact(db: Executor, contactId: string): Promise<void> {
  await db
    .updateTable('panel_cases')
    .set((eb) => ({ status: 'withdrawn', version: eb('version', '+', 1) }))
    .where('contact_id', '=', contactId)
    .where('status', '=', 'waiting')
    .execute();
}

/** Whether a decision has been corrected already (only the newest decision can be corrected). */
export async function isCorrected(db: Executor, decisionId: string): Promise<boolean> {
  const row = await db.selectFrom('contact_decisions').select('id').where('corrects_decision_id', '=', decisionId).executeTakeFirst();
  return row !== undefined;
}

export function findDecision(db: Executor, decisionId: string) {
  return db.selectFrom('contact_decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
}

/** The people to tell about a team's new work: its manager, and the council's panel coordinators. */
export function teamManagerEmail(db: Executor, teamId: string) {
  return db
    .selectFrom('teams as t')
    .innerJoin('users as u', 'u.id', 't.manager_user_id')
    .select(['u.email'])
    .where('t.id', '=', teamId)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
}

export function panelCoordinatorEmails(db: Executor, councilId: string) {
  return db
    .selectFrom('users')
    .select('email')
    .where('local_authority_id', '=', councilId)
    .where('role', '=', 'panel_coordinator')
    .where('status', '=', 'active')
    .execute();
}

/** The council's early help service: the agency its Hub officers belong to. */
export function hubAgencyOf(db: Executor, councilId: string) {
  return db
    .selectFrom('users')
    .select('agency_id')
    .where('local_authority_id', '=', councilId)
    .where('role', '=', 'hub_officer')
    .limit(1)
    .executeTakeFirst();
}

export function agencyOfTeam(db: Executor, teamId: string) {
  return db.selectFrom('users').select('agency_id').where('team_id', '=', teamId).limit(1).executeTakeFirst();
}

/** A council's early help contacts waiting for a decision, and how many are past their due time. */
export async function waitingCounts(db: Executor, councilId: string, now: Date): Promise<{ waiting: number; overdue: number }> {
  const row = await db
    .selectFrom('contacts')
    .select([sql<string>`count(*)`.as('waiting'), sql<string>`count(*) FILTER (WHERE decision_due_at < ${now})`.as('overdue')])
    .where('local_authority_id', '=', councilId)
    .where('status', '<>', 'decided')
    .where('route', '=', 'early_help')
    .executeTakeFirst();
  return { waiting: Number(row?.waiting ?? 0), overdue: Number(row?.overdue ?? 0) };
}
