/**
 * All SQL for requests for support (contacts) as they arrive at the front door, and their drafts.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { ContactTable } from '../db/schema.js';
import type { Insertable } from 'kysely';

export async function nextContactReference(db: Executor): Promise<string> {
  const row = await sql<{ n: string }>`SELECT nextval('contact_reference_seq')::text AS n`.execute(db);
  return `RFS-${row.rows[0]?.n ?? '0'}`;
}

/** Inserts a contact unless one with the same idempotency key exists; returns its id, or undefined on a repeat. */
export async function insertContact(db: Executor, values: Insertable<ContactTable>) {
  return db
    .insertInto('contacts')
    .values(values)
    .onConflict((oc) => oc.columns(['idempotency_scope', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returning(['id', 'reference'])
    .executeTakeFirst();
}

export function findByIdempotencyKey(db: Executor, scope: string, key: string) {
  return db
    .selectFrom('contacts')
    .select(['id', 'reference', 'route'])
    .where('idempotency_scope', '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function insertChildren(
  db: Executor,
  contactId: string,
  children: { given_name: string; family_name: string; date_of_birth: string | null; expected_date_of_birth: string | null }[],
): Promise<void> {
  if (children.length === 0) return;
  await db
    .insertInto('contact_children')
    .values(children.map((child, index) => ({ ...child, contact_id: contactId, position: index + 1 })))
    .execute();
}

/** The quadrant an agency's district lies in, for routing a professional's request. */
export async function quadrantOfAgency(db: Executor, agencyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('agencies as a')
    .innerJoin('districts as d', 'd.id', 'a.district_id')
    .select('d.quadrant_id')
    .where('a.id', '=', agencyId)
    .executeTakeFirst();
  return row?.quadrant_id ?? null;
}

export function agencyKind(db: Executor, agencyId: string) {
  return db.selectFrom('agencies').select(['kind', 'name']).where('id', '=', agencyId).executeTakeFirst();
}

// ——— Drafts ———

export function findDraft(db: Executor, idHash: string, now: Date) {
  return db
    .selectFrom('contact_drafts')
    .select(['id_hash', 'kind', 'user_id', 'answers'])
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function insertDraft(
  db: Executor,
  values: { id_hash: string; kind: 'professional' | 'family'; user_id: string | null; answers: string; expires_at: Date },
): Promise<void> {
  await db.insertInto('contact_drafts').values(values).execute();
}

export async function updateDraft(db: Executor, idHash: string, answers: string, now: Date): Promise<void> {
  await db.updateTable('contact_drafts').set({ answers, updated_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteExpiredDrafts(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('contact_drafts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ——— A referrer's own requests ———

export function listRequestsOfReferrer(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('contact_decisions as d', (join) =>
      join
        .onRef('d.contact_id', '=', 'c.id')
        .on((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('contact_decisions as later').select('later.id').whereRef('later.corrects_decision_id', '=', 'd.id')),
          ),
        ),
    )
    .select(['c.id', 'c.reference', 'c.received_at', 'c.status', 'c.route', 'c.social_care_received_at', 'd.next_step', 'd.decided_at'])
    .select((eb) =>
      eb
        .selectFrom('contact_children as cc')
        .select(sql<string>`string_agg(cc.given_name || ' ' || cc.family_name, ', ' ORDER BY cc.position)`.as('names'))
        .whereRef('cc.contact_id', '=', 'c.id')
        .as('children'),
    )
    .where('c.referrer_user_id', '=', userId)
    .orderBy('c.received_at', 'desc')
    .limit(limit)
    .execute();
}

/** A contact with the details it arrived with, for the referrer's and the Hub's pages. */
export function findContact(db: Executor, contactId: string) {
  return db
    .selectFrom('contacts as c')
    .innerJoin('local_authorities as la', 'la.id', 'c.local_authority_id')
    .leftJoin('agencies as a', 'a.id', 'c.referrer_agency_id')
    .leftJoin('quadrants as q', 'q.id', 'c.quadrant_id')
    .leftJoin('users as claimer', 'claimer.id', 'c.claimed_by_user_id')
    .leftJoin('families as f', 'f.id', 'c.family_id')
    .selectAll('c')
    .select([
      'la.name as council_name',
      'la.decision_target_working_days',
      'la.allocation_model',
      'la.panel_name',
      'a.name as referrer_agency_name',
      'q.name as quadrant_name',
      'claimer.display_name as claimed_by_name',
      'f.reference as family_reference',
      'f.name as family_name',
    ])
    .where('c.id', '=', contactId)
    .executeTakeFirst();
}

export function listChildren(db: Executor, contactIds: string[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('contact_children')
    .selectAll()
    .where('contact_id', 'in', contactIds)
    .orderBy('contact_id')
    .orderBy('position')
    .execute();
}

/** A contact's decisions, first to last, with who made them and the level of need. */
export function listDecisions(db: Executor, contactId: string) {
  return db
    .selectFrom('contact_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.decided_by_user_id')
    .innerJoin('need_levels as n', 'n.id', 'd.need_level_id')
    .leftJoin('agencies as a', 'a.id', 'd.lead_agency_id')
    .leftJoin('teams as t', 't.id', 'd.team_id')
    .leftJoin('quadrants as q', 'q.id', 'd.quadrant_id')
    .selectAll('d')
    .select([
      'u.display_name as decided_by_name',
      'n.level as need_level',
      'n.name as need_level_name',
      'a.name as lead_agency_name',
      't.name as team_name',
      'q.name as quadrant_name',
    ])
    .where('d.contact_id', '=', contactId)
    .orderBy('d.decided_at')
    .execute();
}
