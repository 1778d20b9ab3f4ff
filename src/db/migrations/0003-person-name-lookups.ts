/**
 * 0003 — indexes that let a name search go straight to the people it means: an exact family and
 * given name, the same pair by sound, and previous names; measured in bench/person-search.ts.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX people_names_exact_idx ON people (lower(family_name), lower(given_name))`.execute(db);
  await sql`CREATE INDEX people_names_sound_idx ON people (dmetaphone(lower(family_name)), dmetaphone(lower(given_name)))`.execute(db);
  await sql`CREATE INDEX person_names_exact_idx ON person_names (lower(family_name), lower(given_name))`.execute(db);
  await sql`CREATE INDEX person_names_given_trgm ON person_names USING gin (lower(given_name) gin_trgm_ops)`.execute(db);
  // Searching by a date of birth also looks at unborn children's expected dates.
  await sql`CREATE INDEX people_expected_dob_idx ON people (expected_date_of_birth) WHERE expected_date_of_birth IS NOT NULL`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('TellOnce migrations are forward-only'));
}
