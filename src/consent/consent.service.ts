/**
 * Consent (seed 000: "placing the concept of consent and data protection at the heart"): who
 * gave it — a parent, or the young person themselves where competent — when and how, what it
 * covers (early help, and sharing with which agencies), when to review it, and its withdrawal.
 * The newest consent is the one in force; access to the family follows it
 * (platform/permissions/family-access.ts).
 */
import type { Executor } from '../platform/audit/audit.repository.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import { ConflictError, ValidationError } from '../platform/http/errors.js';
import type { FieldErrors } from '../platform/http/forms.js';
import type { CurrentUser } from '../platform/http/types.js';
import type { ChronologyService } from '../chronology/chronology.service.js';
import { actorFor, todayIso, type FamiliesService } from '../families/families.service.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import * as repo from './consent.repository.js';

export const CONSENT_METHODS = [
  { value: 'verbal', text: 'Verbally, in person or by phone' },
  { value: 'written', text: 'In writing, on a signed form' },
  { value: 'electronic', text: 'Electronically, by email or online form' },
] as const;

export interface Consent {
  id: string;
  givenByPersonId: string;
  givenByName: string;
  givenByYoungPerson: boolean;
  givenOn: string;
  method: string;
  methodText: string;
  coversEarlyHelp: boolean;
  agencies: { id: string; name: string }[];
  reviewOn: string | null;
  reviewDue: boolean;
  withdrawnOn: string | null;
  withdrawalReason: string | null;
  recordedBy: string;
  version: number;
  inForce: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ConsentService {
  constructor(
    private readonly families: FamiliesService,
    private readonly partnership: PartnershipService,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async history(db: Executor, familyId: string): Promise<Consent[]> {
    const rows = await repo.listConsents(db, familyId);
    const agencies = await repo.listConsentAgencies(
      db,
      rows.map((row) => row.id),
    );
    const today = todayIso(this.now());
    return rows.map((row, index) => ({
      id: row.id,
      givenByPersonId: row.given_by_person_id,
      givenByName: `${row.given_name} ${row.family_name}`,
      givenByYoungPerson: row.given_by_young_person,
      givenOn: row.given_on,
      method: row.method,
      methodText: CONSENT_METHODS.find((item) => item.value === row.method)?.text ?? row.method,
      coversEarlyHelp: row.covers_early_help,
      agencies: agencies.filter((agency) => agency.consent_id === row.id).map((agency) => ({ id: agency.id, name: agency.name })),
      reviewOn: row.review_on,
      reviewDue: row.withdrawn_on === null && row.review_on !== null && row.review_on <= today,
      withdrawnOn: row.withdrawn_on,
      withdrawalReason: row.withdrawal_reason,
      recordedBy: row.recorded_by,
      version: row.version,
      inForce: index === 0 && row.withdrawn_on === null,
    }));
  }

  /** Records a new consent, which replaces the one in force. */
  async record(user: CurrentUser, familyId: string, input: Record<string, string | string[]>): Promise<void> {
    const agencies = await this.partnership.agencies();
    await this.families.change(user, familyId, async (trx, family) => {
      const members = await this.families.members(trx, familyId);
      const errors: FieldErrors = {};
      const one = (name: string) => {
        const value = input[name];
        return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
      };
      const givenBy = one('givenByPersonId');
      if (!members.some((member) => member.id === givenBy)) errors.givenByPersonId = 'Select who gave consent';
      const youngPerson = one('givenByYoungPerson');
      if (!['yes', 'no'].includes(youngPerson)) errors.givenByYoungPerson = 'Select whether the young person gave consent for themselves';
      const givenOn = one('givenOn');
      const today = todayIso(this.now());
      if (!ISO_DATE.test(givenOn)) errors['givenOn-day'] = 'Enter the date consent was given, like 27 3 2026';
      else if (givenOn > today) errors['givenOn-day'] = 'The date consent was given must be today or in the past';
      const method = one('method');
      if (!CONSENT_METHODS.some((item) => item.value === method)) errors.method = 'Select how consent was given';
      const covers = one('coversEarlyHelp');
      if (!['yes', 'no'].includes(covers)) errors.coversEarlyHelp = 'Select whether the family agrees to early help';
      const raw = input.sharedWith;
      const sharedWith = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((id) => id !== '');
      if (sharedWith.some((id) => !agencies.some((agency) => agency.id === id))) errors.sharedWith = 'Select agencies from the list';
      if (covers === 'yes' && sharedWith.length === 0)
        errors.sharedWith = 'Select at least one agency the family agrees can share information';
      const reviewOn = one('reviewOn');
      if (reviewOn !== '' && !ISO_DATE.test(reviewOn)) errors['reviewOn-day'] = 'Enter the review date as a real date, like 27 9 2027';
      else if (reviewOn !== '' && ISO_DATE.test(givenOn) && reviewOn <= givenOn)
        errors['reviewOn-day'] = 'The review date must be after the date consent was given';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const giver = members.find((member) => member.id === givenBy);
      const { id } = await repo.insertConsent(trx, {
        family_id: familyId,
        given_by_person_id: givenBy,
        given_by_young_person: youngPerson === 'yes',
        given_on: givenOn,
        method: method as 'verbal' | 'written' | 'electronic',
        covers_early_help: covers === 'yes',
        review_on: reviewOn === '' ? null : reviewOn,
        recorded_by_user_id: user.id,
      });
      await repo.insertConsentAgencies(trx, id, covers === 'yes' ? [...new Set(sharedWith)] : []);
      await this.audit.record(trx, actorFor(user), {
        action: covers === 'yes' ? 'consent recorded' : 'refusal of consent recorded',
        recordType: 'family',
        recordId: family.id,
        detail: { consentId: id, givenBy, method, coversEarlyHelp: covers === 'yes', sharedWith, reviewOn: reviewOn || null },
      });
      await this.chronology.record(trx, {
        familyId,
        personId: givenBy,
        occurredOn: givenOn,
        summary:
          covers === 'yes'
            ? `${giver?.name ?? 'A family member'} gave ${method} consent to early help and to sharing with ${sharedWith.length} ${sharedWith.length === 1 ? 'agency' : 'agencies'}`
            : `${giver?.name ?? 'A family member'} did not consent to early help`,
        sourceAgencyId: user.agencyId,
        significance: 'significant',
        category: 'record',
        recordedByUserId: user.id,
      });
    });
  }

  /**
   * The consent a request for support came with, recorded on the family's record by the Hub when it
   * links the request to the family: if consent to early help is in force, the agencies are added
   * to what it covers; otherwise a new consent is recorded, given by the parent or carer the
   * request names. Inside the caller's transaction; audited and added to the chronology.
   */
  async recordFromRequestIn(
    trx: Executor,
    user: CurrentUser,
    familyId: string,
    request: { reference: string; givenByPersonId: string | null; givenOn: string; method: 'verbal' | 'electronic'; agencyIds: string[] },
  ): Promise<'extended' | 'recorded' | 'none'> {
    const inForce = (await this.history(trx, familyId)).find((item) => item.inForce);
    const agencyIds = [...new Set(request.agencyIds)];
    if (inForce?.coversEarlyHelp) {
      const missing = agencyIds.filter((id) => !inForce.agencies.some((agency) => agency.id === id));
      if (missing.length === 0) return 'none';
      await repo.insertConsentAgencies(trx, inForce.id, missing);
      await this.audit.record(trx, actorFor(user), {
        action: 'consent to sharing extended from a request for support',
        recordType: 'family',
        recordId: familyId,
        detail: { consentId: inForce.id, reference: request.reference, agencies: missing },
      });
      return 'extended';
    }
    if (!request.givenByPersonId) return 'none';
    const { id } = await repo.insertConsent(trx, {
      family_id: familyId,
      given_by_person_id: request.givenByPersonId,
      given_by_young_person: false,
      given_on: request.givenOn,
      method: request.method,
      covers_early_help: true,
      review_on: null,
      recorded_by_user_id: user.id,
    });
    await repo.insertConsentAgencies(trx, id, agencyIds);
    await this.audit.record(trx, actorFor(user), {
      action: 'consent recorded from a request for support',
      recordType: 'family',
      recordId: familyId,
      detail: { consentId: id, reference: request.reference, agencies: agencyIds },
    });
    await this.chronology.record(trx, {
      familyId,
      personId: request.givenByPersonId,
      occurredOn: request.givenOn,
      summary: `Consent to early help and to sharing, given with request for support ${request.reference}`,
      sourceAgencyId: user.agencyId,
      significance: 'significant',
      category: 'record',
      recordedByUserId: user.id,
    });
    return 'recorded';
  }

  async withdraw(user: CurrentUser, familyId: string, consentId: string, version: number, reason: string): Promise<void> {
    const trimmed = reason.trim();
    if (trimmed === '') throw new ValidationError({ reason: 'Enter why consent was withdrawn, in the family’s words if you can' });
    if (trimmed.length > 2000) throw new ValidationError({ reason: 'The reason must be 2,000 characters or fewer' });
    await this.families.change(user, familyId, async (trx, family) => {
      const today = todayIso(this.now());
      const withdrawn = await repo.withdrawConsent(trx, familyId, consentId, version, today, trimmed);
      if (!withdrawn) throw new ConflictError('This consent has already been withdrawn or changed by someone else');
      await this.audit.record(trx, actorFor(user), {
        action: 'consent withdrawn',
        recordType: 'family',
        recordId: family.id,
        reason: trimmed,
        detail: { consentId },
      });
      await this.chronology.record(trx, {
        familyId,
        occurredOn: today,
        summary: 'Consent to early help and to sharing information was withdrawn',
        sourceAgencyId: user.agencyId,
        significance: 'significant',
        category: 'record',
        recordedByUserId: user.id,
      });
    });
  }
}
