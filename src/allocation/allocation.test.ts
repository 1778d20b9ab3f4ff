import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { askForSupport } from '../../test/support/requests.js';

let t: TestApp;
let school: TestClient;
let hubOfficer: CurrentUser;
let manager: CurrentUser;
let managerClient: TestClient;
let councilId: string;

const db = () => t.database.db;
const blank = { needLevelId: '', reasons: '', nextStep: '', advice: '', leadAgencyId: '', teamId: '', quadrantId: '', stepUpReason: '' };

async function version(table: 'contacts' | 'early_help_episodes', id: string): Promise<number> {
  return (await db().selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

async function levelId(council: string, level: number) {
  return (
    await db()
      .selectFrom('need_levels')
      .select('id')
      .where('local_authority_id', '=', council)
      .where('level', '=', level)
      .executeTakeFirstOrThrow()
  ).id;
}

/** A contact decided as targeted support by the manager's own team; returns the episode and family. */
async function targetedSupportForManagersTeam(client = school, hub = hubOfficer, teamId = manager.teamId ?? '') {
  const { contactId } = await askForSupport(client, { councilId: hub.localAuthorityId });
  if (!contactId) throw new Error('no contact');
  const familyId = await t.services.hub.linkFamily(hub, contactId, 'new', await version('contacts', contactId));
  await t.services.hub.decide(
    hub,
    contactId,
    { ...blank, needLevelId: await levelId(hub.localAuthorityId, 3), reasons: 'Targeted support', nextStep: 'targeted_support', teamId },
    await version('contacts', contactId),
  );
  const episode = await db().selectFrom('early_help_episodes').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
  return { contactId, familyId, episode };
}

beforeAll(async () => {
  t = await createTestApp();
  school = new TestClient(t.app);
  await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
  hubOfficer = await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer'));
  councilId = hubOfficer.localAuthorityId;
  const managerEmail = await demoEmail(t.services, 'team_manager');
  manager = await currentUserFor(t.services, managerEmail);
  managerClient = new TestClient(t.app);
  await managerClient.signIn(managerEmail);
});
afterAll(async () => t.close());

describe('allocating a worker', () => {
  it('shows the team manager what was allocated to the team, and each worker’s caseload', async () => {
    const { episode } = await targetedSupportForManagersTeam();
    const page = await managerClient.get('/allocation');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Families waiting for a worker');
    expect(page.body).toContain(`/allocation/${episode.id}`);
    expect(page.body).toContain('Caseloads');
    expect(page.body).toContain('Jordan Reedman');
    const allocate = await managerClient.get(`/allocation/${episode.id}`);
    expect(allocate.body).toContain('0 families open now');
  });

  it('allocates a worker: the episode opens, the worker can open the family’s record, and is told', async () => {
    const { episode, familyId } = await targetedSupportForManagersTeam();
    const worker = await db()
      .selectFrom('users')
      .select(['id', 'email'])
      .where('team_id', '=', manager.teamId)
      .where('role', '=', 'early_help_practitioner')
      .executeTakeFirstOrThrow();
    await managerClient.get(`/allocation/${episode.id}`);
    const none = await managerClient.post(`/allocation/${episode.id}`, { version: String(episode.version) });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select a worker in the team');
    const done = await managerClient.post(`/allocation/${episode.id}`, { workerId: worker.id, version: String(episode.version) });
    expect(done.statusCode).toBe(303);
    const opened = await db().selectFrom('early_help_episodes').selectAll().where('id', '=', episode.id).executeTakeFirstOrThrow();
    expect(opened.status).toBe('open');
    expect(opened.worker_user_id).toBe(worker.id);
    const workerUser = await currentUserFor(t.services, worker.email);
    expect((await t.services.families.accessFor(db(), workerUser, familyId)).decision).toBe('allowed');
    const told = await db()
      .selectFrom('notifications')
      .selectAll()
      .where('template', '=', 'allocated_to_worker')
      .where('record_id', '=', episode.id)
      .executeTakeFirstOrThrow();
    expect(told.email_address).toBe(worker.email);
    const events = await db().selectFrom('chronology_events').select('summary').where('family_id', '=', familyId).execute();
    expect(events.map((event) => event.summary)).toContainEqual(expect.stringContaining('Early help allocated to'));
    // Allocating again from the same page is refused.
    const again = await managerClient.post(`/allocation/${episode.id}`, { workerId: worker.id, version: String(episode.version) });
    expect(again.statusCode).toBe(409);
    const caseload = await managerClient.get('/allocation');
    expect(caseload.body).toMatch(/Jordan Reedman<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>1<\/td>/);
  });

  it('shows a manager only their own teams’ work', async () => {
    const otherTeam = await db()
      .selectFrom('teams')
      .select('id')
      .where('local_authority_id', '=', councilId)
      .where('kind', '=', 'targeted_youth_support')
      .where('id', '<>', manager.teamId)
      .where('manager_user_id', 'is', null)
      .executeTakeFirstOrThrow();
    const { episode } = await targetedSupportForManagersTeam(school, hubOfficer, otherTeam.id);
    expect((await managerClient.get(`/allocation/${episode.id}`)).statusCode).toBe(404);
    expect((await managerClient.get('/allocation')).body).not.toContain(episode.id);
  });

  it('is not for practitioners', async () => {
    expect((await school.get('/allocation')).statusCode).toBe(403);
  });
});

describe('the multi-agency panel and the forums', () => {
  it('lets Peterborough’s MASG allocate a family on its list to a team, whose manager then allocates a worker', async () => {
    const pboroSchool = new TestClient(t.app);
    await pboroSchool.signIn(await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    const pboroHub = await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer', 'Peterborough'));
    const { contactId } = await askForSupport(pboroSchool, { councilId: pboroHub.localAuthorityId, postcode: 'PE1 1AA' });
    if (!contactId) throw new Error('no contact');
    const familyId = await t.services.hub.linkFamily(pboroHub, contactId, 'new', await version('contacts', contactId));
    await t.services.hub.decide(
      pboroHub,
      contactId,
      { ...blank, needLevelId: await levelId(pboroHub.localAuthorityId, 3), reasons: 'For MASG to allocate', nextStep: 'targeted_support' },
      await version('contacts', contactId),
    );
    const coordinator = new TestClient(t.app);
    await coordinator.signIn(await demoEmail(t.services, 'panel_coordinator', 'Peterborough'));
    const list = await coordinator.get('/panels');
    expect(list.body).toContain('MASG: families to allocate');
    expect(list.body).toContain('For MASG to allocate');
    const panelCase = await db().selectFrom('panel_cases').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    const missing = await coordinator.post(`/panels/${panelCase.id}`, { outcome: '', teamId: '', version: String(panelCase.version) });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the team the panel allocated the family to');
    expect(missing.body).toContain('Enter what the panel decided');
    const pboroManager = await currentUserFor(t.services, await demoEmail(t.services, 'team_manager', 'Peterborough'));
    await coordinator.post(`/panels/${panelCase.id}`, {
      outcome: 'Allocated to youth support',
      teamId: pboroManager.teamId ?? '',
      version: String(panelCase.version),
    });
    const episode = await db().selectFrom('early_help_episodes').selectAll().where('family_id', '=', familyId).executeTakeFirstOrThrow();
    expect(episode.status).toBe('awaiting_allocation');
    expect(episode.team_id).toBe(pboroManager.teamId);
    expect((await t.services.allocation.overview(pboroManager)).teams.flatMap((team) => team.waiting.map((item) => item.id))).toContain(
      episode.id,
    );
  });

  it('records what a quadrant forum decided about a family', async () => {
    const { contactId } = await askForSupport(school, { councilId });
    if (!contactId) throw new Error('no contact');
    const familyId = await t.services.hub.linkFamily(hubOfficer, contactId, 'new', await version('contacts', contactId));
    const quadrant = await db().selectFrom('quadrants').select('id').where('local_authority_id', '=', councilId).executeTakeFirstOrThrow();
    await t.services.hub.decide(
      hubOfficer,
      contactId,
      {
        ...blank,
        needLevelId: await levelId(councilId, 3),
        reasons: 'Needs the forum',
        nextStep: 'quadrant_forum',
        quadrantId: quadrant.id,
      },
      await version('contacts', contactId),
    );
    const coordinator = await currentUserFor(t.services, await demoEmail(t.services, 'panel_coordinator'));
    const panelCase = await db().selectFrom('panel_cases').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    await t.services.allocation.hear(
      coordinator,
      panelCase.id,
      { outcome: 'School nurse to lead; review in six weeks', teamId: '' },
      panelCase.version,
    );
    const events = await db().selectFrom('chronology_events').select('summary').where('family_id', '=', familyId).execute();
    expect(events.map((event) => event.summary)).toContain(
      'The quadrant multi-agency forum discussed the family: School nurse to lead; review in six weeks',
    );
    await expect(
      t.services.allocation.hear(coordinator, panelCase.id, { outcome: 'Again', teamId: '' }, panelCase.version),
    ).rejects.toThrow('Someone else');
  });
});
