/**
 * All SQL for the Early Help Hub's own figures. Every figure is counted by the database
 * (GROUP BY), never by loading contacts into the application, so that it stays fast at a county's
 * ten years of contacts.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';

export type Dimension = 'council' | 'source' | 'reason' | 'outcome';

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
  councilId: string | null;
}

const councilFilter = (column: RawBuilder<unknown>, period: Period) =>
  period.councilId ? sql`AND ${column} = ${period.councilId}` : sql``;

/** Contacts received in the period, and how many of them were safeguarding contacts. */
export async function received(db: Executor, period: Period): Promise<{ received: number; safeguarding: number }> {
  const result = await sql<{ received: string; safeguarding: string }>`
    SELECT count(*) AS received, count(*) FILTER (WHERE c.route = 'safeguarding') AS safeguarding
    FROM contacts c
    WHERE c.received_at >= ${period.from} AND c.received_at < ${period.to} ${councilFilter(sql.ref('c.local_authority_id'), period)}`.execute(
    db,
  );
  const row = result.rows[0];
  return { received: Number(row?.received ?? 0), safeguarding: Number(row?.safeguarding ?? 0) };
}

/** Contacts first decided in the period, and how many of those first decisions were within target. */
export async function decided(db: Executor, period: Period): Promise<{ decided: number; withinTarget: number }> {
  const result = await sql<{ decided: string; within: string }>`
    SELECT count(*) AS decided, count(*) FILTER (WHERE d.within_target) AS within
    FROM contact_decisions d
    WHERE d.corrects_decision_id IS NULL AND d.decided_at >= ${period.from} AND d.decided_at < ${period.to}
      ${councilFilter(sql.ref('d.local_authority_id'), period)}`.execute(db);
  const row = result.rows[0];
  return { decided: Number(row?.decided ?? 0), withinTarget: Number(row?.within ?? 0) };
}

function groupOf(dimension: Exclude<Dimension, 'outcome'>): RawBuilder<string> {
  switch (dimension) {
    case 'council':
      return sql<string>`c.local_authority_id::text`;
    case 'source':
      return sql<string>`c.source`;
    case 'reason':
      return sql<string>`unnest(c.reasons)`;
  }
}

/** Contacts received in the period by council, source or reason (a contact counts under each of its reasons). */
export async function receivedBy(db: Executor, period: Period, dimension: Exclude<Dimension, 'outcome'>) {
  const result = await sql<{ grp: string; n: string }>`
    SELECT g.grp, count(*) AS n FROM (
      SELECT ${groupOf(dimension)} AS grp FROM contacts c
      WHERE c.received_at >= ${period.from} AND c.received_at < ${period.to} ${councilFilter(sql.ref('c.local_authority_id'), period)}
    ) g GROUP BY g.grp`.execute(db);
  return result.rows.map((row) => ({ group: row.grp, count: Number(row.n) }));
}

/**
 * Contacts first decided in the period, by council, source, reason or outcome, with how many were
 * decided within target. The outcome is that of the decision that stands (after any correction);
 * timeliness is always the first decision's.
 */
export async function decidedBy(db: Executor, period: Period, dimension: Dimension) {
  const grp =
    dimension === 'outcome'
      ? sql<string>`(SELECT cur.next_step FROM contact_decisions cur
           WHERE cur.contact_id = d.contact_id
             AND NOT EXISTS (SELECT 1 FROM contact_decisions later WHERE later.corrects_decision_id = cur.id)
           ORDER BY cur.decided_at DESC LIMIT 1)`
      : groupOf(dimension);
  const result = await sql<{ grp: string; n: string; within: string }>`
    SELECT g.grp, count(*) AS n, count(*) FILTER (WHERE g.within_target) AS within FROM (
      SELECT ${grp} AS grp, d.within_target
      FROM contact_decisions d JOIN contacts c ON c.id = d.contact_id
      WHERE d.corrects_decision_id IS NULL AND d.decided_at >= ${period.from} AND d.decided_at < ${period.to}
        ${councilFilter(sql.ref('d.local_authority_id'), period)}
    ) g GROUP BY g.grp`.execute(db);
  return result.rows.map((row) => ({ group: row.grp, count: Number(row.n), withinTarget: Number(row.within) }));
}
