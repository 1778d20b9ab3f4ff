/**
 * The words of the family record.
 */
export const PROFESSIONAL_ROLES = [
  { value: 'school', text: 'School or setting' },
  { value: 'gp', text: 'GP' },
  { value: 'health_visitor', text: 'Health visitor' },
  { value: 'school_nurse', text: 'School nurse' },
  { value: 'midwife', text: 'Midwife' },
  { value: 'social_worker', text: 'Social worker' },
  { value: 'early_help_worker', text: 'Early help or family worker' },
  { value: 'youth_worker', text: 'Youth worker' },
  { value: 'mental_health', text: 'Mental health practitioner' },
  { value: 'police', text: 'Police' },
  { value: 'housing', text: 'Housing officer' },
  { value: 'voluntary', text: 'Voluntary or community worker' },
  { value: 'other', text: 'Other professional' },
] as const;

export const FAMILY_PAGES = ['overview', 'people', 'network', 'consent', 'early-help', 'chronology', 'notes'] as const;
export type FamilyPage = (typeof FAMILY_PAGES)[number];

export const FAMILY_PAGE_NAMES: Record<FamilyPage, string> = {
  overview: 'Overview',
  people: 'People',
  network: 'Network',
  consent: 'Consent',
  'early-help': 'Early help',
  chronology: 'Chronology',
  notes: 'Notes',
};

/** How long breaking the glass lets someone into a restricted record. */
export const BREAK_GLASS_HOURS = 8;
