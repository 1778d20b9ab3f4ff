/**
 * The roles of the people who use TellOnce, in the partnership's own words.
 */
export const ROLES = [
  'partner_practitioner',
  'hub_officer',
  'early_help_practitioner',
  'team_manager',
  'head_of_service',
  'panel_coordinator',
  'panel_member',
  'social_care_practitioner',
  'performance_analyst',
  'family_member',
  'administrator',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  partner_practitioner: 'Partner practitioner',
  hub_officer: 'Early Help Hub officer',
  early_help_practitioner: 'Early help practitioner',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  panel_coordinator: 'Panel coordinator',
  panel_member: 'Panel member',
  social_care_practitioner: "Children's social care practitioner",
  performance_analyst: 'Performance analyst or commissioner',
  family_member: 'Family member',
  administrator: 'Administrator',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  partner_practitioner:
    'Works in a school, GP practice, health visiting, nursery, youth club or voluntary group; asks the Early Help Hub for support and can act as Lead Professional.',
  hub_officer: 'Triages every contact at the Early Help Hub, decides the level of need and next step, and runs the advice line.',
  early_help_practitioner: 'Council family worker, young people’s worker or targeted youth support worker with an allocated caseload.',
  team_manager: 'Allocates work, supervises, signs off closures and watches caseloads for a team.',
  head_of_service: 'Leads a quadrant’s integrated teams and samples decisions for quality.',
  panel_coordinator: 'Runs JASP, MASG or a quadrant multi-agency forum: agendas, decisions, joint funding.',
  panel_member: 'Hears cases at a multi-agency panel and records decisions.',
  social_care_practitioner: 'Receives step-ups from early help and steps cases down into early help.',
  performance_analyst: 'Outcomes framework, performance reports, statutory and inspection returns.',
  family_member: 'A parent, carer or young person who sees and owns their family’s plan.',
  administrator: 'Looks after users, teams, areas, agencies and each council’s settings.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
