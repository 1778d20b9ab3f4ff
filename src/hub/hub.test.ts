import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { askForSupport, type JourneyAnswers } from '../../test/support/requests.js';
import { formatWorkingAge } from './hub.service.js';

let t: TestApp;
let school: TestClient;
let hubClient: TestClient;
let hubOfficer: CurrentUser;
let secondOfficer: CurrentUser;
let councilId: string;
let peterboroughId: string;

const db = () => t.database.db;

async function newContact(answers: Partial<JourneyAnswers> = {}, client = school) {
  const { reference, contactId } = await askForSupport(client, { councilId, ...answers });
  if (!contactId) throw new Error('no contact id');
  return { reference, contactId };
}

async function version(contactId: string): Promise<number> {
  return (await db().selectFrom('contacts').select('version').where('id', '=', contactId).executeTakeFirstOrThrow()).version;
}

async function levelId(council: string, level: number): Promise<string> {
  return (
    await db()
      .selectFrom('need_levels')
      .select('id')
      .where('local_authority_id', '=', council)
      .where('level', '=', level)
      .executeTakeFirstOrThrow()
  ).id;
}

async function quadrantTeam(council: string, kind = 'targeted_childrens_support') {
  return db()
    .selectFrom('teams')
    .select(['id', 'name', 'quadrant_id'])
    .where('local_authority_id', '=', council)
    .where('kind', '=', kind)
    .orderBy('name')
    .executeTakeFirstOrThrow();
}

async function linkNew(contactId: string, user = hubOfficer) {
  return t.services.hub.linkFamily(user, contactId, 'new', await version(contactId));
}

const blankDecision = {
  needLevelId: '',
  reasons: '',
  nextStep: '',
  advice: '',
  leadAgencyId: '',
  teamId: '',
  quadrantId: '',
  stepUpReason: '',
};

async function chronologyOf(familyId: string): Promise<string[]> {
  const rows = await db()
    .selectFrom('chronology_events')
    .select('summary')
    .where('family_id', '=', familyId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.summary);
}

beforeAll(async () => {
  t = await createTestApp();
  school = new TestClient(t.app);
  await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
  const hubEmail = await demoEmail(t.services, 'hub_officer');
  hubClient = new TestClient(t.app);
  await hubClient.signIn(hubEmail);
  hubOfficer = await currentUserFor(t.services, hubEmail);
  councilId = hubOfficer.localAuthorityId;
  peterboroughId = (await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer', 'Peterborough'))).localAuthorityId;
  // A second Cambridgeshire officer, to decide at the same moment.
  secondOfficer = {
    ...hubOfficer,
    id: (
      await db()
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'head_of_service')
        .where('local_authority_id', '=', councilId)
        .executeTakeFirstOrThrow()
    ).id,
    role: 'head_of_service',
  };
});
afterAll(async () => t.close());

describe('working age', () => {
  it('reads as working days and hours', () => {
    expect(formatWorkingAge(0.5)).toBe('0 working hours');
    expect(formatWorkingAge(1)).toBe('1 working hour');
    expect(formatWorkingAge(8)).toBe('1 working day');
    expect(formatWorkingAge(19.5)).toBe('2 working days, 3 hours');
  });
});

