/**
 * 0001 — the foundation: the partnership (councils, quadrants, districts, teams, agencies),
 * the people who use TellOnce, their sessions, and the append-only audit log.
 * Migrations are numbered and forward-only: never edit one that has shipped; add the next.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE local_authorities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,12}$'),
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 120),
      progress_tool text NOT NULL CHECK (progress_tool IN ('map', 'outcomes_star')),
      allocation_model text NOT NULL CHECK (allocation_model IN ('team_manager', 'multi_agency_panel')),
      panel_name text,
      decision_target_working_days integer NOT NULL CHECK (decision_target_working_days BETWEEN 1 AND 30),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (allocation_model <> 'multi_agency_panel' OR panel_name IS NOT NULL)
    )`.execute(db);

  await sql`
    CREATE TABLE quadrants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
      specialist_area text,
      head_of_service_user_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (local_authority_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE districts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      quadrant_id uuid NOT NULL REFERENCES quadrants(id),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (quadrant_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      quadrant_id uuid REFERENCES quadrants(id),
      district_id uuid REFERENCES districts(id),
      kind text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
      manager_user_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (local_authority_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE agencies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 160),
      kind text NOT NULL,
      local_authority_id uuid REFERENCES local_authorities(id),
      district_id uuid REFERENCES districts(id),
      email text,
      phone text,
      link_professional_user_id uuid,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
      role text NOT NULL,
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      agency_id uuid NOT NULL REFERENCES agencies(id),
      team_id uuid REFERENCES teams(id),
      job_title text,
      status text NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
      password_hash text,
      invitation_token_hash text,
      invitation_expires_at timestamptz,
      failed_sign_in_count integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      last_signed_in_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);
  await sql`CREATE UNIQUE INDEX users_invitation_token_key ON users (invitation_token_hash) WHERE invitation_token_hash IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX users_team_idx ON users (team_id)`.execute(db);
  await sql`CREATE INDEX users_agency_idx ON users (agency_id)`.execute(db);

  await sql`ALTER TABLE quadrants ADD FOREIGN KEY (head_of_service_user_id) REFERENCES users(id)`.execute(db);
  await sql`ALTER TABLE teams ADD FOREIGN KEY (manager_user_id) REFERENCES users(id)`.execute(db);
  await sql`ALTER TABLE agencies ADD FOREIGN KEY (link_professional_user_id) REFERENCES users(id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL,
      absolute_expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_user_id uuid REFERENCES users(id),
      actor_label text NOT NULL,
      action text NOT NULL,
      record_type text NOT NULL,
      record_id text,
      reason text,
      detail jsonb
    )`.execute(db);
  await sql`CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, occurred_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_events_record_idx ON audit_events (record_type, record_id, occurred_at DESC)`.execute(db);

  // The audit log is append-only: the database itself refuses to change or remove a row.
  await sql`
    CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit events are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_update_or_delete
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only()`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
