import { describe, expect, it } from 'vitest';
import { BREAK_GLASS_ROLES, decideFamilyAccess, FAMILY_RECORD_ROLES, type FamilyAccessFacts } from './family-access.js';
import { ROLES, type Role } from './roles.js';

const SCHOOL = 'agency-school';
const HEALTH = 'agency-health';

type Involvement = 'involved' | 'named' | 'not-involved';
type ConsentState =
  'given-to-us' | 'given-to-others' | 'given-without-early-help' | 'withdrawn' | 'not-recorded-we-opened' | 'not-recorded-others-opened';

function facts(involvement: Involvement, consent: ConsentState, breakGlassActive = false): FamilyAccessFacts {
  return {
    involvedAgencyIds: involvement === 'involved' ? [SCHOOL, HEALTH] : [HEALTH],
    namedProfessionalUserIds: involvement === 'named' ? ['me'] : [],
    openedByAgencyId: consent === 'not-recorded-we-opened' ? SCHOOL : HEALTH,
    consent:
      consent === 'withdrawn'
        ? { state: 'withdrawn' }
        : consent.startsWith('not-recorded')
          ? { state: 'not-recorded' }
          : {
              state: 'given',
              coversEarlyHelp: consent !== 'given-without-early-help',
              sharedWithAgencyIds: consent === 'given-to-others' ? [HEALTH] : [SCHOOL, HEALTH],
            },
    breakGlassActive,
  };
}

/** The rule, written as a table a practitioner could check: involvement × consent → allowed? */
const EXPECTED: Record<Involvement, Record<ConsentState, boolean>> = {
  involved: {
    'given-to-us': true,
    'given-to-others': false,
    'given-without-early-help': false,
    withdrawn: false,
    'not-recorded-we-opened': true,
    'not-recorded-others-opened': false,
  },
  named: {
    'given-to-us': true,
    'given-to-others': false,
    'given-without-early-help': false,
    withdrawn: false,
    'not-recorded-we-opened': true,
    'not-recorded-others-opened': false,
  },
  'not-involved': {
    'given-to-us': false,
    'given-to-others': false,
    'given-without-early-help': false,
    withdrawn: false,
    'not-recorded-we-opened': false,
    'not-recorded-others-opened': false,
  },
};

describe('who may open a family’s record: role × involvement × consent', () => {
  for (const role of ROLES) {
    for (const involvement of Object.keys(EXPECTED) as Involvement[]) {
      for (const consent of Object.keys(EXPECTED[involvement]) as ConsentState[]) {
        const worksWithFamilies = (FAMILY_RECORD_ROLES as readonly Role[]).includes(role);
        const expected = worksWithFamilies && EXPECTED[involvement][consent];
        it(`${role}, ${involvement}, consent ${consent} → ${expected ? 'allowed' : 'restricted'}`, () => {
          const access = decideFamilyAccess({ id: 'me', role, agencyId: SCHOOL }, facts(involvement, consent));
          expect(access.decision).toBe(expected ? 'allowed' : 'restricted');
          if (access.decision === 'restricted') expect(access.canBreakGlass).toBe((BREAK_GLASS_ROLES as readonly Role[]).includes(role));
        });
      }
    }
  }

  it('opens a restricted record after breaking the glass only for roles allowed to', () => {
    for (const role of ROLES) {
      const access = decideFamilyAccess({ id: 'me', role, agencyId: SCHOOL }, facts('not-involved', 'withdrawn', true));
      const may = (BREAK_GLASS_ROLES as readonly Role[]).includes(role);
      expect(access).toEqual(may ? { decision: 'allowed', because: 'break-glass' } : expect.objectContaining({ decision: 'restricted' }));
    }
  });

  it('says why a record is restricted', () => {
    const user = { id: 'me', role: 'partner_practitioner' as const, agencyId: SCHOOL };
    expect(decideFamilyAccess(user, facts('not-involved', 'given-to-us'))).toMatchObject({ because: 'not-involved' });
    expect(decideFamilyAccess(user, facts('involved', 'withdrawn'))).toMatchObject({ because: 'consent-withdrawn' });
    expect(decideFamilyAccess(user, facts('involved', 'given-to-others'))).toMatchObject({ because: 'consent-does-not-cover' });
    expect(decideFamilyAccess(user, facts('involved', 'not-recorded-others-opened'))).toMatchObject({ because: 'consent-not-recorded' });
    expect(decideFamilyAccess({ ...user, role: 'administrator' }, facts('involved', 'given-to-us'))).toMatchObject({
      because: 'role',
      canBreakGlass: false,
    });
  });
});
