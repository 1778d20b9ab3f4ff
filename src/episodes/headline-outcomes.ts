/**
 * The ten headline outcomes of the National Supporting Families Outcome Framework (2022 to 2025),
 * TellOnce's common language of need: the assessment's sections, the plan's goals, progress tool
 * domains and the directory's needs all use these codes.
 */
import type { HeadlineOutcome } from '../db/schema.js';

export const HEADLINE_OUTCOMES: { code: HeadlineOutcome; name: string; hint: string }[] = [
  { code: 'education', name: 'Getting a good education', hint: 'Going to school or college regularly, learning, and being included' },
  {
    code: 'early_years',
    name: 'Good early years development',
    hint: 'A baby’s or young child’s development, health visiting checks and early education',
  },
  { code: 'health', name: 'Improved mental and physical health', hint: 'The physical and mental health of children and adults' },
  { code: 'substance_use', name: 'Better managed substance use', hint: 'Alcohol and drug use by anyone in the family' },
  {
    code: 'family_relationships',
    name: 'Improved family relationships',
    hint: 'Parenting, conflict between parents, and how the family gets on',
  },
  {
    code: 'safe_from_abuse',
    name: 'Children safe from abuse and exploitation',
    hint: 'Risks to children inside and outside the home, including exploitation',
  },
  { code: 'crime', name: 'Families diverted from crime', hint: 'Offending, anti-social behaviour and contact with the police' },
  { code: 'domestic_abuse', name: 'Safe from domestic abuse', hint: 'Abuse between partners or family members' },
  { code: 'housing', name: 'Secure housing', hint: 'A safe, settled and suitable home' },
  { code: 'financial', name: 'Financial stability', hint: 'Money, debt, benefits and work' },
];

const NAMES = new Map(HEADLINE_OUTCOMES.map((outcome) => [outcome.code, outcome.name]));

export function isHeadlineOutcome(value: string): value is HeadlineOutcome {
  return NAMES.has(value as HeadlineOutcome);
}

export function headlineOutcomeName(code: string): string {
  return NAMES.get(code as HeadlineOutcome) ?? code;
}