describe('the Hub queue', () => {
  it('shows each new contact with its age in working time and a red, amber or green status', async () => {
    const { reference } = await newContact();
    const page = await hubClient.get('/hub');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(reference);
    expect(page.body).toContain('Within target');
    expect(page.body).toContain('Otterbrook Primary School');
    // Three working days later the council's target has passed.
    t.clock.advanceMinutes(60 * 24 * 7);
    const later = await t.services.hub.queue(hubOfficer, {});
    const row = later.rows.find((item) => item.reference === reference);
    expect(row?.rag).toBe('red');
    expect(row?.ragText).toBe('Overdue');
    t.clock.advanceMinutes(-60 * 24 * 7);
  });

  it('filters by council, quadrant, child’s age, source, reason and status', async () => {
    const toddler = await newContact({
      children: [{ givenName: 'Pip', familyName: 'Ashworthy', day: '1', month: '6', year: String(new Date().getUTCFullYear() - 2) }],
      reasons: ['financial_hardship'],
    });
    const teenager = await newContact({
      children: [{ givenName: 'Rory', familyName: 'Ashworthy', day: '1', month: '6', year: String(new Date().getUTCFullYear() - 14) }],
      reasons: ['school_attendance'],
    });
    const refs = async (input: Record<string, string>) => (await t.services.hub.queue(hubOfficer, input)).rows.map((row) => row.reference);
    expect(await refs({ age: '0-4' })).toContain(toddler.reference);
    expect(await refs({ age: '0-4' })).not.toContain(teenager.reference);
    expect(await refs({ age: '11-15' })).toContain(teenager.reference);
    expect(await refs({ reason: 'financial_hardship' })).toEqual([toddler.reference]);
    expect(await refs({ source: 'school' })).toContain(teenager.reference);
    expect(await refs({ source: 'family' })).not.toContain(teenager.reference);
    expect(await refs({ council: peterboroughId })).not.toContain(teenager.reference);
    expect(await refs({ council: 'all' })).toContain(teenager.reference);
    const quadrant = await db().selectFrom('contacts').select('quadrant_id').where('id', '=', teenager.contactId).executeTakeFirstOrThrow();
    expect(quadrant.quadrant_id).not.toBeNull();
    expect(await refs({ quadrant: quadrant.quadrant_id ?? '' })).toContain(teenager.reference);
    await t.services.hub.claim(hubOfficer, teenager.contactId, await version(teenager.contactId));
    expect(await refs({ status: 'mine' })).toEqual([teenager.reference]);
    expect(await refs({ status: 'new' })).not.toContain(teenager.reference);
  });

  it('is for the Hub only', async () => {
    expect((await school.get('/hub')).statusCode).toBe(403);
  });
});

