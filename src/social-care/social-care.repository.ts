/**
 * All SQL for children's social care's inbox: safeguarding contacts from the front door, and the
 * Hub's step-ups.
 */
import type { Executor } from '../platform/audit/audit.repository.js';

/** Safeguarding contacts and stepped-up contacts of a council, not yet received unless asked for. */
export function inbox(db: Executor, councilId: string, received: boolean) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('agencies as a', 'a.id', 'c.referrer_agency_id')
    .select([
      'c.id',
      'c.reference',
      'c.received_at',
      'c.route',
      'c.safeguarding_because',
      'c.channel',
      'c.referrer_name',
      'c.social_care_received_at',
      'a.name as referrer_agency_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('contact_decisions as d')
        .select('d.decided_at')
        .whereRef('d.contact_id', '=', 'c.id')
        .where('d.next_step', '=', 'step_up')
        .where((inner) =>
          inner.not(
            inner.exists(
              inner.selectFrom('contact_decisions as later').select('later.id').whereRef('later.corrects_decision_id', '=', 'd.id'),
            ),
          ),
        )
        .limit(1)
        .as('stepped_up_at'),
    )
    .where('c.local_authority_id', '=', councilId)
    .where((eb) =>
      eb.or([
        eb('c.route', '=', 'safeguarding'),
        eb.exists(
          eb
            .selectFrom('contact_decisions as d')
            .select('d.id')
            .whereRef('d.contact_id', '=', 'c.id')
            .where('d.next_step', '=', 'step_up')
            .where((inner) =>
              inner.not(
                inner.exists(
                  inner.selectFrom('contact_decisions as later').select('later.id').whereRef('later.corrects_decision_id', '=', 'd.id'),
                ),
              ),
            ),
        ),
      ]),
    )
    .where('c.social_care_received_at', received ? 'is not' : 'is', null)
    .orderBy('c.received_at', received ? 'desc' : 'asc')
    .limit(200)
    .execute();
}

export async function markReceived(db: Executor, contactId: string, userId: string, version: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set((eb) => ({
      social_care_received_at: now,
      social_care_received_by_user_id: userId,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', contactId)
    .where('version', '=', version)
    .where('social_care_received_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
