import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
let admin: TestClient;
let cambridgeshireId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = new TestClient(t.app);
  await admin.signIn(await demoEmail(t.services, 'administrator'));
  cambridgeshireId = (await t.services.partnership.councils()).find((council) => council.name === 'Cambridgeshire')?.id ?? '';
});
afterAll(async () => t.close());

async function latestAudit(recordType: string) {
  return t.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('record_type', '=', recordType)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

describe('the demo partnership', () => {
  it('has both councils with their own ways of working, four quadrants, their teams and about 30 agencies', async () => {
    const councils = await t.services.partnership.overview();
    expect(councils.map((council) => [council.name, council.progressTool, council.allocationModel, council.panelName])).toEqual([
      ['Cambridgeshire', 'map', 'team_manager', null],
      ['Peterborough', 'outcomes_star', 'multi_agency_panel', 'MASG'],
    ]);
    const quadrants = councils.flatMap((council) => council.quadrants);
    expect(quadrants).toHaveLength(4);
    for (const quadrant of quadrants) {
      expect(quadrant.headOfServiceName).not.toBeNull();
      expect(quadrant.teams.map((team) => team.kind).sort()).toEqual(
        [
          'child_and_family_centre',
          'leaving_care',
          'specialist_support',
          'targeted_childrens_support',
          'targeted_youth_support',
          'transition',
        ].sort(),
      );
    }
    const agencies = await t.services.partnership.agencies();
    expect(agencies.length).toBeGreaterThanOrEqual(28);
    expect(new Set(agencies.map((agency) => agency.kind))).toEqual(
      new Set(['council_service', 'school', 'nursery', 'childrens_centre', 'gp_practice', 'nhs_trust', 'police', 'voluntary_group']),
    );
    for (const setting of agencies.filter((agency) => agency.hasLinkProfessional)) expect(setting.linkProfessionalName).not.toBeNull();
  });

  it('shows everyone who works in it the partnership page', async () => {
    const practitioner = new TestClient(t.app);
    await practitioner.signIn(await demoEmail(t.services, 'partner_practitioner', 'Peterborough'));
    const page = await practitioner.get('/partnership');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Fenland and East Cambridgeshire quadrant');
    expect(page.body).not.toContain('Add a council');
    expect((await practitioner.get('/partnership/teams/new')).statusCode).toBe(403);
  });
});

describe('changing the partnership', () => {
  it('changes a council’s settings, with an audit row of what changed', async () => {
    await admin.get(`/partnership/councils/${cambridgeshireId}/edit`);
    const council = await t.services.partnership.council(cambridgeshireId);
    const response = await admin.post(`/partnership/councils/${cambridgeshireId}`, {
      name: 'Cambridgeshire',
      code: 'CAMBS',
      progressTool: 'map',
      allocationModel: 'team_manager',
      panelName: '',
      decisionTargetWorkingDays: '4',
      version: String(council.version),
    });
    expect(response.statusCode).toBe(303);
    expect((await t.services.partnership.council(cambridgeshireId)).decisionTargetWorkingDays).toBe(4);
    const audit = await latestAudit('council');
    expect(audit?.action).toBe('council settings changed');
    expect(audit?.detail).toEqual({ decision_target_working_days: { from: 3, to: 4 } });
    expect(audit?.actor_label).toBe('Kit Administrator');
  });

  it('explains every problem with a council at once and keeps what was typed', async () => {
    await admin.get('/partnership/councils/new');
    const response = await admin.post('/partnership/councils', {
      name: 'Peterborough',
      code: 'too long a code',
      allocationModel: 'multi_agency_panel',
      panelName: '',
      decisionTargetWorkingDays: '45',
    });
    expect(response.statusCode).toBe(400);
    for (const message of [
      'There is already a council with this name',
      'Short code must be 2 to 12 capital letters or numbers',
      'Select the tool the council uses to measure progress',
      'Enter the name of the panel that allocates',
      'Decision target must be a whole number of working days from 1 to 30',
    ])
      expect(response.body).toContain(message);
    expect(response.body).toContain('value="too long a code"');
    expect(response.body).toContain('href="#decisionTargetWorkingDays"');
  });

  it('creates a quadrant, a district, a team and an agency, each with its audit row', async () => {
    await admin.get('/partnership/quadrants/new');
    expect(
      (await admin.post('/partnership/quadrants', { councilId: cambridgeshireId, name: 'Test Quadrant', specialistArea: '' })).statusCode,
    ).toBe(303);
    const quadrant = (await t.services.partnership.quadrants()).find((candidate) => candidate.name === 'Test Quadrant');
    expect((await latestAudit('quadrant'))?.record_id).toBe(quadrant?.id);

    await admin.get('/partnership/districts/new');
    expect((await admin.post('/partnership/districts', { quadrantId: quadrant?.id ?? '', name: 'Test District' })).statusCode).toBe(303);
    const district = (await t.services.partnership.districts()).find((candidate) => candidate.name === 'Test District');
    expect((await latestAudit('district'))?.record_id).toBe(district?.id);

    await admin.get('/partnership/teams/new');
    const team = await admin.post('/partnership/teams', {
      councilId: cambridgeshireId,
      name: 'Test Quadrant Transition',
      kind: 'transition',
      quadrantId: quadrant?.id ?? '',
      districtId: district?.id ?? '',
      managerUserId: '',
    });
    expect(team.statusCode).toBe(303);
    expect((await latestAudit('team'))?.action).toBe('team created');

    await admin.get('/partnership/agencies/new');
    const agency = await admin.post('/partnership/agencies', {
      name: 'Test Lane Primary School',
      kind: 'school',
      councilId: cambridgeshireId,
      districtId: district?.id ?? '',
      email: 'office@test-lane.example',
      phone: '01632 960 999',
      linkProfessionalUserId: '',
    });
    expect(agency.statusCode).toBe(303);
    expect((await latestAudit('agency'))?.action).toBe('agency created');
    const list = await admin.get('/partnership/agencies?name=Test+Lane');
    expect(list.body).toContain('Test Lane Primary School');
    expect(list.body).toContain('1 agency');
  });

  it('refuses a team whose quadrant belongs to another council', async () => {
    const peterboroughQuadrant = (await t.services.partnership.quadrants()).find((quadrant) => quadrant.councilName === 'Peterborough');
    await admin.get('/partnership/teams/new');
    const response = await admin.post('/partnership/teams', {
      councilId: cambridgeshireId,
      name: 'Misplaced team',
      kind: 'leaving_care',
      quadrantId: peterboroughQuadrant?.id ?? '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select a quadrant of the team’s council');
  });

  it('refuses a link early help professional for an agency that cannot have one', async () => {
    const practitioner = (await t.services.users.list({ role: 'early_help_practitioner', councilId: cambridgeshireId }))[0];
    await admin.get('/partnership/agencies/new');
    const response = await admin.post('/partnership/agencies', {
      name: 'Test Police Unit',
      kind: 'police',
      linkProfessionalUserId: practitioner?.id ?? '',
      email: 'not an email',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Only schools, nurseries and children’s centres have a link early help professional');
    expect(response.body).toContain('Enter an email address in the correct format');
  });

  it('tells the second of two people editing the same team that their change conflicts', async () => {
    const team = (await t.services.partnership.teams())[0];
    if (!team) throw new Error('no team');
    const form = await t.services.partnership.teamForm(team.id);
    const other = new TestClient(t.app);
    await other.signIn(await demoEmail(t.services, 'administrator', 'Peterborough'));

    await admin.get(`/partnership/teams/${team.id}/edit`);
    await other.get(`/partnership/teams/${team.id}/edit`);
    const first = await admin.post(`/partnership/teams/${team.id}`, {
      ...form.values,
      name: `${team.name} (renamed)`,
      version: String(form.version),
    });
    expect(first.statusCode).toBe(303);
    const second = await other.post(`/partnership/teams/${team.id}`, {
      ...form.values,
      name: `${team.name} (other name)`,
      version: String(form.version),
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else changed this record');
    expect((await t.services.partnership.team(team.id)).name).toBe(`${team.name} (renamed)`);
  });

  it('shows a page not found for a council that does not exist', async () => {
    const response = await admin.get('/partnership/councils/00000000-0000-0000-0000-000000000000/edit');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });
});

describe('each council’s levels of need', () => {
  it('has the demo threshold framework in both councils, shown on the partnership page', async () => {
    const councils = await t.services.partnership.overview();
    for (const council of councils)
      expect(council.needLevels.map((level) => level.name)).toEqual(['Universal', 'Early help', 'Targeted', 'Specialist']);
    expect((await admin.get('/partnership')).body).toContain('Levels of need: how Peterborough’s Early Help Hub decides');
  });

  it('lets an administrator change a level, audited, and refuses a level number the council already has', async () => {
    const level = (await t.services.partnership.needLevels()).find((item) => item.councilId === cambridgeshireId && item.level === 3);
    const form = await t.services.partnership.needLevelForm(level?.id);
    await admin.get(`/partnership/levels-of-need/${level?.id}/edit`);
    const saved = await admin.post(`/partnership/levels-of-need/${level?.id}`, {
      ...form.values,
      name: 'Targeted support',
      version: String(form.version),
    });
    expect(saved.statusCode).toBe(303);
    expect((await latestAudit('level of need'))?.detail).toEqual({ name: { from: 'Targeted', to: 'Targeted support' } });
    await admin.get('/partnership/levels-of-need/new');
    const clash = await admin.post('/partnership/levels-of-need', {
      councilId: cambridgeshireId,
      level: '2',
      name: 'Another',
      description: 'Clashes',
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('This council already has a level with this number');
    const bad = await admin.post('/partnership/levels-of-need', { councilId: cambridgeshireId, level: '12', name: '', description: '' });
    expect(bad.body).toContain('The level must be a whole number from 1 to 9');
    expect(bad.body).toContain('Describe what this level means');
  });
});
