import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function homeOf(role: string, council = 'Cambridgeshire'): Promise<string> {
  const client = new TestClient(t.app);
  await client.signIn(await demoEmail(t.services, role, council));
  return (await client.get('/')).body;
}

describe('each person’s home page', () => {
  it('tells a partner practitioner who their link early help professional is', async () => {
    const agency = (await t.services.partnership.agencies({ name: 'Otterbrook' }))[0];
    const body = await homeOf('partner_practitioner');
    expect(body).toContain('Your link early help professional');
    expect(body).toContain(agency?.linkProfessionalName);
  });

  it('shows a team manager the people in their team', async () => {
    const body = await homeOf('team_manager');
    expect(body).toContain('Your team: Fenland and East Cambridgeshire 0-11 Targeted Children’s Support');
    expect(body).toContain('Jordan Reedman');
  });

  it('shows a head of service their quadrant’s teams', async () => {
    const body = await homeOf('head_of_service', 'Peterborough');
    expect(body).toContain('Your quadrant: Peterborough');
    expect(body).toContain('Peterborough 11-19 Targeted Youth Support');
  });

  it('shows each role the work waiting for them', async () => {
    expect(await homeOf('hub_officer')).toMatch(/\d+ requests? for support (is|are) waiting for a decision/);
    expect(await homeOf('social_care_practitioner')).toContain('waiting to be received');
    expect(await homeOf('partner_practitioner')).not.toContain('Waiting for you');
  });

  it('shows a Hub officer their council’s decision target and allocation model', async () => {
    const body = await homeOf('hub_officer', 'Peterborough');
    expect(body).toContain('2 working days');
    expect(body).toContain('Weekly multi-agency panel (MASG)');
  });

  it('shows an early help practitioner the settings they are the link for', async () => {
    const body = await homeOf('early_help_practitioner');
    expect(body).toContain('Settings you are the link early help professional for');
  });

  it('shows an administrator accounts that need attention, from real records', async () => {
    expect(await homeOf('administrator')).toContain('None: nobody is locked out and every invitation has been accepted.');
  });
});
