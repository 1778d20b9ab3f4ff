/**
 * 0007 — the early help journey (seed 000 "Early help assessments", "Early help plan", "Team around
 * the family", "Measuring progress"; seed 003 "small flexible personal budgets"):
 *
 * - the Early Help Assessment of the whole family, organised by the ten Supporting Families headline
 *   outcomes, with each child's own voice and the assessment used as the gateway to other support;
 * - one plan per episode whose every review is a new, readable version of goals and actions;
 * - Team Around the Family meetings, who was invited and who came, and each goal's review;
 * - each council's progress tool as data (domains and scale), and the scores recorded with it;
 * - referrals to the quadrant forum from an open episode, step up to and step down from children's
 *   social care with their Children in Need census codes;
 * - closure requested by the Lead Professional and signed off (or returned) by a manager;
 * - small flexible family budgets tied to a plan goal.
 */
import { sql, type Kysely } from 'kysely';

const OUTCOMES = `('education', 'early_years', 'health', 'substance_use', 'family_relationships', 'safe_from_abuse', 'crime', 'domestic_abuse', 'housing', 'financial')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The next Team Around the Family review, kept on the episode so overdue reviews are one indexed read.
  await sql`ALTER TABLE early_help_episodes ADD COLUMN next_review_on date`.execute(db);
  await sql`CREATE INDEX episodes_next_review_idx ON early_help_episodes (next_review_on) WHERE status = 'open'`.execute(db);
  await sql`CREATE INDEX episodes_closed_idx ON early_help_episodes (family_id, closed_on) WHERE status = 'closed'`.execute(db);
  await sql`ALTER TABLE early_help_episodes ADD COLUMN stepped_down_from_social_care boolean NOT NULL DEFAULT false`.execute(db);

  // ---- The Early Help Assessment --------------------------------------------------------------
  await sql`
    CREATE TABLE assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      episode_id uuid NOT NULL REFERENCES early_help_episodes(id),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
      consent_id uuid NOT NULL REFERENCES consents(id),
      family_view text CHECK (family_view IS NULL OR length(family_view) <= 5000),
      started_by_user_id uuid NOT NULL REFERENCES users(id),
      started_at timestamptz NOT NULL,
      completed_by_user_id uuid REFERENCES users(id),
      completed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'completed') = (completed_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX assessments_family_idx ON assessments (family_id, started_at)`.execute(db);
  await sql`CREATE UNIQUE INDEX assessments_one_draft_key ON assessments (episode_id) WHERE status = 'draft'`.execute(db);

  // One section per headline outcome, for the whole family (person_id NULL) or for one member.
  await sql`
    CREATE TABLE assessment_sections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL REFERENCES assessments(id),
      person_id uuid REFERENCES people(id),
      outcome text NOT NULL CHECK (outcome IN ${sql.raw(OUTCOMES)}),
      is_need boolean NOT NULL DEFAULT false,
      strengths text CHECK (strengths IS NULL OR length(strengths) <= 5000),
      needs text CHECK (needs IS NULL OR length(needs) <= 5000),
      wants_to_change text CHECK (wants_to_change IS NULL OR length(wants_to_change) <= 5000)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX assessment_sections_key ON assessment_sections (assessment_id, COALESCE(person_id, '00000000-0000-0000-0000-000000000000'::uuid), outcome)`.execute(
    db,
  );

  // The child's or young person's own voice, and whether they were seen, and seen alone.
  await sql`
    CREATE TABLE assessment_voices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL REFERENCES assessments(id),
      person_id uuid NOT NULL REFERENCES people(id),
      own_words text CHECK (own_words IS NULL OR length(own_words) <= 5000),
      seen boolean,
      seen_alone boolean,
      not_seen_alone_because text CHECK (not_seen_alone_because IS NULL OR length(not_seen_alone_because) <= 1000),
      UNIQUE (assessment_id, person_id)
    )`.execute(db);

  // A completed assessment recorded as meeting the gateway to other support.
  await sql`
    CREATE TABLE assessment_gateways (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assessment_id uuid NOT NULL REFERENCES assessments(id),
      gateway text NOT NULL CHECK (gateway IN ('neurodevelopmental', 'early_support_pathway', 'parenting_programme', 'behaviour_panel', 'sleep_support')),
      person_id uuid REFERENCES people(id),
      note text CHECK (note IS NULL OR length(note) <= 2000),
      recorded_by_user_id uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX assessment_gateways_assessment_idx ON assessment_gateways (assessment_id)`.execute(db);

  // ---- The family's plan ----------------------------------------------------------------------
  await sql`
    CREATE TABLE plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      episode_id uuid NOT NULL UNIQUE REFERENCES early_help_episodes(id),
      current_version integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX plans_family_idx ON plans (family_id)`.execute(db);

  // Versions are never changed once made: a review or a change makes the next one.
  await sql`
    CREATE TABLE plan_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans(id),
      number integer NOT NULL CHECK (number >= 1),
      reason text NOT NULL CHECK (reason IN ('first', 'change', 'review')),
      change_summary text CHECK (change_summary IS NULL OR length(change_summary) <= 2000),
      family_agreed boolean NOT NULL DEFAULT false,
      meeting_id uuid,
      made_by_user_id uuid NOT NULL REFERENCES users(id),
      made_at timestamptz NOT NULL,
      UNIQUE (plan_id, number)
    )`.execute(db);

  // goal_key and action_key stay the same for the same goal or action across versions.
  await sql`
    CREATE TABLE plan_goals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_version_id uuid NOT NULL REFERENCES plan_versions(id),
      goal_key uuid NOT NULL,
      position integer NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ${sql.raw(OUTCOMES)}),
      person_id uuid REFERENCES people(id),
      in_family_words text NOT NULL CHECK (length(in_family_words) BETWEEN 1 AND 1000),
      status text NOT NULL DEFAULT 'working_on' CHECK (status IN ('working_on', 'achieved', 'partly_achieved', 'not_achieved', 'no_longer_needed')),
      UNIQUE (plan_version_id, goal_key)
    )`.execute(db);
  await sql`CREATE INDEX plan_goals_key_idx ON plan_goals (goal_key)`.execute(db);

  await sql`
    CREATE TABLE plan_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_version_id uuid NOT NULL REFERENCES plan_versions(id),
      goal_key uuid NOT NULL,
      action_key uuid NOT NULL,
      position integer NOT NULL,
      what text NOT NULL CHECK (length(what) BETWEEN 1 AND 1000),
      who_kind text NOT NULL CHECK (who_kind IN ('family_member', 'professional', 'community', 'service')),
      who_person_id uuid REFERENCES people(id),
      who_user_id uuid REFERENCES users(id),
      who_name text CHECK (who_name IS NULL OR length(who_name) <= 200),
      service_id uuid,
      by_when date NOT NULL,
      status text NOT NULL DEFAULT 'to_do' CHECK (status IN ('to_do', 'in_progress', 'done', 'not_done')),
      UNIQUE (plan_version_id, action_key)
    )`.execute(db);
  // Overdue actions of the plans' current versions, by whoever is named to do them.
  await sql`CREATE INDEX plan_actions_due_idx ON plan_actions (by_when) WHERE status IN ('to_do', 'in_progress')`.execute(db);

  // ---- Team Around the Family meetings -------------------------------------------------------
  await sql`
    CREATE TABLE taf_meetings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      episode_id uuid NOT NULL REFERENCES early_help_episodes(id),
      kind text NOT NULL DEFAULT 'review' CHECK (kind IN ('first', 'review', 'closing')),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
      scheduled_for timestamptz NOT NULL,
      place text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
      chaired_by_user_id uuid REFERENCES users(id),
      held_on date,
      decisions text CHECK (decisions IS NULL OR length(decisions) <= 10000),
      family_view text CHECK (family_view IS NULL OR length(family_view) <= 5000),
      next_review_on date,
      plan_version_id uuid REFERENCES plan_versions(id),
      cancelled_because text,
      scheduled_by_user_id uuid NOT NULL REFERENCES users(id),
      recorded_by_user_id uuid REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'held') = (held_on IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX taf_meetings_episode_idx ON taf_meetings (episode_id, scheduled_for)`.execute(db);
  await sql`ALTER TABLE plan_versions ADD FOREIGN KEY (meeting_id) REFERENCES taf_meetings(id)`.execute(db);

  // Professionals (a user) and family members (a person) invited; attendance recorded when held.
  await sql`
    CREATE TABLE taf_invitees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL REFERENCES taf_meetings(id),
      user_id uuid REFERENCES users(id),
      person_id uuid REFERENCES people(id),
      attendance text CHECK (attendance IN ('attended', 'apologies', 'did_not_attend')),
      CHECK ((user_id IS NULL) <> (person_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX taf_invitees_meeting_idx ON taf_invitees (meeting_id)`.execute(db);
  await sql`CREATE INDEX taf_invitees_user_idx ON taf_invitees (user_id) WHERE user_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE taf_goal_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL REFERENCES taf_meetings(id),
      goal_key uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('working_on', 'achieved', 'partly_achieved', 'not_achieved', 'no_longer_needed')),
      progress text CHECK (progress IS NULL OR length(progress) <= 5000),
      UNIQUE (meeting_id, goal_key)
    )`.execute(db);

  // ---- Measuring progress: each council's tool, as data ---------------------------------------
  await sql`
    CREATE TABLE progress_tools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      description text CHECK (description IS NULL OR length(description) <= 2000),
      scored_for text NOT NULL CHECK (scored_for IN ('family', 'member', 'family_or_member')),
      scale_min integer NOT NULL,
      scale_max integer NOT NULL,
      active boolean NOT NULL DEFAULT true,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (scale_max > scale_min AND scale_max - scale_min <= 20)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX progress_tools_active_key ON progress_tools (local_authority_id) WHERE active`.execute(db);

  await sql`
    CREATE TABLE progress_domains (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tool_id uuid NOT NULL REFERENCES progress_tools(id),
      position integer NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      description text CHECK (description IS NULL OR length(description) <= 1000),
      outcome text CHECK (outcome IS NULL OR outcome IN ${sql.raw(OUTCOMES)}),
      retired boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`CREATE INDEX progress_domains_tool_idx ON progress_domains (tool_id, position)`.execute(db);

  // What each point of the scale means, in the council's own words.
  await sql`
    CREATE TABLE progress_scale_points (
      tool_id uuid NOT NULL REFERENCES progress_tools(id),
      value integer NOT NULL,
      label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
      PRIMARY KEY (tool_id, value)
    )`.execute(db);

  await sql`
    CREATE TABLE progress_measurements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      episode_id uuid NOT NULL REFERENCES early_help_episodes(id),
      tool_id uuid NOT NULL REFERENCES progress_tools(id),
      person_id uuid REFERENCES people(id),
      stage text NOT NULL CHECK (stage IN ('start', 'review', 'closure')),
      measured_on date NOT NULL,
      meeting_id uuid REFERENCES taf_meetings(id),
      note text CHECK (note IS NULL OR length(note) <= 2000),
      recorded_by_user_id uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX progress_measurements_episode_idx ON progress_measurements (episode_id, measured_on)`.execute(db);

  await sql`
    CREATE TABLE progress_scores (
      measurement_id uuid NOT NULL REFERENCES progress_measurements(id),
      domain_id uuid NOT NULL REFERENCES progress_domains(id),
      score integer NOT NULL,
      PRIMARY KEY (measurement_id, domain_id)
    )`.execute(db);

  // ---- The quadrant forum from an open episode; step up and step down ------------------------
  await sql`ALTER TABLE panel_cases ALTER COLUMN contact_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE panel_cases ALTER COLUMN decision_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE panel_cases ADD COLUMN referral_reason text CHECK (referral_reason IS NULL OR length(referral_reason) <= 5000)`.execute(
    db,
  );
  await sql`ALTER TABLE panel_cases ADD COLUMN referred_by_user_id uuid REFERENCES users(id)`.execute(db);
  await sql`ALTER TABLE panel_cases ADD CONSTRAINT panel_cases_from_somewhere CHECK (decision_id IS NOT NULL OR (episode_id IS NOT NULL AND referral_reason IS NOT NULL))`.execute(
    db,
  );
  await sql`CREATE INDEX panel_cases_episode_idx ON panel_cases (episode_id) WHERE episode_id IS NOT NULL`.execute(db);

  // Step up: CIN census referral source 5D (LA services – early help). Step down: RC9 (case closed
  // after assessment, referred to early help) or RC7 (services ceased, child no longer in need).
  await sql`
    CREATE TABLE social_care_transfers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      direction text NOT NULL CHECK (direction IN ('step_up', 'step_down')),
      family_id uuid NOT NULL REFERENCES families(id),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      episode_id uuid REFERENCES early_help_episodes(id),
      cin_code text NOT NULL CHECK (cin_code IN ('5D', 'RC7', 'RC8', 'RC9')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 10000),
      handed_over text CHECK (handed_over IS NULL OR length(handed_over) <= 20000),
      made_by_user_id uuid NOT NULL REFERENCES users(id),
      made_at timestamptz NOT NULL,
      received_by_user_id uuid REFERENCES users(id),
      received_at timestamptz,
      CHECK ((direction = 'step_up') = (cin_code = '5D'))
    )`.execute(db);
  await sql`CREATE INDEX social_care_transfers_family_idx ON social_care_transfers (family_id, made_at)`.execute(db);
  await sql`CREATE INDEX social_care_transfers_inbox_idx ON social_care_transfers (local_authority_id, made_at) WHERE received_at IS NULL`.execute(
    db,
  );

  // ---- Closure, requested and signed off -----------------------------------------------------
  await sql`
    CREATE TABLE episode_closures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL REFERENCES early_help_episodes(id),
      reason text NOT NULL CHECK (reason IN ('needs_met', 'stepped_up', 'moved_away', 'consent_withdrawn', 'did_not_engage', 'transferred')),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 10000),
      family_view text CHECK (family_view IS NULL OR length(family_view) <= 5000),
      goals_total integer NOT NULL,
      goals_achieved integer NOT NULL,
      domains_measured integer NOT NULL,
      domains_improved integer NOT NULL,
      positive_progress boolean NOT NULL,
      status text NOT NULL DEFAULT 'awaiting_sign_off' CHECK (status IN ('awaiting_sign_off', 'signed_off', 'returned')),
      requested_by_user_id uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL,
      decided_by_user_id uuid REFERENCES users(id),
      decided_at timestamptz,
      returned_because text,
      version integer NOT NULL DEFAULT 1,
      CHECK ((status = 'returned') = (returned_because IS NOT NULL)),
      CHECK (decided_by_user_id IS NULL OR decided_by_user_id <> requested_by_user_id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX episode_closures_pending_key ON episode_closures (episode_id) WHERE status = 'awaiting_sign_off'`.execute(
    db,
  );
  await sql`CREATE INDEX episode_closures_waiting_idx ON episode_closures (requested_at) WHERE status = 'awaiting_sign_off'`.execute(db);
  await sql`ALTER TABLE early_help_episodes ADD COLUMN positive_progress boolean`.execute(db);

  // ---- Small flexible family budgets ---------------------------------------------------------
  await sql`
    CREATE TABLE family_budget_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      episode_id uuid NOT NULL REFERENCES early_help_episodes(id),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      team_id uuid REFERENCES teams(id),
      goal_key uuid NOT NULL,
      what text NOT NULL CHECK (length(what) BETWEEN 1 AND 500),
      amount_pence integer NOT NULL CHECK (amount_pence > 0),
      why text NOT NULL CHECK (length(why) BETWEEN 1 AND 2000),
      status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'declined', 'withdrawn')),
      requested_by_user_id uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL,
      decided_by_user_id uuid REFERENCES users(id),
      decided_at timestamptz,
      decision_note text CHECK (decision_note IS NULL OR length(decision_note) <= 2000),
      version integer NOT NULL DEFAULT 1,
      CHECK (decided_by_user_id IS NULL OR decided_by_user_id <> requested_by_user_id)
    )`.execute(db);
  await sql`CREATE INDEX family_budget_requests_episode_idx ON family_budget_requests (episode_id)`.execute(db);
  await sql`CREATE INDEX family_budget_requests_waiting_idx ON family_budget_requests (local_authority_id, requested_at) WHERE status = 'requested'`.execute(
    db,
  );
  await sql`CREATE INDEX family_budget_requests_spend_idx ON family_budget_requests (local_authority_id, decided_at) WHERE status = 'approved'`.execute(
    db,
  );
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
