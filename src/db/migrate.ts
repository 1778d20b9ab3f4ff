/**
 * Runs the numbered, forward-only migrations at start. The list is explicit so that the
 * order is the file names' order and nothing is discovered from the disk at run time.
 */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as foundation from './migrations/0001-foundation.js';
import * as peopleAndFamilies from './migrations/0002-people-and-families.js';
import * as personNameLookups from './migrations/0003-person-name-lookups.js';
import * as levelsOfNeed from './migrations/0004-levels-of-need.js';
import * as earlyHelpHub from './migrations/0005-early-help-hub.js';
import * as leadProfessionals from './migrations/0006-lead-professionals.js';
import * as earlyHelpJourney from './migrations/0007-early-help-journey.js';

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-people-and-families': peopleAndFamilies,
  '0003-person-name-lookups': personNameLookups,
  '0004-levels-of-need': levelsOfNeed,
  '0005-early-help-hub': earlyHelpHub,
  '0006-lead-professionals': leadProfessionals,
  '0007-early-help-journey': earlyHelpJourney,
};

class TellOnceMigrations implements MigrationProvider {
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrations);
  }
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new TellOnceMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
