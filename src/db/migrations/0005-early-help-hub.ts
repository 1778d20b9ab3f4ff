/**
 * 0005 — the Early Help Hub, the one front door (seed 000 "The Early Help Hub is the first point of
 * contact"; seed 003 "accepts and directs contacts received from any source"): requests for support
 * and their drafts, the children they are about, the Hub's decisions and their corrections, early
 * help episodes opened by a decision, the allocation panel's and quadrant forums' lists, partner
 * systems' API tokens, the notification outbox, the advice line and quality dip samples.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE contact_reference_seq START 1001`.execute(db);

  await sql`
    CREATE TABLE contact_drafts (
      id_hash text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('professional', 'family')),
      user_id uuid REFERENCES users(id),
      answers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX contact_drafts_expires_idx ON contact_drafts (expires_at)`.execute(db);

  await sql`
    CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE,
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      quadrant_id uuid REFERENCES quadrants(id),
      channel text NOT NULL CHECK (channel IN ('professional', 'family', 'partner_system')),
      source text NOT NULL,
      route text NOT NULL CHECK (route IN ('early_help', 'safeguarding')),
      safeguarding_because text CHECK (safeguarding_because IN ('significant_harm', 'no_consent')),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'decided')),
      received_at timestamptz NOT NULL,
      decision_due_at timestamptz NOT NULL,
      referrer_user_id uuid REFERENCES users(id),
      referrer_agency_id uuid REFERENCES agencies(id),
      referrer_name text NOT NULL CHECK (length(referrer_name) BETWEEN 1 AND 200),
      referrer_role text,
      referrer_email text,
      referrer_phone text,
      carer_name text,
      carer_relationship text,
      carer_phone text,
      carer_email text,
      address_line_1 text,
      town text,
      postcode text,
      reasons text[] NOT NULL CHECK (cardinality(reasons) > 0),
      other_reason text,
      in_their_words text NOT NULL CHECK (length(in_their_words) BETWEEN 1 AND 5000),
      already_tried text,
      significant_harm boolean NOT NULL,
      consent_early_help boolean NOT NULL,
      consent_sharing boolean NOT NULL,
      family_id uuid REFERENCES families(id),
      claimed_by_user_id uuid REFERENCES users(id),
      claimed_at timestamptz,
      social_care_received_at timestamptz,
      social_care_received_by_user_id uuid REFERENCES users(id),
      idempotency_scope text,
      idempotency_key text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((route = 'safeguarding') = (safeguarding_because IS NOT NULL)),
      CHECK ((idempotency_key IS NULL) = (idempotency_scope IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contacts_idempotency_key ON contacts (idempotency_scope, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(
    db,
  );
  // The Hub queue: undecided contacts of a council, oldest first.
  await sql`CREATE INDEX contacts_queue_idx ON contacts (local_authority_id, received_at) WHERE status <> 'decided'`.execute(db);
  await sql`CREATE INDEX contacts_received_idx ON contacts (local_authority_id, received_at)`.execute(db);
  await sql`CREATE INDEX contacts_family_idx ON contacts (family_id) WHERE family_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX contacts_referrer_idx ON contacts (referrer_user_id, received_at) WHERE referrer_user_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX contacts_referrer_agency_idx ON contacts (referrer_agency_id, received_at) WHERE referrer_agency_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE contact_children (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contact_id uuid NOT NULL REFERENCES contacts(id),
      position integer NOT NULL,
      given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
      family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
      date_of_birth date,
      expected_date_of_birth date,
      person_id uuid REFERENCES people(id),
      UNIQUE (contact_id, position),
      CHECK (date_of_birth IS NULL OR expected_date_of_birth IS NULL)
    )`.execute(db);
  await sql`CREATE INDEX contact_children_person_idx ON contact_children (person_id) WHERE person_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE early_help_episodes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      contact_id uuid REFERENCES contacts(id),
      kind text NOT NULL CHECK (kind IN ('lead_professional', 'targeted')),
      status text NOT NULL CHECK (status IN ('awaiting_panel', 'awaiting_allocation', 'open', 'closed')),
      quadrant_id uuid REFERENCES quadrants(id),
      team_id uuid REFERENCES teams(id),
      lead_agency_id uuid REFERENCES agencies(id),
      worker_user_id uuid REFERENCES users(id),
      allocated_at timestamptz,
      allocated_by_user_id uuid REFERENCES users(id),
      started_on date NOT NULL,
      closed_on date,
      closure_reason text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'closed') = (closed_on IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX episodes_family_idx ON early_help_episodes (family_id, started_on)`.execute(db);
  await sql`CREATE INDEX episodes_team_idx ON early_help_episodes (team_id, status)`.execute(db);
  await sql`CREATE INDEX episodes_worker_idx ON early_help_episodes (worker_user_id) WHERE status = 'open'`.execute(db);

  await sql`
    CREATE TABLE contact_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contact_id uuid NOT NULL REFERENCES contacts(id),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      need_level_id uuid NOT NULL REFERENCES need_levels(id),
      reasons text NOT NULL CHECK (length(reasons) BETWEEN 1 AND 5000),
      next_step text NOT NULL CHECK (next_step IN ('advice', 'signpost', 'lead_professional', 'targeted_support', 'quadrant_forum', 'step_up')),
      advice text,
      lead_agency_id uuid REFERENCES agencies(id),
      team_id uuid REFERENCES teams(id),
      quadrant_id uuid REFERENCES quadrants(id),
      step_up_reason text,
      episode_id uuid REFERENCES early_help_episodes(id),
      within_target boolean NOT NULL,
      corrects_decision_id uuid REFERENCES contact_decisions(id),
      correction_reason text,
      decided_by_user_id uuid NOT NULL REFERENCES users(id),
      decided_at timestamptz NOT NULL,
      CHECK ((corrects_decision_id IS NULL) = (correction_reason IS NULL))
    )`.execute(db);
  // Two officers cannot both decide the same contact; a decision can be corrected only once (correct the newest).
  await sql`CREATE UNIQUE INDEX contact_decisions_first_key ON contact_decisions (contact_id) WHERE corrects_decision_id IS NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX contact_decisions_correction_key ON contact_decisions (corrects_decision_id) WHERE corrects_decision_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX contact_decisions_decided_idx ON contact_decisions (local_authority_id, decided_at)`.execute(db);
  await sql`CREATE INDEX contact_decisions_contact_idx ON contact_decisions (contact_id, decided_at)`.execute(db);

  await sql`
    CREATE TABLE panel_cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      kind text NOT NULL CHECK (kind IN ('allocation_panel', 'quadrant_forum')),
      quadrant_id uuid REFERENCES quadrants(id),
      contact_id uuid NOT NULL REFERENCES contacts(id),
      decision_id uuid NOT NULL REFERENCES contact_decisions(id),
      family_id uuid NOT NULL REFERENCES families(id),
      episode_id uuid REFERENCES early_help_episodes(id),
      status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'heard', 'withdrawn')),
      listed_at timestamptz NOT NULL,
      heard_at timestamptz,
      heard_by_user_id uuid REFERENCES users(id),
      outcome text,
      team_id uuid REFERENCES teams(id),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX panel_cases_list_idx ON panel_cases (local_authority_id, kind, status, listed_at)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id uuid NOT NULL REFERENCES agencies(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      token_hash text NOT NULL UNIQUE,
      token_hint text NOT NULL,
      created_by_user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by_user_id uuid REFERENCES users(id)
    )`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template text NOT NULL,
      email_address text NOT NULL,
      reference text NOT NULL,
      link text NOT NULL,
      record_type text NOT NULL,
      record_id uuid,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'kept')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      provider_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX notifications_queued_idx ON notifications (created_at) WHERE status = 'queued'`.execute(db);
  await sql`CREATE INDEX notifications_created_idx ON notifications (created_at)`.execute(db);

  await sql`
    CREATE TABLE advice_calls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      called_at timestamptz NOT NULL,
      caller_user_id uuid REFERENCES users(id),
      caller_name text NOT NULL CHECK (length(caller_name) BETWEEN 1 AND 200),
      caller_agency_id uuid REFERENCES agencies(id),
      caller_role text,
      family_id uuid REFERENCES families(id),
      question text NOT NULL CHECK (length(question) BETWEEN 1 AND 5000),
      advice text NOT NULL CHECK (length(advice) BETWEEN 1 AND 5000),
      follow_up text,
      follow_up_by date,
      follow_up_done_at timestamptz,
      follow_up_done_by_user_id uuid REFERENCES users(id),
      recorded_by_user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX advice_calls_council_idx ON advice_calls (local_authority_id, called_at)`.execute(db);

  await sql`
    CREATE TABLE quality_samples (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      period_from date NOT NULL,
      period_to date NOT NULL,
      percentage integer NOT NULL CHECK (percentage BETWEEN 1 AND 100),
      drawn_by_user_id uuid NOT NULL REFERENCES users(id),
      drawn_at timestamptz NOT NULL DEFAULT now(),
      CHECK (period_from <= period_to)
    )`.execute(db);
  await sql`
    CREATE TABLE quality_sample_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sample_id uuid NOT NULL REFERENCES quality_samples(id),
      decision_id uuid NOT NULL REFERENCES contact_decisions(id),
      judgement text CHECK (judgement IN ('agree', 'disagree')),
      learning text,
      judged_by_user_id uuid REFERENCES users(id),
      judged_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      UNIQUE (sample_id, decision_id)
    )`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