describe('claiming and assigning', () => {
  it('lets one officer claim a contact, and refuses a second claim made from the same page', async () => {
    const { contactId } = await newContact();
    const seen = await version(contactId);
    await t.services.hub.claim(hubOfficer, contactId, seen);
    await expect(t.services.hub.claim(secondOfficer, contactId, seen)).rejects.toThrow('Someone else has claimed');
  });

  it('assigns only to a Hub officer of the council', async () => {
    const { contactId } = await newContact();
    await hubClient.get(`/hub/contacts/${contactId}`);
    const refused = await hubClient.post(`/hub/contacts/${contactId}/claim`, {
      officerId: secondOfficer.id,
      version: String(await version(contactId)),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Select a Hub officer from the list');
  });
});

describe('what is already known', () => {
  it('finds the family the child already belongs to, with its episodes, earlier contacts and a re-referral', async () => {
    const first = await newContact({ children: [{ givenName: 'Marnie', familyName: 'Tillotson', day: '9', month: '9', year: '2016' }] });
    const familyId = await linkNew(first.contactId);
    // An earlier episode closed a year ago.
    await db()
      .insertInto('early_help_episodes')
      .values({
        family_id: familyId,
        local_authority_id: councilId,
        kind: 'targeted',
        status: 'closed',
        started_on: '2024-01-01',
        closed_on: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10),
        closure_reason: 'needs_met',
      })
      .execute();
    const second = await newContact({ children: [{ givenName: 'Marnie', familyName: 'Tillotson', day: '9', month: '9', year: '2016' }] });
    const view = await t.services.hub.contact(hubOfficer, second.contactId);
    expect(view.matches[0]?.candidates[0]?.band).toBe('strong');
    expect(view.known.map((item) => item.family.id)).toContain(familyId);
    const known = view.known.find((item) => item.family.id === familyId);
    expect(known?.reReferral).not.toBeNull();
    expect(known?.earlierContacts.map((row) => row.reference)).toContain(first.reference);
    expect(known?.pastEpisodes).toHaveLength(1);
    const page = await hubClient.get(`/hub/contacts/${second.contactId}`);
    expect(page.body).toContain('Re-referral');
    expect(page.body).toContain('Strong match');
    // Linking to the family matches Marnie to the same person rather than adding her twice.
    await t.services.hub.linkFamily(hubOfficer, second.contactId, familyId, await version(second.contactId));
    const members = await db().selectFrom('family_members').select('person_id').where('family_id', '=', familyId).execute();
    const children = await db()
      .selectFrom('contact_children')
      .select('person_id')
      .where('contact_id', 'in', [first.contactId, second.contactId])
      .execute();
    expect(new Set(children.map((child) => child.person_id)).size).toBe(1);
    expect(members.length).toBe(2); // Marnie and Dana, her carer
  });

  it('says when children’s social care is involved', async () => {
    const { contactId } = await newContact({
      children: [{ givenName: 'Juno', familyName: 'Brackley', day: '2', month: '2', year: '2015' }],
    });
    const familyId = await linkNew(contactId);
    await db()
      .insertInto('involvements')
      .values({
        family_id: familyId,
        person_id: null,
        agency_id: hubOfficer.agencyId,
        professional_user_id: null,
        professional_name: 'A social worker',
        professional_role: 'social_worker',
        email: null,
        phone: null,
        started_on: '2026-01-05',
      })
      .execute();
    const view = await t.services.hub.contact(hubOfficer, contactId);
    expect(view.known[0]?.socialCare.involved).toBe(true);
  });

  it('opens a new family record from the request, with the children, the carer and the request’s consent', async () => {
    const { contactId, reference } = await newContact({
      children: [{ givenName: 'Tam', familyName: 'Oakridge', day: '3', month: '3', year: '2018' }],
      carerName: 'Lou Oakridge',
    });
    const familyId = await linkNew(contactId);
    const people = await db()
      .selectFrom('family_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['p.given_name', 'p.family_name', 'p.date_of_birth'])
      .where('m.family_id', '=', familyId)
      .orderBy('p.given_name')
      .execute();
    expect(people.map((person) => `${person.given_name} ${person.family_name}`)).toEqual(['Lou Oakridge', 'Tam Oakridge']);
    const consent = await db().selectFrom('consents').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
    expect(consent.covers_early_help).toBe(true);
    const shared = await db().selectFrom('consent_agencies').select('agency_id').where('consent_id', '=', consent.id).execute();
    expect(shared.map((row) => row.agency_id)).toContain(hubOfficer.agencyId);
    expect((await chronologyOf(familyId)).some((line) => line.includes(reference))).toBe(true);
    // The Hub can now open the family's record.
    expect((await t.services.families.accessFor(db(), hubOfficer, familyId)).decision).toBe('allowed');
  });
});

describe('deciding', () => {
  it('refuses an incomplete decision with GOV.UK messages', async () => {
    const { contactId } = await newContact();
    await hubClient.get(`/hub/contacts/${contactId}`);
    const response = await hubClient.post(`/hub/contacts/${contactId}/decision`, {
      ...blankDecision,
      version: String(await version(contactId)),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select the level of need');
    expect(response.body).toContain('Explain the decision');
    expect(response.body).toContain('Select the next step');
    const support = await hubClient.post(`/hub/contacts/${contactId}/decision`, {
      ...blankDecision,
      needLevelId: await levelId(councilId, 3),
      reasons: 'Needs targeted support',
      nextStep: 'targeted_support',
      version: String(await version(contactId)),
    });
    expect(support.body).toContain('link this request to a family first');
  });

  it('gives advice only, and tells the referrer the outcome', async () => {
    const { contactId } = await newContact();
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 1),
        reasons: 'Universal services can meet this need',
        nextStep: 'advice',
        advice: 'Suggested the school nurse drop-in',
      },
      await version(contactId),
    );
    const contact = await db().selectFrom('contacts').selectAll().where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.status).toBe('decided');
    const message = await db()
      .selectFrom('notifications')
      .selectAll()
      .where('record_id', '=', contactId)
      .where('template', '=', 'decision_made')
      .executeTakeFirstOrThrow();
    expect(message.link).toContain(`/requests/${contactId}`);
    const referrerView = await school.get(`/requests/${contactId}`);
    expect(referrerView.body).toContain('Advice or information only');
    expect(referrerView.body).toContain('Suggested the school nurse drop-in');
  });

  it('tells a family who asked for help themselves that the Hub has looked at it', async () => {
    const family = new TestClient(t.app);
    const { reference } = await askForSupport(family, { councilId, carerEmail: 'asked.ourselves@example.com' }, '/ask-for-help');
    const contactId = (await db().selectFrom('contacts').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 1),
        reasons: 'Advice by phone',
        nextStep: 'advice',
        advice: 'Called and talked through the family hub offer',
      },
      await version(contactId),
    );
    const message = await db()
      .selectFrom('notifications')
      .selectAll()
      .where('template', '=', 'family_decision_made')
      .where('record_id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(message.email_address).toBe('asked.ourselves@example.com');
    expect(message.link).toMatch(/\/ask-for-help$/);
  });

  it('signposts to community support, adding it to the family’s chronology', async () => {
    const { contactId } = await newContact();
    const familyId = await linkNew(contactId);
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 2),
        reasons: 'A parenting group would help',
        nextStep: 'signpost',
        advice: 'Stepping Stones Parenting, Tuesdays',
      },
      await version(contactId),
    );
    expect((await chronologyOf(familyId)).at(-1)).toContain('signposted to community support');
    expect(await db().selectFrom('early_help_episodes').select('id').where('family_id', '=', familyId).execute()).toHaveLength(0);
  });

  it('opens an early help episode with a Lead Professional in a partner agency, who can then see the family', async () => {
    const { contactId } = await newContact();
    const familyId = await linkNew(contactId);
    const agency = await db().selectFrom('agencies').select('id').where('name', '=', 'Brightpath Family Support').executeTakeFirstOrThrow();
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 2),
        reasons: 'Brightpath already knows the family',
        nextStep: 'lead_professional',
        leadAgencyId: agency.id,
      },
      await version(contactId),
    );
    const episode = await db().selectFrom('early_help_episodes').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
    expect(episode.kind).toBe('lead_professional');
    expect(episode.status).toBe('open');
    expect(episode.lead_agency_id).toBe(agency.id);
    const involved = await db().selectFrom('involvements').select('agency_id').where('family_id', '=', familyId).execute();
    expect(involved.map((row) => row.agency_id)).toContain(agency.id);
    expect((await chronologyOf(familyId)).at(-1)).toContain('Lead Professional at Brightpath Family Support');
  });

  it('sends targeted support to a quadrant team, waiting for the team manager to allocate a worker', async () => {
    const { contactId } = await newContact();
    const familyId = await linkNew(contactId);
    const team = await quadrantTeam(councilId);
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 3),
        reasons: 'Several agencies, needs a family worker',
        nextStep: 'targeted_support',
        teamId: team.id,
      },
      await version(contactId),
    );
    const episode = await db().selectFrom('early_help_episodes').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
    expect(episode.status).toBe('awaiting_allocation');
    expect(episode.team_id).toBe(team.id);
    expect((await chronologyOf(familyId)).at(-1)).toContain('awaiting allocation');
  });

  it('puts Peterborough’s targeted support onto the MASG list', async () => {
    const pboroSchool = new TestClient(t.app);
    await pboroSchool.signIn(await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    const pboroHub = await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer', 'Peterborough'));
    const { contactId } = await newContact({ councilId: peterboroughId, postcode: 'PE1 1AA' }, pboroSchool);
    const familyId = await t.services.hub.linkFamily(pboroHub, contactId, 'new', await version(contactId));
    await t.services.hub.decide(
      pboroHub,
      contactId,
      { ...blankDecision, needLevelId: await levelId(peterboroughId, 3), reasons: 'For MASG', nextStep: 'targeted_support' },
      await version(contactId),
    );
    const panelCase = await db().selectFrom('panel_cases').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    expect(panelCase.kind).toBe('allocation_panel');
    const episode = await db().selectFrom('early_help_episodes').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
    expect(episode.status).toBe('awaiting_panel');
    expect((await chronologyOf(familyId)).at(-1)).toContain('MASG’s list');
  });

  it('sends a family to the quadrant multi-agency forum', async () => {
    const { contactId } = await newContact();
    const familyId = await linkNew(contactId);
    const team = await quadrantTeam(councilId);
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 3),
        reasons: 'Needs several agencies to agree',
        nextStep: 'quadrant_forum',
        quadrantId: team.quadrant_id ?? '',
      },
      await version(contactId),
    );
    const panelCase = await db().selectFrom('panel_cases').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    expect(panelCase.kind).toBe('quadrant_forum');
    expect((await chronologyOf(familyId)).at(-1)).toContain('quadrant multi-agency forum');
  });

  it('steps up to children’s social care with the reason, into social care’s inbox', async () => {
    const { contactId, reference } = await newContact();
    const familyId = await linkNew(contactId);
    const missing = await t.services.hub
      .decide(
        hubOfficer,
        contactId,
        { ...blankDecision, needLevelId: await levelId(councilId, 4), reasons: 'Escalating', nextStep: 'step_up' },
        await version(contactId),
      )
      .catch((error: unknown) => error);
    expect((missing as { errors?: Record<string, string> }).errors?.stepUpReason).toBe('Explain why this needs children’s social care');
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blankDecision,
        needLevelId: await levelId(councilId, 4),
        reasons: 'Escalating',
        nextStep: 'step_up',
        stepUpReason: 'Disclosure at school',
      },
      await version(contactId),
    );
    expect((await chronologyOf(familyId)).at(-1)).toContain('stepped up to children’s social care. Disclosure at school');
    const socialWorker = await currentUserFor(t.services, await demoEmail(t.services, 'social_care_practitioner'));
    const inbox = await t.services.socialCare.inbox(socialWorker);
    expect(inbox.waiting.map((row) => row.reference)).toContain(reference);
  });

  it('refuses steps that share the family’s story without their consent to share', async () => {
    const { contactId } = await newContact({ consentSharing: 'no' });
    await linkNew(contactId);
    const team = await quadrantTeam(councilId);
    const refused = await t.services.hub
      .decide(
        hubOfficer,
        contactId,
        { ...blankDecision, needLevelId: await levelId(councilId, 3), reasons: 'x', nextStep: 'targeted_support', teamId: team.id },
        await version(contactId),
      )
      .catch((error: unknown) => error);
    expect((refused as { errors?: Record<string, string> }).errors?.nextStep).toContain('has not agreed to share');
  });

  it('lets only one of two officers deciding at once record a decision', async () => {
    const { contactId } = await newContact();
    const seen = await version(contactId);
    const decision = {
      ...blankDecision,
      needLevelId: await levelId(councilId, 1),
      reasons: 'Advice',
      nextStep: 'advice',
      advice: 'Leaflet',
    };
    const results = await Promise.allSettled([
      t.services.hub.decide(hubOfficer, contactId, decision, seen),
      t.services.hub.decide(secondOfficer, contactId, decision, seen),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(await db().selectFrom('contact_decisions').select('id').where('contact_id', '=', contactId).execute()).toHaveLength(1);
    // A later attempt from a stale page is refused too.
    await expect(t.services.hub.decide(secondOfficer, contactId, decision, seen)).rejects.toThrow(/already decided|changed or decided/);
  });
});

