/**
 * The shape of the partnership, in its own words (seed 000 "four geographical quadrants";
 * seed 001 "different early help 'models'"): councils with their own ways of working,
 * quadrants and districts, integrated teams, and the agencies that work with families.
 */

export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

export const PROGRESS_TOOLS: Choice[] = [
  {
    value: 'map',
    text: 'MAP style (Measuring and Assessing Progress)',
    hint: 'Cambridgeshire’s own tool for measuring a family’s progress',
  },
  { value: 'outcomes_star', text: 'Outcomes Star style', hint: 'Scored journeys of change across several areas of family life' },
];

export const ALLOCATION_MODELS: Choice[] = [
  { value: 'team_manager', text: 'Team manager allocation', hint: 'District early help team managers decide who supports a family' },
  {
    value: 'multi_agency_panel',
    text: 'Weekly multi-agency panel',
    hint: 'Requests for more support go to a panel, such as the MASG, which allocates',
  },
];

export const TEAM_KINDS: Choice[] = [
  { value: 'early_help_hub', text: 'Early Help Hub' },
  { value: 'child_and_family_centre', text: 'Child and Family Centre' },
  { value: 'targeted_childrens_support', text: '0-11 Targeted Children’s Support' },
  { value: 'targeted_youth_support', text: '11-19 Targeted Youth Support' },
  { value: 'specialist_support', text: '10-19 Specialist Support' },
  { value: 'transition', text: 'Transition (education)' },
  { value: 'leaving_care', text: 'Leaving Care' },
  { value: 'district_early_help', text: 'District early help team' },
  { value: 'childrens_social_care', text: 'Children’s social care' },
  { value: 'performance', text: 'Performance and commissioning' },
];

export const AGENCY_KINDS: Choice[] = [
  { value: 'council_service', text: 'Council service' },
  { value: 'school', text: 'School' },
  { value: 'nursery', text: 'Nursery or early years setting' },
  { value: 'childrens_centre', text: 'Children’s centre' },
  { value: 'gp_practice', text: 'GP practice' },
  { value: 'nhs_trust', text: 'NHS trust (health visiting, school nursing, mental health)' },
  { value: 'police', text: 'Police' },
  { value: 'voluntary_group', text: 'Voluntary or community group' },
];

/** Agencies that have a link early help professional (seed 000 "link early help professional"). */
export const AGENCY_KINDS_WITH_LINK_PROFESSIONAL = ['school', 'nursery', 'childrens_centre'];

/** Each head of service also leads one specialist area across the partnership (seed 000). */
export const SPECIALIST_AREAS: Choice[] = [
  { value: 'strong_families', text: 'Strong families' },
  { value: 'learning_and_participation', text: 'Learning and participation' },
  { value: 'exploitation', text: 'Exploitation of vulnerable and at-risk adolescents' },
  { value: 'physical_and_mental_health', text: 'Physical and mental health' },
];

export function choiceText(choices: Choice[], value: string | null): string {
  if (value === null) return '';
  return choices.find((choice) => choice.value === value)?.text ?? value;
}

export function isChoice(choices: Choice[], value: string): boolean {
  return choices.some((choice) => choice.value === value);
}
