/**
 * The front door's vocabulary: why families need support (seed 000's most common reasons for an
 * early help assessment), where requests come from, the Hub's next steps, and the routing rule that
 * sends a request without consent, or about a child at risk of significant harm, to children's
 * social care as a safeguarding contact — never silently as early help.
 */
import type { NextStep } from '../db/schema.js';

export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

/** Why support is needed. The first eight are named in seed 000 as among the ten most common reasons. */
export const REASONS: Choice[] = [
  { value: 'behaviour_at_home', text: 'Challenging behaviour at home' },
  { value: 'behaviour_in_school', text: 'Behaviour in school' },
  { value: 'parenting', text: 'Parenting' },
  { value: 'parental_mental_health', text: 'A parent’s or carer’s mental health' },
  { value: 'domestic_abuse', text: 'Domestic abuse' },
  { value: 'financial_hardship', text: 'Money worries or financial hardship' },
  { value: 'emotional_wellbeing', text: 'The child’s emotional wellbeing or mental health' },
  { value: 'school_attendance', text: 'School attendance' },
  { value: 'housing', text: 'Housing' },
  { value: 'young_carer', text: 'A young carer' },
  { value: 'substance_misuse', text: 'Drug or alcohol use in the family' },
  { value: 'exploitation_risk', text: 'Risk of exploitation or involvement in crime' },
  { value: 'physical_health', text: 'Physical health or disability' },
  { value: 'send', text: 'Special educational needs' },
  { value: 'other', text: 'Something else' },
];

/** The same reasons in plain words for a family asking for help themselves. */
export const FAMILY_REASONS: Choice[] = [
  { value: 'behaviour_at_home', text: 'My child’s behaviour at home' },
  { value: 'behaviour_in_school', text: 'My child’s behaviour at school' },
  { value: 'parenting', text: 'Help with being a parent' },
  { value: 'parental_mental_health', text: 'My own mental health, or another adult’s in the family' },
  { value: 'domestic_abuse', text: 'Someone in the family is hurting or frightening others' },
  { value: 'financial_hardship', text: 'Money, food or bills' },
  { value: 'emotional_wellbeing', text: 'My child seems unhappy, anxious or low' },
  { value: 'school_attendance', text: 'My child is not going to school' },
  { value: 'housing', text: 'Where we live' },
  { value: 'young_carer', text: 'My child looks after someone in the family' },
  { value: 'other', text: 'Something else' },
];

export function reasonText(value: string): string {
  return REASONS.find((reason) => reason.value === value)?.text ?? value;
}

/** How a request reached the Hub. */
export const CHANNELS: Choice[] = [
  { value: 'professional', text: 'Online form, by a professional' },
  { value: 'family', text: 'The family asked for help themselves' },
  { value: 'partner_system', text: 'A partner’s system, through the API' },
];

/**
 * Where a request came from, for the Hub's figures: the kind of agency that asked, or the family
 * themselves. Agency kinds are those of partnership.model.ts AGENCY_KINDS.
 */
export const SOURCES: Choice[] = [
  { value: 'school', text: 'School' },
  { value: 'nursery', text: 'Nursery or early years setting' },
  { value: 'childrens_centre', text: 'Children’s centre' },
  { value: 'gp_practice', text: 'GP practice' },
  { value: 'nhs_trust', text: 'Health (NHS trust)' },
  { value: 'police', text: 'Police' },
  { value: 'voluntary_group', text: 'Voluntary or community group' },
  { value: 'council_service', text: 'Council service' },
  { value: 'family', text: 'The family themselves' },
];

export function sourceText(value: string): string {
  return SOURCES.find((source) => source.value === value)?.text ?? value;
}

/** The Hub's next steps (issue: "the decision"), in the order an officer considers them. */
export const NEXT_STEPS: (Choice & { value: NextStep })[] = [
  { value: 'advice', text: 'Advice or information only' },
  { value: 'signpost', text: 'Signpost to community support' },
  { value: 'lead_professional', text: 'Support from a Lead Professional in a partner agency' },
  { value: 'targeted_support', text: 'Targeted support by a quadrant team' },
  { value: 'quadrant_forum', text: 'Discussion at the quadrant multi-agency forum' },
  { value: 'step_up', text: 'Step up to children’s social care' },
];

export function nextStepText(value: string): string {
  return NEXT_STEPS.find((step) => step.value === value)?.text ?? value;
}

/** Next steps that start early help support, and so open an episode on the family's record. */
export const STARTS_SUPPORT: readonly NextStep[] = ['lead_professional', 'targeted_support'];

/** Next steps that need a family record: support, the forum, and handing over to social care. */
export const NEEDS_FAMILY_RECORD: readonly NextStep[] = ['lead_professional', 'targeted_support', 'quadrant_forum', 'step_up'];

/** Next steps that share the family's information with other agencies, so need consent to share. */
export const NEEDS_CONSENT_TO_SHARE: readonly NextStep[] = ['lead_professional', 'targeted_support', 'quadrant_forum'];

export type Route =
  { route: 'early_help'; safeguardingBecause: null } | { route: 'safeguarding'; safeguardingBecause: 'significant_harm' | 'no_consent' };

/**
 * The routing rule, in one place for every way in (form, family, API): a child at risk of
 * significant harm, or a family that has not agreed to early help, makes a safeguarding contact for
 * children's social care. Consent to share is asked too: without it the Hub can give advice and
 * signpost, but not share the family's story with other agencies (see NEEDS_CONSENT_TO_SHARE).
 */
export function routeFor(answers: { significantHarm: boolean; consentEarlyHelp: boolean }): Route {
  if (answers.significantHarm) return { route: 'safeguarding', safeguardingBecause: 'significant_harm' };
  if (!answers.consentEarlyHelp) return { route: 'safeguarding', safeguardingBecause: 'no_consent' };
  return { route: 'early_help', safeguardingBecause: null };
}

/** Age bands for the Hub queue's filter, in whole years (an unborn baby counts as 0–4). */
export const AGE_BANDS: (Choice & { from: number; to: number })[] = [
  { value: '0-4', text: 'Under 5, or not yet born', from: 0, to: 4 },
  { value: '5-10', text: '5 to 10', from: 5, to: 10 },
  { value: '11-15', text: '11 to 15', from: 11, to: 15 },
  { value: '16-19', text: '16 to 19', from: 16, to: 19 },
  { value: '20-25', text: '20 to 25 (with special educational needs)', from: 20, to: 25 },
];