describe('correcting a decision', () => {
  it('records a new, audited decision beside the first, and its effects follow the correction', async () => {
    const { contactId } = await newContact();
    const familyId = await linkNew(contactId);
    const team = await quadrantTeam(councilId);
    const first = await t.services.hub.decide(
      hubOfficer,
      contactId,
      { ...blankDecision, needLevelId: await levelId(councilId, 3), reasons: 'Targeted', nextStep: 'targeted_support', teamId: team.id },
      await version(contactId),
    );
    const withoutReason = await t.services.hub
      .correct(hubOfficer, contactId, first, {
        ...blankDecision,
        needLevelId: await levelId(councilId, 2),
        reasons: 'Signpost',
        nextStep: 'signpost',
        advice: 'Family hub',
      })
      .catch((error: unknown) => error);
    expect((withoutReason as { errors?: Record<string, string> }).errors?.correctionReason).toBe(
      'Explain why the decision is being corrected',
    );
    const second = await t.services.hub.correct(hubOfficer, contactId, first, {
      ...blankDecision,
      needLevelId: await levelId(councilId, 2),
      reasons: 'Signpost instead',
      nextStep: 'signpost',
      advice: 'Family hub stay and play',
      correctionReason: 'The school has since put support in place',
    });
    const decisions = await db()
      .selectFrom('contact_decisions')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('decided_at')
      .execute();
    expect(decisions.map((d) => d.next_step)).toEqual(['targeted_support', 'signpost']);
    expect(decisions[1]?.corrects_decision_id).toBe(first);
    const episode = await db().selectFrom('early_help_episodes').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
    expect(episode.status).toBe('closed');
    expect(episode.closure_reason).toBe('decision_corrected');
    const audit = await db().selectFrom('audit_events').select(['action', 'reason']).where('record_id', '=', contactId).execute();
    expect(audit).toContainEqual({ action: 'contact decision corrected', reason: 'The school has since put support in place' });
    // Only the newest decision can be corrected.
    await expect(
      t.services.hub.correct(hubOfficer, contactId, first, {
        ...blankDecision,
        needLevelId: await levelId(councilId, 1),
        reasons: 'x',
        nextStep: 'advice',
        advice: 'y',
        correctionReason: 'z',
      }),
    ).rejects.toThrow('already been corrected');
    expect(second).toBeTruthy();
    const page = await hubClient.get(`/hub/contacts/${contactId}`);
    expect(page.body).toContain('(corrected)');
    expect(page.body).toContain('The school has since put support in place');
  });
});
