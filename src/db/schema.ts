/**
 * The Database type: one interface per table, as Kysely sees it.
 * Row types stay inside repositories; services hand out their own view types.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface LocalAuthorityTable {
  id: Generated<string>;
  code: string;
  name: string;
  progress_tool: 'map' | 'outcomes_star';
  allocation_model: 'team_manager' | 'multi_agency_panel';
  panel_name: string | null;
  decision_target_working_days: number;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface QuadrantTable {
  id: Generated<string>;
  local_authority_id: string;
  name: string;
  specialist_area: string | null;
  head_of_service_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DistrictTable {
  id: Generated<string>;
  quadrant_id: string;
  name: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TeamTable {
  id: Generated<string>;
  local_authority_id: string;
  quadrant_id: string | null;
  district_id: string | null;
  kind: string;
  name: string;
  manager_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NeedLevelTable {
  id: Generated<string>;
  local_authority_id: string;
  level: number;
  name: string;
  description: string;
  examples: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AgencyTable {
  id: Generated<string>;
  name: string;
  kind: string;
  local_authority_id: string | null;
  district_id: string | null;
  email: string | null;
  phone: string | null;
  link_professional_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: string;
  local_authority_id: string;
  agency_id: string;
  team_id: string | null;
  job_title: string | null;
  status: 'invited' | 'active' | 'deactivated';
  password_hash: string | null;
  invitation_token_hash: string | null;
  invitation_expires_at: Date | null;
  failed_sign_in_count: Generated<number>;
  locked_until: Date | null;
  last_signed_in_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_seen_at: Date;
  absolute_expires_at: Date;
}

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: ColumnType<Date, never, never>;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  record_type: string;
  record_id: string | null;
  reason: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null, never>;
}

export interface PersonTable {
  id: Generated<string>;
  given_name: string;
  middle_names: string | null;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: ColumnType<string | null, string | null, string | null>;
  expected_date_of_birth: ColumnType<string | null, string | null, string | null>;
  sex: string | null;
  ethnicity: string | null;
  first_language: string | null;
  interpreter_needed: Generated<boolean>;
  nhs_number: string | null;
  unique_pupil_number: string | null;
  council_child_id: string | null;
  school_agency_id: string | null;
  gp_agency_id: string | null;
  characteristics: Generated<string[]>;
  merged_into_person_id: string | null;
  created_by_user_id: string | null;
  created_by_agency_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PersonNameTable {
  id: Generated<string>;
  person_id: string;
  kind: 'previous' | 'alias';
  given_name: string;
  family_name: string;
  created_at: CreatedAt;
}

export interface PersonAddressTable {
  id: Generated<string>;
  person_id: string;
  line_1: string;
  line_2: string | null;
  town: string;
  postcode: string;
  from_date: ColumnType<string, string, string>;
  to_date: ColumnType<string | null, string | null, string | null>;
  created_at: CreatedAt;
}

export interface FamilyTable {
  id: Generated<string>;
  reference: string;
  name: string;
  local_authority_id: string;
  created_by_user_id: string | null;
  created_by_agency_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface HouseholdTable {
  id: Generated<string>;
  family_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface FamilyMemberTable {
  family_id: string;
  person_id: string;
  household_id: string | null;
  second_household_id: string | null;
  added_at: CreatedAt;
}

export interface RelationshipTable {
  id: Generated<string>;
  family_id: string;
  person_id: string;
  related_person_id: string;
  relationship: string;
  parental_responsibility: Generated<boolean>;
  created_at: CreatedAt;
}

export interface InvolvementTable {
  id: Generated<string>;
  family_id: string;
  person_id: string | null;
  agency_id: string;
  professional_user_id: string | null;
  professional_name: string | null;
  professional_role: string;
  email: string | null;
  phone: string | null;
  started_on: ColumnType<string, string, string>;
  ended_on: ColumnType<string | null, string | null, string | null>;
  created_at: CreatedAt;
}

export interface ConsentTable {
  id: Generated<string>;
  family_id: string;
  given_by_person_id: string;
  given_by_young_person: Generated<boolean>;
  given_on: ColumnType<string, string, string>;
  method: 'verbal' | 'written' | 'electronic';
  covers_early_help: boolean;
  review_on: ColumnType<string | null, string | null, string | null>;
  withdrawn_on: ColumnType<string | null, string | null, string | null>;
  withdrawal_reason: string | null;
  recorded_by_user_id: string;
  created_at: CreatedAt;
  version: Generated<number>;
}

export interface ConsentAgencyTable {
  consent_id: string;
  agency_id: string;
}

export interface BreakGlassGrantTable {
  id: Generated<string>;
  family_id: string;
  user_id: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
}

export interface ChronologyEventTable {
  id: Generated<string>;
  family_id: string;
  person_id: string | null;
  occurred_on: ColumnType<string, string, string>;
  summary: string;
  source_agency_id: string | null;
  significance: 'routine' | 'significant' | 'critical';
  category: string;
  recorded_by_user_id: string | null;
  created_at: CreatedAt;
}

export interface CaseNoteTable {
  id: Generated<string>;
  family_id: string;
  person_id: string | null;
  category: string;
  occurred_on: ColumnType<string, string, string>;
  note: string;
  child_seen: boolean | null;
  seen_alone: boolean | null;
  child_words: string | null;
  recorded_by_user_id: string;
  agency_id: string;
  created_at: CreatedAt;
}

export interface PersonMergeTable {
  id: Generated<string>;
  kept_person_id: string;
  merged_person_id: string;
  reason: string;
  moved: ColumnType<MergeMoves, string, string>;
  merged_by_user_id: string;
  merged_at: CreatedAt;
  undone_by_user_id: string | null;
  undone_at: Date | null;
}

/** What a merge moved from one person to the other, so that it can be undone exactly. */
export interface MergeMoves {
  /** table name → primary keys (or composite keys as JSON) of rows whose person column was changed */
  rows: { table: string; column: string; keys: string[] }[];
  /** ids of alias rows the merge added to the kept person */
  addedNames: string[];
  /** family memberships that existed for both people, kept on the merged person */
  skippedMemberships: string[];
}

