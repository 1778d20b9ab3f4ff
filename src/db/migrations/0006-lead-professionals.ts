/**
 * 0006 — the Lead Professional of an early help episode (seed 000 "The trusted professional can be
 * anybody"): a named person from any agency, and each change of Lead Professional with its handover
 * note.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE early_help_episodes ADD COLUMN lead_professional_user_id uuid REFERENCES users(id)`.execute(db);
  await sql`CREATE INDEX episodes_lead_professional_idx ON early_help_episodes (lead_professional_user_id) WHERE status <> 'closed'`.execute(
    db,
  );
  await sql`
    CREATE TABLE lead_professional_changes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL REFERENCES early_help_episodes(id),
      from_user_id uuid REFERENCES users(id),
      to_user_id uuid NOT NULL REFERENCES users(id),
      handover_note text CHECK (handover_note IS NULL OR length(handover_note) BETWEEN 1 AND 5000),
      changed_by_user_id uuid NOT NULL REFERENCES users(id),
      changed_at timestamptz NOT NULL,
      CHECK ((from_user_id IS NULL) OR (handover_note IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX lead_professional_changes_episode_idx ON lead_professional_changes (episode_id, changed_at)`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
