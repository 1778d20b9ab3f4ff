/**
 * All SQL for the Early Help Hub's own figures. Every figure is counted by the database
 * (GROUP BY GROUPING SETS), never by loading contacts into the application, and each side of the
 * figures (received, decided) is one pass over the period's rows, so that it stays fast at a
 * county's ten years of contacts.
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

export interface GroupCount {
  group: string;
  count: number;
  withinTarget: number;
}

const councilFilter = (column: RawBuilder<unknown>, period: Period) =>
  period.councilId ? sql`AND ${column} = ${period.councilId}` : sql``;

/** Which grouping set a row of a GROUPING SETS query belongs to: the one column not rolled up, or the total. */
function dimensionOf(flags: Record<Dimension, number | string | undefined>): Dimension | 'total' {
  const grouped = (Object.keys(flags) as Dimension[]).filter((key) => flags[key] !== undefined && Number(flags[key]) === 0);
  return grouped[0] ?? 'total';
}

/**
 * Contacts received in the period: in all, how many were safeguarding contacts, and by council,
 * source and reason. Each contact is unnested into one row per reason; only its first reason's row
 * counts towards everything but the reasons, so a contact with two reasons counts once in the
 * total and under each of its reasons.
 */
export async function receivedCounts(db: Executor, period: Period) {
  const result = await sql<{
    g_council: number;
    g_source: number;
    g_reason: number;
    council: string | null;
    source: string | null;
    reason: string | null;
    contacts: string;
    mentions: string;
    safeguarding: string;
  }>`
    SELECT grouping(c.local_authority_id) AS g_council, grouping(c.source) AS g_source, grouping(r.reason) AS g_reason,
      c.local_authority_id::text AS council, c.source, r.reason,
      count(*) FILTER (WHERE r.n = 1) AS contacts,
      count(*) AS mentions,
      count(*) FILTER (WHERE r.n = 1 AND c.route = 'safeguarding') AS safeguarding
    FROM contacts c CROSS JOIN LATERAL unnest(c.reasons) WITH ORDINALITY AS r(reason, n)
    WHERE c.received_at >= ${period.from} AND c.received_at < ${period.to} ${councilFilter(sql.ref('c.local_authority_id'), period)}
    GROUP BY GROUPING SETS ((), (c.local_authority_id), (c.source), (r.reason))`.execute(db);
  const counts = {
    received: 0,
    safeguarding: 0,
    by: { council: [], source: [], reason: [] } as Record<'council' | 'source' | 'reason', GroupCount[]>,
  };
  for (const row of result.rows) {
    const dimension = dimensionOf({ council: row.g_council, source: row.g_source, reason: row.g_reason, outcome: undefined });
    if (dimension === 'total') {
      counts.received = Number(row.contacts);
      counts.safeguarding = Number(row.safeguarding);
    } else if (dimension !== 'outcome') {
      const group = dimension === 'council' ? row.council : dimension === 'source' ? row.source : row.reason;
      counts.by[dimension].push({
        group: group ?? '',
        count: Number(dimension === 'reason' ? row.mentions : row.contacts),
        withinTarget: 0,
      });
    }
  }
  return counts;
}

/**
 * Contacts first decided in the period (by the decision that corrects nothing), with how many of
 * those first decisions were within target: in all, and by council, source, reason and outcome.
 * The outcome is that of the decision that stands now (the one no other corrects); a contact's
 * corrections are looked up only for the few contacts that have one. Timeliness is always the
 * first decision's.
 */
export async function decidedCounts(db: Executor, period: Period) {
  const result = await sql<{
    g_council: number;
    g_source: number;
    g_reason: number;
    g_outcome: number;
    council: string | null;
    source: string | null;
    reason: string | null;
    outcome: string | null;
    contacts: string;
    contacts_within: string;
    mentions: string;
    mentions_within: string;
  }>`
    SELECT grouping(f.local_authority_id) AS g_council, grouping(f.source) AS g_source, grouping(r.reason) AS g_reason,
      grouping(f.outcome) AS g_outcome,
      f.local_authority_id::text AS council, f.source, r.reason, f.outcome,
      count(*) FILTER (WHERE r.n = 1) AS contacts,
      count(*) FILTER (WHERE r.n = 1 AND f.within_target) AS contacts_within,
      count(*) AS mentions,
      count(*) FILTER (WHERE f.within_target) AS mentions_within
    FROM (
      SELECT d.local_authority_id, d.within_target, c.source, c.reasons,
        CASE WHEN correction.id IS NULL THEN d.next_step ELSE (
          SELECT cur.next_step FROM contact_decisions cur
          WHERE cur.contact_id = d.contact_id
            AND NOT EXISTS (SELECT 1 FROM contact_decisions later WHERE later.corrects_decision_id = cur.id)
          ORDER BY cur.decided_at DESC LIMIT 1
        ) END AS outcome
      FROM contact_decisions d
      JOIN contacts c ON c.id = d.contact_id
      LEFT JOIN contact_decisions correction ON correction.corrects_decision_id = d.id
      WHERE d.corrects_decision_id IS NULL AND d.decided_at >= ${period.from} AND d.decided_at < ${period.to}
        ${councilFilter(sql.ref('d.local_authority_id'), period)}
    ) f CROSS JOIN LATERAL unnest(f.reasons) WITH ORDINALITY AS r(reason, n)
    GROUP BY GROUPING SETS ((), (f.local_authority_id), (f.source), (r.reason), (f.outcome))`.execute(db);
  const counts = {
    decided: 0,
    withinTarget: 0,
    by: { council: [], source: [], reason: [], outcome: [] } as Record<Dimension, GroupCount[]>,
  };
  for (const row of result.rows) {
    const dimension = dimensionOf({ council: row.g_council, source: row.g_source, reason: row.g_reason, outcome: row.g_outcome });
    if (dimension === 'total') {
      counts.decided = Number(row.contacts);
      counts.withinTarget = Number(row.contacts_within);
    } else {
      const group = { council: row.council, source: row.source, reason: row.reason, outcome: row.outcome }[dimension];
      const reason = dimension === 'reason';
      counts.by[dimension].push({
        group: group ?? '',
        count: Number(reason ? row.mentions : row.contacts),
        withinTarget: Number(reason ? row.mentions_within : row.contacts_within),
      });
    }
  }
  return counts;
}