export interface NotDuplicateTable {
  person_id: string;
  other_person_id: string;
  decided_by_user_id: string;
  decided_at: CreatedAt;
}

export interface ContactDraftTable {
  id_hash: string;
  kind: 'professional' | 'family';
  user_id: string | null;
  answers: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  expires_at: Date;
}

export interface ContactTable {
  id: Generated<string>;
  reference: string;
  local_authority_id: string;
  quadrant_id: string | null;
  channel: 'professional' | 'family' | 'partner_system';
  source: string;
  route: 'early_help' | 'safeguarding';
  safeguarding_because: 'significant_harm' | 'no_consent' | null;
  status: Generated<'new' | 'in_progress' | 'decided'>;
  received_at: Date;
  decision_due_at: Date;
  referrer_user_id: string | null;
  referrer_agency_id: string | null;
  referrer_name: string;
  referrer_role: string | null;
  referrer_email: string | null;
  referrer_phone: string | null;
  carer_name: string | null;
  carer_relationship: string | null;
  carer_phone: string | null;
  carer_email: string | null;
  address_line_1: string | null;
  town: string | null;
  postcode: string | null;
  reasons: string[];
  other_reason: string | null;
  in_their_words: string;
  already_tried: string | null;
  significant_harm: boolean;
  consent_early_help: boolean;
  consent_sharing: boolean;
  family_id: string | null;
  claimed_by_user_id: string | null;
  claimed_at: Date | null;
  social_care_received_at: Date | null;
  social_care_received_by_user_id: string | null;
  idempotency_scope: string | null;
  idempotency_key: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ContactChildTable {
  id: Generated<string>;
  contact_id: string;
  position: number;
  given_name: string;
  family_name: string;
  date_of_birth: ColumnType<string | null, string | null, string | null>;
  expected_date_of_birth: ColumnType<string | null, string | null, string | null>;
  person_id: string | null;
}

export interface EarlyHelpEpisodeTable {
  id: Generated<string>;
  family_id: string;
  local_authority_id: string;
  contact_id: string | null;
  kind: 'lead_professional' | 'targeted';
  status: 'awaiting_panel' | 'awaiting_allocation' | 'open' | 'closed';
  quadrant_id: string | null;
  team_id: string | null;
  lead_agency_id: string | null;
  lead_professional_user_id: Generated<string | null>;
  worker_user_id: string | null;
  allocated_at: Date | null;
  allocated_by_user_id: string | null;
  started_on: ColumnType<string, string, string>;
  closed_on: ColumnType<string | null, string | null, string | null>;
  closure_reason: string | null;
  next_review_on: ColumnType<string | null, string | null | undefined, string | null>;
  stepped_down_from_social_care: Generated<boolean>;
  positive_progress: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type NextStep = 'advice' | 'signpost' | 'lead_professional' | 'targeted_support' | 'quadrant_forum' | 'step_up';

export interface ContactDecisionTable {
  id: Generated<string>;
  contact_id: string;
  local_authority_id: string;
  need_level_id: string;
  reasons: string;
  next_step: NextStep;
  advice: string | null;
  lead_agency_id: string | null;
  team_id: string | null;
  quadrant_id: string | null;
  step_up_reason: string | null;
  episode_id: string | null;
  within_target: boolean;
  corrects_decision_id: string | null;
  correction_reason: string | null;
  decided_by_user_id: string;
  decided_at: Date;
}

export interface PanelCaseTable {
  id: Generated<string>;
  local_authority_id: string;
  kind: 'allocation_panel' | 'quadrant_forum';
  quadrant_id: string | null;
  contact_id: string | null;
  decision_id: string | null;
  family_id: string;
  episode_id: string | null;
  referral_reason: ColumnType<string | null, string | null | undefined, string | null>;
  referred_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<'waiting' | 'heard' | 'withdrawn'>;
  listed_at: Date;
  heard_at: Date | null;
  heard_by_user_id: string | null;
  outcome: string | null;
  team_id: string | null;
  version: Generated<number>;
}

export interface ApiTokenTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  token_hash: string;
  token_hint: string;
  created_by_user_id: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by_user_id: string | null;
}

export interface NotificationTable {
  id: Generated<string>;
  template: string;
  email_address: string;
  reference: string;
  link: string;
  record_type: string;
  record_id: string | null;
  status: Generated<'queued' | 'sent' | 'failed' | 'kept'>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
}

export interface AdviceCallTable {
  id: Generated<string>;
  local_authority_id: string;
  called_at: Date;
  caller_user_id: string | null;
  caller_name: string;
  caller_agency_id: string | null;
  caller_role: string | null;
  family_id: string | null;
  question: string;
  advice: string;
  follow_up: string | null;
  follow_up_by: ColumnType<string | null, string | null, string | null>;
  follow_up_done_at: Date | null;
  follow_up_done_by_user_id: string | null;
  recorded_by_user_id: string;
  created_at: CreatedAt;
  version: Generated<number>;
}

export interface QualitySampleTable {
  id: Generated<string>;
  local_authority_id: string;
  period_from: ColumnType<string, string, string>;
  period_to: ColumnType<string, string, string>;
  percentage: number;
  drawn_by_user_id: string;
  drawn_at: CreatedAt;
}

export interface QualitySampleItemTable {
  id: Generated<string>;
  sample_id: string;
  decision_id: string;
  judgement: 'agree' | 'disagree' | null;
  learning: string | null;
  judged_by_user_id: string | null;
  judged_at: Date | null;
  version: Generated<number>;
}

export interface LeadProfessionalChangeTable {
  id: Generated<string>;
  episode_id: string;
  from_user_id: string | null;
  to_user_id: string;
  handover_note: string | null;
  changed_by_user_id: string;
  changed_at: Date;
}

/** The ten Supporting Families headline outcomes, TellOnce's common language of need. */
export type HeadlineOutcome =
  | 'education'
  | 'early_years'
  | 'health'
  | 'substance_use'
  | 'family_relationships'
  | 'safe_from_abuse'
  | 'crime'
  | 'domestic_abuse'
  | 'housing'
  | 'financial';

type DateColumn = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface AssessmentTable {
  id: Generated<string>;
  family_id: string;
  episode_id: string;
  status: Generated<'draft' | 'completed'>;
  consent_id: string;
  family_view: string | null;
  started_by_user_id: string;
  started_at: Date;
  completed_by_user_id: string | null;
  completed_at: Date | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface AssessmentSectionTable {
  id: Generated<string>;
  assessment_id: string;
  person_id: string | null;
  outcome: HeadlineOutcome;
  is_need: Generated<boolean>;
  strengths: string | null;
  needs: string | null;
  wants_to_change: string | null;
}

export interface AssessmentVoiceTable {
  id: Generated<string>;
  assessment_id: string;
  person_id: string;
  own_words: string | null;
  seen: boolean | null;
  seen_alone: boolean | null;
  not_seen_alone_because: string | null;
}

export type Gateway = 'neurodevelopmental' | 'early_support_pathway' | 'parenting_programme' | 'behaviour_panel' | 'sleep_support';

export interface AssessmentGatewayTable {
  id: Generated<string>;
  assessment_id: string;
  gateway: Gateway;
  person_id: string | null;
  note: string | null;
  recorded_by_user_id: string;
  recorded_at: Date;
}

export interface PlanTable {
  id: Generated<string>;
  family_id: string;
  episode_id: string;
  current_version: Generated<number>;
  created_at: CreatedAt;
}

export interface PlanVersionTable {
  id: Generated<string>;
  plan_id: string;
  number: number;
  reason: 'first' | 'change' | 'review';
  change_summary: string | null;
  family_agreed: Generated<boolean>;
  meeting_id: string | null;
  made_by_user_id: string;
  made_at: Date;
}

export type GoalStatus = 'working_on' | 'achieved' | 'partly_achieved' | 'not_achieved' | 'no_longer_needed';

export interface PlanGoalTable {
  id: Generated<string>;
  plan_version_id: string;
  goal_key: string;
  position: number;
  outcome: HeadlineOutcome;
  person_id: string | null;
  in_family_words: string;
  status: Generated<GoalStatus>;
}

export interface PlanActionTable {
  id: Generated<string>;
  plan_version_id: string;
  goal_key: string;
  action_key: string;
  position: number;
  what: string;
  who_kind: 'family_member' | 'professional' | 'community' | 'service';
  who_person_id: string | null;
  who_user_id: string | null;
  who_name: string | null;
  service_id: string | null;
  by_when: DateColumn;
  status: Generated<'to_do' | 'in_progress' | 'done' | 'not_done'>;
}

export interface TafMeetingTable {
  id: Generated<string>;
  family_id: string;
  episode_id: string;
  kind: Generated<'first' | 'review' | 'closing'>;
  status: Generated<'scheduled' | 'held' | 'cancelled'>;
  scheduled_for: Date;
  place: string;
  chaired_by_user_id: string | null;
  held_on: NullableDate;
  decisions: string | null;
  family_view: string | null;
  next_review_on: NullableDate;
  plan_version_id: string | null;
  cancelled_because: string | null;
  scheduled_by_user_id: string;
  recorded_by_user_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface TafInviteeTable {
  id: Generated<string>;
  meeting_id: string;
  user_id: string | null;
  person_id: string | null;
  attendance: 'attended' | 'apologies' | 'did_not_attend' | null;
}

export interface TafGoalReviewTable {
  id: Generated<string>;
  meeting_id: string;
  goal_key: string;
  status: GoalStatus;
  progress: string | null;
}

export interface ProgressToolTable {
  id: Generated<string>;
  local_authority_id: string;
  name: string;
  description: string | null;
  scored_for: 'family' | 'member' | 'family_or_member';
  scale_min: number;
  scale_max: number;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProgressDomainTable {
  id: Generated<string>;
  tool_id: string;
  position: number;
  name: string;
  description: string | null;
  outcome: HeadlineOutcome | null;
  retired: Generated<boolean>;
}

export interface ProgressScalePointTable {
  tool_id: string;
  value: number;
  label: string;
}

export interface ProgressMeasurementTable {
  id: Generated<string>;
  family_id: string;
  episode_id: string;
  tool_id: string;
  person_id: string | null;
  stage: 'start' | 'review' | 'closure';
  measured_on: DateColumn;
  meeting_id: string | null;
  note: string | null;
  recorded_by_user_id: string;
  recorded_at: Date;
}

export interface ProgressScoreTable {
  measurement_id: string;
  domain_id: string;
  score: number;
}

export interface SocialCareTransferTable {
  id: Generated<string>;
  direction: 'step_up' | 'step_down';
  family_id: string;
  local_authority_id: string;
  episode_id: string | null;
  cin_code: '5D' | 'RC7' | 'RC8' | 'RC9';
  reason: string;
  handed_over: string | null;
  made_by_user_id: string;
  made_at: Date;
  received_by_user_id: string | null;
  received_at: Date | null;
}

export type ClosureReason = 'needs_met' | 'stepped_up' | 'moved_away' | 'consent_withdrawn' | 'did_not_engage' | 'transferred';

export interface EpisodeClosureTable {
  id: Generated<string>;
  episode_id: string;
  reason: ClosureReason;
  summary: string;
  family_view: string | null;
  goals_total: number;
  goals_achieved: number;
  domains_measured: number;
  domains_improved: number;
  positive_progress: boolean;
  status: Generated<'awaiting_sign_off' | 'signed_off' | 'returned'>;
  requested_by_user_id: string;
  requested_at: Date;
  decided_by_user_id: string | null;
  decided_at: Date | null;
  returned_because: string | null;
  version: Generated<number>;
}

export interface FamilyBudgetRequestTable {
  id: Generated<string>;
  family_id: string;
  episode_id: string;
  local_authority_id: string;
  team_id: string | null;
  goal_key: string;
  what: string;
  amount_pence: number;
  why: string;
  status: Generated<'requested' | 'approved' | 'declined' | 'withdrawn'>;
  requested_by_user_id: string;
  requested_at: Date;
  decided_by_user_id: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  version: Generated<number>;
}

export interface Database {
  local_authorities: LocalAuthorityTable;
  quadrants: QuadrantTable;
  districts: DistrictTable;
  teams: TeamTable;
  agencies: AgencyTable;
  need_levels: NeedLevelTable;
  users: UserTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
  people: PersonTable;
  person_names: PersonNameTable;
  person_addresses: PersonAddressTable;
  families: FamilyTable;
  households: HouseholdTable;
  family_members: FamilyMemberTable;
  relationships: RelationshipTable;
  involvements: InvolvementTable;
  consents: ConsentTable;
  consent_agencies: ConsentAgencyTable;
  break_glass_grants: BreakGlassGrantTable;
  chronology_events: ChronologyEventTable;
  case_notes: CaseNoteTable;
  person_merges: PersonMergeTable;
  not_duplicates: NotDuplicateTable;
  contact_drafts: ContactDraftTable;
  contacts: ContactTable;
  contact_children: ContactChildTable;
  early_help_episodes: EarlyHelpEpisodeTable;
  contact_decisions: ContactDecisionTable;
  panel_cases: PanelCaseTable;
  api_tokens: ApiTokenTable;
  notifications: NotificationTable;
  advice_calls: AdviceCallTable;
  quality_samples: QualitySampleTable;
  quality_sample_items: QualitySampleItemTable;
  lead_professional_changes: LeadProfessionalChangeTable;
  assessments: AssessmentTable;
  assessment_sections: AssessmentSectionTable;
  assessment_voices: AssessmentVoiceTable;
  assessment_gateways: AssessmentGatewayTable;
  plans: PlanTable;
  plan_versions: PlanVersionTable;
  plan_goals: PlanGoalTable;
  plan_actions: PlanActionTable;
  taf_meetings: TafMeetingTable;
  taf_invitees: TafInviteeTable;
  taf_goal_reviews: TafGoalReviewTable;
  progress_tools: ProgressToolTable;
  progress_domains: ProgressDomainTable;
  progress_scale_points: ProgressScalePointTable;
  progress_measurements: ProgressMeasurementTable;
  progress_scores: ProgressScoreTable;
  social_care_transfers: SocialCareTransferTable;
  episode_closures: EpisodeClosureTable;
  family_budget_requests: FamilyBudgetRequestTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
