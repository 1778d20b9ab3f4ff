/**
 * All SQL for quality dip samples of the Early Help Hub's decisions.
 */
import { sql } from 'kysely';
import type { Executor } from '../platform/audit/audit.repository.js';

/** The council's current decisions (those no later decision corrects) made in a period. */
export function currentDecisionIds(db: Executor, councilId: string, from: Date, to: Date) {
  return db
    .selectFrom('contact_decisions as d')
    .select('d.id')
    .where('d.local_authority_id', '=', councilId)
    .where('d.decided_at', '>=', from)
    .where('d.decided_at', '<', to)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('contact_decisions as later').select('later.id').whereRef('later.corrects_decision_id', '=', 'd.id'))),
    )
    .execute();
}

export function insertSample(
  db: Executor,
  values: {
    local_authority_id: string;
    period_from: string;
    period_to: string;
    percentage: number;
    drawn_by_user_id: string;
    drawn_at: Date;
  },
) {
  return db.insertInto('quality_samples').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertItems(db: Executor, sampleId: string, decisionIds: string[]): Promise<void> {
  if (decisionIds.length === 0) return;
  await db
    .insertInto('quality_sample_items')
    .values(decisionIds.map((decisionId) => ({ sample_id: sampleId, decision_id: decisionId })))
    .execute();
}

export function listSamples(db: Executor, councilId: string) {
  return db
    .selectFrom('quality_samples as s')
    .innerJoin('users as u', 'u.id', 's.drawn_by_user_id')
    .select(['s.id', 's.period_from', 's.period_to', 's.percentage', 's.drawn_at', 'u.display_name as drawn_by'])
    .select((eb) => [
      eb
        .selectFrom('quality_sample_items as i')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('i.sample_id', '=', 's.id')
        .as('items'),
      eb
        .selectFrom('quality_sample_items as i')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('i.sample_id', '=', 's.id')
        .where('i.judgement', 'is not', null)
        .as('judged'),
      eb
        .selectFrom('quality_sample_items as i')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('i.sample_id', '=', 's.id')
        .where('i.judgement', '=', 'agree')
        .as('agreed'),
    ])
    .where('s.local_authority_id', '=', councilId)
    .orderBy('s.drawn_at', 'desc')
    .limit(100)
    .execute();
}

/** Judgements of the council's samples made since a time: agreed, and judged. */
export async function agreementSince(db: Executor, councilId: string, since: Date): Promise<{ agreed: number; judged: number }> {
  const row = await db
    .selectFrom('quality_sample_items as i')
    .innerJoin('quality_samples as s', 's.id', 'i.sample_id')
    .select([sql<string>`count(*) FILTER (WHERE i.judgement = 'agree')`.as('agreed'), sql<string>`count(*)`.as('judged')])
    .where('s.local_authority_id', '=', councilId)
    .where('i.judgement', 'is not', null)
    .where('i.judged_at', '>=', since)
    .executeTakeFirst();
  return { agreed: Number(row?.agreed ?? 0), judged: Number(row?.judged ?? 0) };
}

export function findSample(db: Executor, sampleId: string) {
  return db
    .selectFrom('quality_samples as s')
    .innerJoin('users as u', 'u.id', 's.drawn_by_user_id')
    .selectAll('s')
    .select('u.display_name as drawn_by')
    .where('s.id', '=', sampleId)
    .executeTakeFirst();
}

/** A sample's items with the decision each is about. */
export function sampleItems(db: Executor, sampleId: string) {
  return db
    .selectFrom('quality_sample_items as i')
    .innerJoin('contact_decisions as d', 'd.id', 'i.decision_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .innerJoin('need_levels as n', 'n.id', 'd.need_level_id')
    .innerJoin('users as decider', 'decider.id', 'd.decided_by_user_id')
    .leftJoin('users as judge', 'judge.id', 'i.judged_by_user_id')
    .select([
      'i.id',
      'i.judgement',
      'i.learning',
      'i.judged_at',
      'i.version',
      'd.id as decision_id',
      'd.reasons',
      'd.next_step',
      'd.advice',
      'd.step_up_reason',
      'd.decided_at',
      'd.decided_by_user_id',
      'decider.display_name as decided_by',
      'judge.display_name as judged_by',
      'n.level',
      'n.name as level_name',
      'c.id as contact_id',
      'c.reference',
      'c.received_at',
      'c.reasons as contact_reasons',
      'c.in_their_words',
    ])
    .where('i.sample_id', '=', sampleId)
    .orderBy('c.received_at')
    .execute();
}

export async function judge(
  db: Executor,
  itemId: string,
  values: { judgement: 'agree' | 'disagree'; learning: string | null; judged_by_user_id: string; judged_at: Date },
  version: number,
): Promise<boolean> {
  const result = await db
    .updateTable('quality_sample_items')
    .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
    .where('id', '=', itemId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
