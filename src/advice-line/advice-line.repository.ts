/**
 * All SQL for the Early Help Hub's advice line log.
 */
import type { Insertable } from 'kysely';
import type { AdviceCallTable } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';

export function insertCall(db: Executor, values: Insertable<AdviceCallTable>) {
  return db.insertInto('advice_calls').values(values).returning('id').executeTakeFirstOrThrow();
}

export function familyByReference(db: Executor, reference: string) {
  return db.selectFrom('families').select(['id', 'reference', 'local_authority_id']).where('reference', '=', reference).executeTakeFirst();
}

function base(db: Executor, councilId: string, outstandingOnly: boolean) {
  let query = db.selectFrom('advice_calls as c').where('c.local_authority_id', '=', councilId);
  if (outstandingOnly) query = query.where('c.follow_up', 'is not', null).where('c.follow_up_done_at', 'is', null);
  return query;
}

export async function countCalls(db: Executor, councilId: string, outstandingOnly: boolean): Promise<number> {
  const row = await base(db, councilId, outstandingOnly)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function listCalls(db: Executor, councilId: string, outstandingOnly: boolean, limit: number, offset: number) {
  return base(db, councilId, outstandingOnly)
    .leftJoin('agencies as a', 'a.id', 'c.caller_agency_id')
    .leftJoin('families as f', 'f.id', 'c.family_id')
    .select([
      'c.id',
      'c.called_at',
      'c.caller_name',
      'c.caller_role',
      'c.question',
      'c.follow_up',
      'c.follow_up_by',
      'c.follow_up_done_at',
      'a.name as agency_name',
      'f.reference as family_reference',
    ])
    .orderBy('c.called_at', 'desc')
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countFollowUpsDue(db: Executor, councilId: string, today: string): Promise<number> {
  const row = await db
    .selectFrom('advice_calls')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('local_authority_id', '=', councilId)
    .where('follow_up_done_at', 'is', null)
    .where('follow_up_by', '<=', today)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function findCall(db: Executor, id: string) {
  return db
    .selectFrom('advice_calls as c')
    .leftJoin('agencies as a', 'a.id', 'c.caller_agency_id')
    .leftJoin('families as f', 'f.id', 'c.family_id')
    .innerJoin('users as r', 'r.id', 'c.recorded_by_user_id')
    .leftJoin('users as d', 'd.id', 'c.follow_up_done_by_user_id')
    .selectAll('c')
    .select(['a.name as agency_name', 'f.reference as family_reference', 'r.display_name as recorded_by', 'd.display_name as done_by'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function markFollowUpDone(db: Executor, id: string, userId: string, version: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('advice_calls')
    .set((eb) => ({ follow_up_done_at: now, follow_up_done_by_user_id: userId, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('follow_up', 'is not', null)
    .where('follow_up_done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
