/**
 * All SQL for partner systems' API tokens and their requests' status.
 */
import type { Executor } from '../platform/audit/audit.repository.js';

export function insertToken(
  db: Executor,
  values: { agency_id: string; name: string; token_hash: string; token_hint: string; created_by_user_id: string },
) {
  return db.insertInto('api_tokens').values(values).returning('id').executeTakeFirstOrThrow();
}

export function listTokens(db: Executor) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .innerJoin('users as u', 'u.id', 't.created_by_user_id')
    .select([
      't.id',
      't.name',
      't.token_hint',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      'a.name as agency_name',
      'u.display_name as created_by',
    ])
    .orderBy('t.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('t.created_at', 'desc')
    .execute();
}

export function findToken(db: Executor, id: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .select(['t.id', 't.name', 't.token_hint', 't.revoked_at', 'a.name as agency_name'])
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export function tokenByHash(db: Executor, hash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .select(['t.id', 't.name', 't.agency_id', 't.revoked_at', 'a.name as agency_name'])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
}

export async function touchToken(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function revokeToken(db: Executor, id: string, userId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by_user_id: userId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A request made by an agency, with the Hub's current decision: the one no later decision corrects
 * (a decision is corrected at most once, so there is at most one).
 */
export function requestOfAgency(db: Executor, agencyId: string, reference: string) {
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
    .select(['c.id', 'c.reference', 'c.received_at', 'c.status', 'c.route', 'd.next_step', 'd.decided_at'])
    .where('c.referrer_agency_id', '=', agencyId)
    .where('c.reference', '=', reference)
    .executeTakeFirst();
}
