/**
 * Who may open a family's record, decided here and nowhere else (seed 000: consent and data
 * protection "at the heart" of early help).
 *
 * Access follows involvement and consent:
 * - only roles that work with families may open a family record at all;
 * - the person's agency must be involved with the family now (or the person is named in the
 *   family's professional network);
 * - and the family's current consent must cover early help and sharing with that agency. While
 *   no consent has been recorded yet, only the agency that opened the record may see it, so that
 *   it can record the consent it is asking for.
 * Hub officers, managers and children's social care may open a restricted record by giving a
 * written reason ("breaking the glass"); that is audited and shown to managers.
 */
import type { Role } from './roles.js';

export const FAMILY_RECORD_ROLES = [
  'partner_practitioner',
  'hub_officer',
  'early_help_practitioner',
  'team_manager',
  'head_of_service',
  'social_care_practitioner',
] as const satisfies readonly Role[];

export const BREAK_GLASS_ROLES = [
  'hub_officer',
  'team_manager',
  'head_of_service',
  'social_care_practitioner',
] as const satisfies readonly Role[];

export interface FamilyAccessFacts {
  /** Agencies with a current involvement with the family or any of its members. */
  involvedAgencyIds: readonly string[];
  /** People named as the professional in a current involvement. */
  namedProfessionalUserIds: readonly string[];
  /** The agency that opened the record. */
  openedByAgencyId: string | null;
  consent:
    | { state: 'not-recorded' }
    | { state: 'withdrawn' }
    | { state: 'given'; coversEarlyHelp: boolean; sharedWithAgencyIds: readonly string[] };
  /** Whether this person has an unexpired break-glass grant for this family. */
  breakGlassActive: boolean;
}

export interface FamilyAccessor {
  id: string;
  role: Role;
  agencyId: string;
}

export type FamilyAccess =
  | { decision: 'allowed'; because: 'involved-with-consent' | 'opened-the-record' | 'break-glass' }
  | {
      decision: 'restricted';
      canBreakGlass: boolean;
      because: 'role' | 'not-involved' | 'consent-withdrawn' | 'consent-does-not-cover' | 'consent-not-recorded';
    };

function inList<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function decideFamilyAccess(user: FamilyAccessor, facts: FamilyAccessFacts): FamilyAccess {
  if (!inList(FAMILY_RECORD_ROLES, user.role)) return { decision: 'restricted', canBreakGlass: false, because: 'role' };
  const canBreakGlass = inList(BREAK_GLASS_ROLES, user.role);
  const restricted = (because: Exclude<FamilyAccess, { decision: 'allowed' }>['because']): FamilyAccess =>
    facts.breakGlassActive && canBreakGlass
      ? { decision: 'allowed', because: 'break-glass' }
      : { decision: 'restricted', canBreakGlass, because };

  const involved = facts.involvedAgencyIds.includes(user.agencyId) || facts.namedProfessionalUserIds.includes(user.id);
  if (!involved) return restricted('not-involved');
  switch (facts.consent.state) {
    case 'withdrawn':
      return restricted('consent-withdrawn');
    case 'not-recorded':
      return facts.openedByAgencyId === user.agencyId
        ? { decision: 'allowed', because: 'opened-the-record' }
        : restricted('consent-not-recorded');
    case 'given':
      return facts.consent.coversEarlyHelp && facts.consent.sharedWithAgencyIds.includes(user.agencyId)
        ? { decision: 'allowed', because: 'involved-with-consent' }
        : restricted('consent-does-not-cover');
  }
}
