/**
 * All SQL for the audit log. Rows are only ever inserted; the database refuses updates and deletes.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface AuditInsert {
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  recordType: string;
  recordId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

export async function insertAuditEvent(db: Executor, event: AuditInsert): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor_user_id: event.actorUserId,
      actor_label: event.actorLabel,
      action: event.action,
      record_type: event.recordType,
      record_id: event.recordId,
      reason: event.reason,
      detail: event.detail === null ? null : JSON.stringify(event.detail),
    })
    .execute();
}

export interface AuditSearchFilters {
  actorUserId?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  from?: Date | undefined;
  /** Exclusive upper bound. */
  to?: Date | undefined;
}

export async function searchAuditEvents(db: Executor, filters: AuditSearchFilters, limit: number, offset: number) {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select([
      'audit_events.id',
      'audit_events.occurred_at',
      'audit_events.actor_user_id',
      'audit_events.actor_label',
      'audit_events.action',
      'audit_events.record_type',
      'audit_events.record_id',
      'audit_events.reason',
      'audit_events.detail',
      'users.email as actor_email',
    ]);
  if (filters.actorUserId) query = query.where('audit_events.actor_user_id', '=', filters.actorUserId);
  if (filters.recordType) query = query.where('audit_events.record_type', '=', filters.recordType);
  if (filters.recordId) query = query.where('audit_events.record_id', '=', filters.recordId);
  if (filters.from) query = query.where('audit_events.occurred_at', '>=', filters.from);
  if (filters.to) query = query.where('audit_events.occurred_at', '<', filters.to);
  const rows = await query
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('audit_events.occurred_at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows;
}

export async function distinctRecordTypes(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('record_type').distinct().orderBy('record_type').execute();
  return rows.map((row) => row.record_type);
}
