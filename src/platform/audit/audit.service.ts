/**
 * The audit log: who did what to which record, when and why.
 *
 * Services call `audit.record(trx, …)` inside the same transaction as the change or read it
 * describes, so that a change without its audit row cannot be committed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { distinctRecordTypes, insertAuditEvent, searchAuditEvents, type AuditSearchFilters, type Executor } from './audit.repository.js';

/** Who is acting: a signed-in person, or TellOnce itself (for the demo set-up, say). */
export interface AuditActor {
  userId: string | null;
  label: string;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'TellOnce' };

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | null;
  reason?: string | null;
  /** What changed, as field names and values. Never free text about a family. */
  detail?: Record<string, unknown> | null;
}

export interface AuditEventView {
  id: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorLabel: string;
  actorEmail: string | null;
  action: string;
  recordType: string;
  recordId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  events: AuditEventView[];
  total: number;
}

export class AuditService {
  constructor(private readonly db: Kysely<Database>) {}

  async record(executor: Executor, actor: AuditActor, entry: AuditEntry): Promise<void> {
    await insertAuditEvent(executor, {
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId ?? null,
      reason: entry.reason ?? null,
      detail: entry.detail ?? null,
    });
  }

  /** Searching the audit log is itself recorded. */
  async search(actor: AuditActor, filters: AuditSearchFilters, page: number, pageSize: number): Promise<AuditPage> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await searchAuditEvents(trx, filters, pageSize, (page - 1) * pageSize);
      await this.record(trx, actor, {
        action: 'audit log searched',
        recordType: 'audit log',
        detail: {
          user: filters.actorUserId ?? null,
          recordType: filters.recordType ?? null,
          recordId: filters.recordId ?? null,
          from: filters.from?.toISOString() ?? null,
          to: filters.to?.toISOString() ?? null,
          page,
        },
      });
      return {
        total: rows[0]?.total ?? 0,
        events: rows.map((row) => ({
          id: Number(row.id),
          occurredAt: row.occurred_at,
          actorUserId: row.actor_user_id,
          actorLabel: row.actor_label,
          actorEmail: row.actor_email,
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
          reason: row.reason,
          detail: row.detail,
        })),
      };
    });
  }

  recordTypes(): Promise<string[]> {
    return distinctRecordTypes(this.db);
  }
}
