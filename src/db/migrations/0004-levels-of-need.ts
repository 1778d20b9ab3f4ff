/**
 * 0004 — each council's threshold framework: its levels of need (seed 003 "Model of Staged
 * Intervention"), with a name, a description and examples, for the Early Help Hub's decisions.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE need_levels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      local_authority_id uuid NOT NULL REFERENCES local_authorities(id),
      level integer NOT NULL CHECK (level BETWEEN 1 AND 9),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 80),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
      examples text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (local_authority_id, level)
    )`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
