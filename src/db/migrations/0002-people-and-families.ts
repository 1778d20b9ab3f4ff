/**
 * 0002 — one record per child and family: people with their names, identifiers and addresses;
 * families, households and relationships; the professional network; consent; break-glass access;
 * the chronology and case notes; merging duplicate people reversibly.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`.execute(db);

  await sql`
    CREATE TABLE people (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      given_name text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 100),
      middle_names text,
      family_name text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 100),
      preferred_name text,
      date_of_birth date,
      expected_date_of_birth date,
      sex text,
      ethnicity text,
      first_language text,
      interpreter_needed boolean NOT NULL DEFAULT false,
      nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
      unique_pupil_number text CHECK (unique_pupil_number ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
      council_child_id text,
      school_agency_id uuid REFERENCES agencies(id),
      gp_agency_id uuid REFERENCES agencies(id),
      characteristics text[] NOT NULL DEFAULT '{}',
      merged_into_person_id uuid REFERENCES people(id),
      created_by_user_id uuid REFERENCES users(id),
      created_by_agency_id uuid REFERENCES agencies(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (date_of_birth IS NULL OR expected_date_of_birth IS NULL)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX people_nhs_number_key ON people (nhs_number) WHERE nhs_number IS NOT NULL AND merged_into_person_id IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX people_upn_idx ON people (unique_pupil_number) WHERE unique_pupil_number IS NOT NULL`.execute(db);
  await sql`CREATE INDEX people_dob_idx ON people (date_of_birth)`.execute(db);
  await sql`CREATE INDEX people_family_name_trgm ON people USING gin (lower(family_name) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX people_given_name_trgm ON people USING gin (lower(given_name) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX people_family_name_sound ON people (dmetaphone(lower(family_name)))`.execute(db);
  await sql`CREATE INDEX people_given_lower_idx ON people (lower(given_name))`.execute(db);

  await sql`
    CREATE TABLE person_names (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      kind text NOT NULL CHECK (kind IN ('previous', 'alias')),
      given_name text NOT NULL,
      family_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX person_names_person_idx ON person_names (person_id)`.execute(db);
  await sql`CREATE INDEX person_names_family_trgm ON person_names USING gin (lower(family_name) gin_trgm_ops)`.execute(db);

  await sql`
    CREATE TABLE person_addresses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      line_1 text NOT NULL,
      line_2 text,
      town text NOT NULL,
      postcode text NOT NULL,
      from_date date NOT NULL,
      to_date date,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (to_date IS NULL OR to_date >= from_date)
    )`.execute(db);
  await sql`CREATE INDEX person_addresses_person_idx ON person_addresses (person_id)`.execute(db);
  await sql`CREATE INDEX person_addresses_current_postcode_idx ON person_addresses (postcode) WHERE to_date IS NULL`.execute(db);

  await sql`
    CREATE TABLE families (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL UNIQUE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      created_by_user_id uuid REFERENCES users(id),
      created_by_agency_id uuid REFERENCES agencies(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE SEQUENCE family_reference_seq START 1001`.execute(db);

  await sql`
    CREATE TABLE households (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (family_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE family_members (
      family_id uuid NOT NULL REFERENCES families(id),
      person_id uuid NOT NULL REFERENCES people(id),
      household_id uuid REFERENCES households(id),
      second_household_id uuid REFERENCES households(id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (family_id, person_id),
      CHECK (second_household_id IS NULL OR household_id IS NOT NULL),
      CHECK (second_household_id IS NULL OR second_household_id <> household_id)
    )`.execute(db);
  await sql`CREATE INDEX family_members_person_idx ON family_members (person_id)`.execute(db);

  await sql`
    CREATE TABLE relationships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      person_id uuid NOT NULL REFERENCES people(id),
      related_person_id uuid NOT NULL REFERENCES people(id),
      relationship text NOT NULL,
      parental_responsibility boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (person_id <> related_person_id)
    )`.execute(db);
  await sql`CREATE INDEX relationships_family_idx ON relationships (family_id)`.execute(db);

  await sql`
    CREATE TABLE involvements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      person_id uuid REFERENCES people(id),
      agency_id uuid NOT NULL REFERENCES agencies(id),
      professional_user_id uuid REFERENCES users(id),
      professional_name text,
      professional_role text NOT NULL,
      email text,
      phone text,
      started_on date NOT NULL,
      ended_on date,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX involvements_family_idx ON involvements (family_id)`.execute(db);
  await sql`CREATE INDEX involvements_agency_idx ON involvements (agency_id) WHERE ended_on IS NULL`.execute(db);

  await sql`
    CREATE TABLE consents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      given_by_person_id uuid NOT NULL REFERENCES people(id),
      given_by_young_person boolean NOT NULL DEFAULT false,
      given_on date NOT NULL,
      method text NOT NULL CHECK (method IN ('verbal', 'written', 'electronic')),
      covers_early_help boolean NOT NULL,
      review_on date,
      withdrawn_on date,
      withdrawal_reason text,
      recorded_by_user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX consents_family_idx ON consents (family_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE consent_agencies (
      consent_id uuid NOT NULL REFERENCES consents(id),
      agency_id uuid NOT NULL REFERENCES agencies(id),
      PRIMARY KEY (consent_id, agency_id)
    )`.execute(db);

  await sql`
    CREATE TABLE break_glass_grants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      user_id uuid NOT NULL REFERENCES users(id),
      reason text NOT NULL CHECK (length(reason) >= 10),
      granted_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX break_glass_user_family_idx ON break_glass_grants (user_id, family_id, expires_at DESC)`.execute(db);
  await sql`CREATE INDEX break_glass_granted_idx ON break_glass_grants (granted_at DESC)`.execute(db);

  await sql`
    CREATE TABLE chronology_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      person_id uuid REFERENCES people(id),
      occurred_on date NOT NULL,
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
      source_agency_id uuid REFERENCES agencies(id),
      significance text NOT NULL CHECK (significance IN ('routine', 'significant', 'critical')),
      category text NOT NULL,
      recorded_by_user_id uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX chronology_family_idx ON chronology_events (family_id, occurred_on DESC)`.execute(db);

  await sql`
    CREATE TABLE case_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      family_id uuid NOT NULL REFERENCES families(id),
      person_id uuid REFERENCES people(id),
      category text NOT NULL,
      occurred_on date NOT NULL,
      note text NOT NULL CHECK (length(note) BETWEEN 1 AND 10000),
      child_seen boolean,
      seen_alone boolean,
      child_words text,
      recorded_by_user_id uuid NOT NULL REFERENCES users(id),
      agency_id uuid NOT NULL REFERENCES agencies(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (seen_alone IS NULL OR seen_alone = false OR child_seen = true)
    )`.execute(db);
  await sql`CREATE INDEX case_notes_family_idx ON case_notes (family_id, occurred_on DESC)`.execute(db);

  await sql`
    CREATE TABLE person_merges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kept_person_id uuid NOT NULL REFERENCES people(id),
      merged_person_id uuid NOT NULL REFERENCES people(id),
      reason text NOT NULL,
      moved jsonb NOT NULL,
      merged_by_user_id uuid NOT NULL REFERENCES users(id),
      merged_at timestamptz NOT NULL DEFAULT now(),
      undone_by_user_id uuid REFERENCES users(id),
      undone_at timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE not_duplicates (
      person_id uuid NOT NULL REFERENCES people(id),
      other_person_id uuid NOT NULL REFERENCES people(id),
      decided_by_user_id uuid NOT NULL REFERENCES users(id),
      decided_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, other_person_id),
      CHECK (person_id < other_person_id)
    )`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
