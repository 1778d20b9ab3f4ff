/**
 * A few made-up requests for support in the demo partnership, so that the Early Help Hub's queue
 * has work in it on first start: of different ages against the target, from schools, health and a
 * family, in both councils. Every name is invented and obviously fictional.
 */
import type { Services } from '../app.js';
import type { RequestAnswers } from '../front-door/request.answers.js';
import { addWorkingDays } from '../front-door/working-time.js';

interface DemoRequest {
  council: 'Cambridgeshire' | 'Peterborough';
  referrerRole: 'partner_practitioner' | 'family';
  /** How long ago it arrived, in hours. */
  hoursAgo: number;
  answers: Omit<RequestAnswers, 'councilId'>;
}

const year = (ageInYears: number) => new Date().getUTCFullYear() - ageInYears;

const REQUESTS: DemoRequest[] = [
  {
    council: 'Cambridgeshire',
    referrerRole: 'partner_practitioner',
    hoursAgo: 2,
    answers: {
      significantHarm: 'no',
      consentEarlyHelp: 'yes',
      consentSharing: 'yes',
      children: [{ givenName: 'Demo-Ellis', familyName: 'Fictionalson', dateOfBirth: `${year(8)}-04-12` }],
      carerName: 'Demo-Dana Fictionalson',
      carerRelationship: 'Mother',
      carerPhone: '07700 900 101',
      postcode: 'PE15 8AB',
      reasons: ['behaviour_at_home', 'parenting'],
      inTheirWords: 'Ellis has had angry outbursts at home since the summer. Mum would like help with routines and boundaries.',
      alreadyTried: 'Two meetings with the class teacher and a behaviour chart at school.',
    },
  },
  {
    council: 'Cambridgeshire',
    referrerRole: 'partner_practitioner',
    hoursAgo: 30,
    answers: {
      significantHarm: 'no',
      consentEarlyHelp: 'yes',
      consentSharing: 'yes',
      children: [
        { givenName: 'Demo-Rory', familyName: 'Makebelieve', dateOfBirth: `${year(13)}-09-30` },
        { givenName: 'Demo-Isla', familyName: 'Makebelieve', dateOfBirth: `${year(10)}-01-05` },
      ],
      carerName: 'Demo-Sam Makebelieve',
      carerRelationship: 'Father',
      carerEmail: 'sam.makebelieve@example.com',
      postcode: 'CB6 1AA',
      reasons: ['school_attendance', 'financial_hardship'],
      inTheirWords: 'Rory’s attendance has fallen to 70% this term. Dad has lost his job and says money is very tight.',
      alreadyTried: 'Attendance meetings; a referral to the school’s hardship fund.',
    },
  },
  {
    council: 'Cambridgeshire',
    referrerRole: 'family',
    hoursAgo: 70,
    answers: {
      significantHarm: 'no',
      consentSharing: 'yes',
      children: [{ givenName: 'Demo-Pip', familyName: 'Inventedly', dateOfBirth: `${year(3)}-06-18` }],
      carerName: 'Demo-Alex Inventedly',
      carerPhone: '07700 900 202',
      postcode: 'PE29 3AA',
      reasons: ['parental_mental_health', 'parenting'],
      inTheirWords: 'I have been feeling very low since Pip was born and I am finding it hard to cope with the days.',
    },
  },
  {
    council: 'Peterborough',
    referrerRole: 'partner_practitioner',
    hoursAgo: 12,
    answers: {
      significantHarm: 'no',
      consentEarlyHelp: 'yes',
      consentSharing: 'yes',
      children: [{ givenName: 'Demo-Jojo', familyName: 'Storybook', dateOfBirth: `${year(9)}-11-02` }],
      carerName: 'Demo-Kim Storybook',
      carerRelationship: 'Grandmother, kinship carer',
      carerPhone: '07700 900 303',
      postcode: 'PE1 2AB',
      reasons: ['emotional_wellbeing', 'behaviour_in_school'],
      inTheirWords: 'Jojo is anxious and has been refusing to go into class. Gran is worried and would like support.',
      alreadyTried: 'Time with the pastoral lead each morning.',
    },
  },
];

/** Adds the demo requests if the Hub has no contacts yet. Returns how many it added. */
export async function createDemoRequestsIfEmpty(services: Services): Promise<number> {
  const db = services.contacts.database;
  const existing = await db.selectFrom('contacts').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const [councils, staff] = await Promise.all([services.partnership.councils(), services.users.list({ status: 'active' })]);
  let added = 0;
  for (const request of REQUESTS) {
    const council = councils.find((item) => item.name === request.council);
    if (!council) continue;
    const referrer =
      request.referrerRole === 'family'
        ? undefined
        : staff.find((member) => member.role === request.referrerRole && member.councilName === request.council);
    const contact = await services.contacts.submit({
      channel: request.referrerRole === 'family' ? 'family' : 'professional',
      answers: { ...request.answers, councilId: council.id },
      referrer: referrer
        ? { userId: referrer.id, agencyId: referrer.agencyId, name: referrer.displayName, role: null, email: referrer.email, phone: null }
        : {
            userId: null,
            agencyId: null,
            name: request.answers.carerName ?? 'A family',
            role: 'Parent or carer',
            email: null,
            phone: null,
          },
      idempotency: null,
    });
    // Arrived some time ago, so that the queue shows contacts green, amber and red.
    const receivedAt = new Date(Date.now() - request.hoursAgo * 3_600_000);
    await db
      .updateTable('contacts')
      .set({ received_at: receivedAt, decision_due_at: addWorkingDays(receivedAt, council.decisionTargetWorkingDays) })
      .where('id', '=', contact.id)
      .execute();
    added++;
  }
  return added;
}
