/**
 * All SQL for the notification outbox.
 */
import type { Executor } from '../platform/audit/audit.repository.js';

export async function insertNotification(
  db: Executor,
  values: {
    template: string;
    email_address: string;
    reference: string;
    link: string;
    record_type: string;
    record_id: string | null;
    status: 'queued' | 'kept';
  },
): Promise<void> {
  await db.insertInto('notifications').values(values).execute();
}

/** Queued messages, oldest first, locked so that a second server process does not send them too. */
export function lockQueued(db: Executor, limit: number) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('status', '=', 'queued')
    .orderBy('created_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markSent(db: Executor, id: string, providerId: string | null, sentAt: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({ status: 'sent', provider_id: providerId, sent_at: sentAt, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .execute();
}

export async function markFailedAttempt(db: Executor, id: string, error: string, giveUp: boolean): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({ status: giveUp ? 'failed' : 'queued', attempts: eb('attempts', '+', 1), last_error: error }))
    .where('id', '=', id)
    .execute();
}

export async function countNotifications(db: Executor, status: string | null): Promise<number> {
  let query = db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n'));
  if (status) query = query.where('status', '=', status as 'queued');
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function listNotifications(db: Executor, status: string | null, limit: number, offset: number) {
  let query = db.selectFrom('notifications').selectAll();
  if (status) query = query.where('status', '=', status as 'queued');
  return query.orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
}
