import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { auditActionsFor, createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { askForSupport } from '../../test/support/requests.js';

let t: TestApp;
let school: TestClient;
let schoolUser: CurrentUser;
let hubOfficer: CurrentUser;
let hubClient: TestClient;
let councilId: string;

const db = () => t.database.db;
const blank = { needLevelId: '', reasons: '', nextStep: '', advice: '', leadAgencyId: '', teamId: '', quadrantId: '', stepUpReason: '' };

/** A family with a Lead Professional episode at the school, through the Hub. */
async function episodeAtTheSchool(): Promise<{ familyId: string; episodeId: string }> {
  const { contactId } = await askForSupport(school, { councilId });
  if (!contactId) throw new Error('no contact');
  const version = async () =>
    (await db().selectFrom('contacts').select('version').where('id', '=', contactId).executeTakeFirstOrThrow()).version;
  const familyId = await t.services.hub.linkFamily(hubOfficer, contactId, 'new', await version());
  const level = await db()
    .selectFrom('need_levels')
    .select('id')
    .where('local_authority_id', '=', councilId)
    .where('level', '=', 2)
    .executeTakeFirstOrThrow();
  await t.services.hub.decide(
    hubOfficer,
    contactId,
    {
      ...blank,
      needLevelId: level.id,
      reasons: 'The school knows the family well',
      nextStep: 'lead_professional',
      leadAgencyId: schoolUser.agencyId,
    },
    await version(),
  );
  const episode = await db().selectFrom('early_help_episodes').select('id').where('family_id', '=', familyId).executeTakeFirstOrThrow();
  return { familyId, episodeId: episode.id };
}

beforeAll(async () => {
  t = await createTestApp();
  const schoolEmail = await demoEmail(t.services, 'partner_practitioner');
  schoolUser = await currentUserFor(t.services, schoolEmail);
  school = new TestClient(t.app);
  await school.signIn(schoolEmail);
  const hubEmail = await demoEmail(t.services, 'hub_officer');
  hubOfficer = await currentUserFor(t.services, hubEmail);
  hubClient = new TestClient(t.app);
  await hubClient.signIn(hubEmail);
  councilId = hubOfficer.localAuthorityId;
});
afterAll(async () => t.close());

describe('a family’s early help', () => {
  it('shows the episode the Hub opened on the family’s record', async () => {
    const { familyId } = await episodeAtTheSchool();
    const page = await hubClient.get(`/families/${familyId}/early-help`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Support from a Lead Professional');
    expect(page.body).toContain('To be named at Otterbrook Primary School');
    expect(page.body).toContain('Name the Lead Professional');
  });

  it('names a Lead Professional from an agency the family’s consent covers, then changes them with a handover note', async () => {
    const { familyId, episodeId } = await episodeAtTheSchool();
    const form = await hubClient.get(`/families/${familyId}/early-help/${episodeId}/lead-professional`);
    expect(form.body).toContain(schoolUser.displayName);
    const version = async () =>
      String(
        (await db().selectFrom('early_help_episodes').select('version').where('id', '=', episodeId).executeTakeFirstOrThrow()).version,
      );
    const named = await hubClient.post(`/families/${familyId}/early-help/${episodeId}/lead-professional`, {
      userId: schoolUser.id,
      handoverNote: '',
      version: await version(),
    });
    expect(named.statusCode).toBe(303);
    expect(
      (
        await db()
          .selectFrom('early_help_episodes')
          .select('lead_professional_user_id')
          .where('id', '=', episodeId)
          .executeTakeFirstOrThrow()
      ).lead_professional_user_id,
    ).toBe(schoolUser.id);
    // The school's Lead Professional now has the family on their own list.
    const mine = await school.get('/my-families');
    expect(mine.body).toContain('Lead Professional');
    expect(mine.body).toContain(`/families/${familyId}/early-help`);
    // Changing to someone else needs a handover note.
    const worker = await currentUserFor(t.services, await demoEmail(t.services, 'early_help_practitioner'));
    await hubClient.get(`/families/${familyId}/early-help/${episodeId}/lead-professional`);
    const noNote = await hubClient.post(`/families/${familyId}/early-help/${episodeId}/lead-professional`, {
      userId: hubOfficer.id,
      handoverNote: '',
      version: await version(),
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toContain('Write a handover note for the new Lead Professional');
    const stale = await hubClient.post(`/families/${familyId}/early-help/${episodeId}/lead-professional`, {
      userId: worker.id,
      handoverNote: 'Mum prefers calls after 3pm',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    const changed = await hubClient.post(`/families/${familyId}/early-help/${episodeId}/lead-professional`, {
      userId: worker.id,
      handoverNote: 'Mum prefers calls after 3pm',
      version: await version(),
    });
    expect(changed.statusCode).toBe(303);
    const page = await hubClient.get(`/families/${familyId}/early-help`);
    expect(page.body).toContain('Mum prefers calls after 3pm');
    expect(page.body).toContain(`taking over from ${schoolUser.displayName}`);
    const events = await db().selectFrom('chronology_events').select('summary').where('family_id', '=', familyId).execute();
    expect(events.map((event) => event.summary)).toContainEqual(expect.stringContaining('Lead Professional changed from'));
    const audit = await db().selectFrom('audit_events').select('action').where('record_id', '=', familyId).execute();
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['Lead Professional named', 'Lead Professional changed']));
  });

  it('refuses someone from an agency the family has not agreed may share their information', async () => {
    const { familyId, episodeId } = await episodeAtTheSchool();
    const elsewhere = await currentUserFor(t.services, await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    await hubClient.get(`/families/${familyId}/early-help/${episodeId}/lead-professional`);
    const version = (await db().selectFrom('early_help_episodes').select('version').where('id', '=', episodeId).executeTakeFirstOrThrow())
      .version;
    const refused = await hubClient.post(`/families/${familyId}/early-help/${episodeId}/lead-professional`, {
      userId: elsewhere.id,
      handoverNote: '',
      version: String(version),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Select the Lead Professional from the list');
  });
});

describe('a manager’s team caseload', () => {
  it('counts each team’s and worker’s families, overdue reviews and time open, and lists the overdue ones', async () => {
    const managerEmail = await demoEmail(t.services, 'team_manager');
    const manager = await currentUserFor(t.services, managerEmail);
    const team = await db()
      .selectFrom('teams')
      .select(['id', 'name'])
      .where((eb) =>
        eb.or([eb('manager_user_id', '=', manager.id), eb('id', '=', manager.teamId ?? '00000000-0000-0000-0000-000000000000')]),
      )
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const worker = await currentUserFor(t.services, await demoEmail(t.services, 'early_help_practitioner'));
    const today = new Date(t.clock.now);
    const daysAgo = (days: number) => new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    const first = await episodeAtTheSchool();
    const second = await episodeAtTheSchool();
    await db()
      .updateTable('early_help_episodes')
      .set({ team_id: team.id, worker_user_id: worker.id, status: 'open', started_on: daysAgo(100), next_review_on: daysAgo(3) })
      .where('id', '=', first.episodeId)
      .execute();
    await db()
      .updateTable('early_help_episodes')
      .set({ team_id: team.id, worker_user_id: worker.id, status: 'open', started_on: daysAgo(20), next_review_on: daysAgo(-30) })
      .where('id', '=', second.episodeId)
      .execute();

    const caseload = await t.services.episodes.teamCaseload(manager, { teamId: team.id, overdueOnly: false, page: 1 });
    const summary = caseload.summaries[0];
    expect(summary?.open).toBeGreaterThanOrEqual(2);
    expect(summary?.overdue).toBeGreaterThanOrEqual(1);
    expect(summary?.longestDays).toBeGreaterThanOrEqual(100);
    const mine = summary?.workers.find((row) => row.id === worker.id);
    expect(mine).toMatchObject({ name: worker.displayName });
    expect(mine?.open).toBeGreaterThanOrEqual(2);
    // Longest open first.
    const ids = caseload.families.map((row) => row.id);
    expect(ids.indexOf(first.episodeId)).toBeLessThan(ids.indexOf(second.episodeId));

    const client = new TestClient(t.app);
    await client.signIn(managerEmail);
    const overdue = await client.get(`/team-caseload?team=${team.id}&overdue=yes&worker=${worker.id}`);
    expect(overdue.statusCode).toBe(200);
    expect(overdue.body).toContain(`/families/${first.familyId}/early-help`);
    expect(overdue.body).not.toContain(`/families/${second.familyId}/early-help`);
    expect(overdue.body).toContain('Overdue');
    expect(await auditActionsFor(t, team.id)).toContain('team caseload viewed');

    // A worker's own list shows the overdue review too.
    const workerClient = new TestClient(t.app);
    await workerClient.signIn(await demoEmail(t.services, 'early_help_practitioner'));
    expect((await workerClient.get('/my-families')).body).toContain('Overdue');
  });

  it('is for managers only', async () => {
    expect((await school.get('/team-caseload')).statusCode).toBe(403);
  });
});
