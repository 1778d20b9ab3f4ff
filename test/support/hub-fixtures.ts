/**
 * Decided contacts written straight into the database, for tests of the Hub's figures and quality
 * sampling that need many of them. Every row passes the tables' own checks.
 */
import type { Kysely } from 'kysely';
import type { Database, NextStep } from '../../src/db/schema.js';

let counter = 0;

export interface FixtureContact {
  councilId: string;
  receivedAt: Date;
  source?: string;
  reasons?: string[];
  route?: 'early_help' | 'safeguarding';
  /** The decision, if decided. */
  decision?: { decidedAt: Date; nextStep: NextStep; withinTarget: boolean; decidedByUserId: string; levelId: string };
  /** A correction of that decision. */
  correction?: { decidedAt: Date; nextStep: NextStep; decidedByUserId: string };
}

export async function insertContact(
  db: Kysely<Database>,
  fixture: FixtureContact,
): Promise<{ contactId: string; decisionId?: string; correctionId?: string }> {
  counter++;
  const route = fixture.route ?? 'early_help';
  const { id } = await db
    .insertInto('contacts')
    .values({
      reference: `FIX-${Date.now()}-${counter}`,
      local_authority_id: fixture.councilId,
      quadrant_id: null,
      channel: 'professional',
      source: fixture.source ?? 'school',
      route,
      safeguarding_because: route === 'safeguarding' ? 'significant_harm' : null,
      status: fixture.decision ? 'decided' : 'new',
      received_at: fixture.receivedAt,
      decision_due_at: new Date(fixture.receivedAt.getTime() + 3 * 86_400_000),
      referrer_user_id: null,
      referrer_agency_id: null,
      referrer_name: 'Fixture referrer',
      referrer_role: null,
      referrer_email: null,
      referrer_phone: null,
      carer_name: 'Fixture carer',
      carer_relationship: null,
      carer_phone: null,
      carer_email: null,
      address_line_1: null,
      town: null,
      postcode: 'PE15 8AB',
      reasons: fixture.reasons ?? ['parenting'],
      other_reason: null,
      in_their_words: 'A fixture request',
      already_tried: null,
      significant_harm: route === 'safeguarding',
      consent_early_help: true,
      consent_sharing: true,
      family_id: null,
      claimed_by_user_id: null,
      claimed_at: null,
      social_care_received_at: null,
      social_care_received_by_user_id: null,
      idempotency_scope: null,
      idempotency_key: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!fixture.decision) return { contactId: id };
  const decisionRow = (nextStep: NextStep, decidedAt: Date, decidedBy: string, corrects: string | null, withinTarget: boolean) => ({
    contact_id: id,
    local_authority_id: fixture.councilId,
    need_level_id: fixture.decision?.levelId ?? '',
    reasons: 'Fixture reasons',
    next_step: nextStep,
    advice: null,
    lead_agency_id: null,
    team_id: null,
    quadrant_id: null,
    step_up_reason: null,
    within_target: withinTarget,
    corrects_decision_id: corrects,
    correction_reason: corrects ? 'Fixture correction' : null,
    decided_by_user_id: decidedBy,
    decided_at: decidedAt,
  });
  const first = await db
    .insertInto('contact_decisions')
    .values(
      decisionRow(
        fixture.decision.nextStep,
        fixture.decision.decidedAt,
        fixture.decision.decidedByUserId,
        null,
        fixture.decision.withinTarget,
      ),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!fixture.correction) return { contactId: id, decisionId: first.id };
  const second = await db
    .insertInto('contact_decisions')
    .values(
      decisionRow(
        fixture.correction.nextStep,
        fixture.correction.decidedAt,
        fixture.correction.decidedByUserId,
        first.id,
        fixture.decision.withinTarget,
      ),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return { contactId: id, decisionId: first.id, correctionId: second.id };
}
