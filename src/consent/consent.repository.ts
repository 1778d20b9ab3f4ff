/**
 * All SQL for a family's consent to early help and to sharing information.
 */
import type { Executor } from '../platform/audit/audit.repository.js';

export function listConsents(db: Executor, familyId: string) {
  return db
    .selectFrom('consents as c')
    .innerJoin('people as p', 'p.id', 'c.given_by_person_id')
    .innerJoin('users as u', 'u.id', 'c.recorded_by_user_id')
    .select([
      'c.id',
      'c.given_by_person_id',
      'c.given_by_young_person',
      'c.given_on',
      'c.method',
      'c.covers_early_help',
      'c.review_on',
      'c.withdrawn_on',
      'c.withdrawal_reason',
      'c.created_at',
      'c.version',
      'p.given_name',
      'p.family_name',
      'u.display_name as recorded_by',
    ])
    .where('c.family_id', '=', familyId)
    .orderBy('c.created_at', 'desc')
    .execute();
}

export function listConsentAgencies(db: Executor, consentIds: string[]) {
  if (consentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('consent_agencies as ca')
    .innerJoin('agencies as a', 'a.id', 'ca.agency_id')
    .select(['ca.consent_id', 'a.id', 'a.name'])
    .where('ca.consent_id', 'in', consentIds)
    .orderBy('a.name')
    .execute();
}

export function insertConsent(
  db: Executor,
  values: {
    family_id: string;
    given_by_person_id: string;
    given_by_young_person: boolean;
    given_on: string;
    method: 'verbal' | 'written' | 'electronic';
    covers_early_help: boolean;
    review_on: string | null;
    recorded_by_user_id: string;
  },
) {
  return db.insertInto('consents').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertConsentAgencies(db: Executor, consentId: string, agencyIds: string[]) {
  if (agencyIds.length === 0) return Promise.resolve();
  return db
    .insertInto('consent_agencies')
    .values(agencyIds.map((agencyId) => ({ consent_id: consentId, agency_id: agencyId })))
    .execute()
    .then(() => undefined);
}

export function withdrawConsent(db: Executor, familyId: string, consentId: string, version: number, withdrawnOn: string, reason: string) {
  return db
    .updateTable('consents')
    .set((eb) => ({ withdrawn_on: withdrawnOn, withdrawal_reason: reason, version: eb('version', '+', 1) }))
    .where('family_id', '=', familyId)
    .where('id', '=', consentId)
    .where('version', '=', version)
    .where('withdrawn_on', 'is', null)
    .returning('id')
    .executeTakeFirst();
}
