import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { insertContact } from '../../test/support/hub-fixtures.js';
import { csvCell } from './hub-figures.service.js';

let t: TestApp;
let analyst: TestClient;
let hubOfficer: CurrentUser;
let cambs: string;
let pboro: string;

const at = (iso: string, hour = 12) => new Date(`${iso}T${String(hour).padStart(2, '0')}:00:00Z`);

async function level(councilId: string) {
  return (
    await t.database.db
      .selectFrom('need_levels')
      .select('id')
      .where('local_authority_id', '=', councilId)
      .where('level', '=', 2)
      .executeTakeFirstOrThrow()
  ).id;
}

function query(from: string, to: string, council = 'all') {
  const [fy, fm, fd] = from.split('-');
  const [ty, tm, td] = to.split('-');
  return `from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}&council=${council}`;
}

beforeAll(async () => {
  t = await createTestApp();
  analyst = new TestClient(t.app);
  await analyst.signIn(await demoEmail(t.services, 'performance_analyst'));
  hubOfficer = await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer'));
  cambs = hubOfficer.localAuthorityId;
  pboro = (await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer', 'Peterborough'))).localAuthorityId;
  const cambsLevel = await level(cambs);
  const pboroLevel = await level(pboro);
  const by = hubOfficer.id;
  // In June 2025: four Cambridgeshire contacts and one in Peterborough.
  await insertContact(t.database.db, {
    councilId: cambs,
    receivedAt: at('2025-06-02'),
    source: 'school',
    reasons: ['parenting', 'behaviour_at_home'],
    decision: { decidedAt: at('2025-06-03'), nextStep: 'advice', withinTarget: true, decidedByUserId: by, levelId: cambsLevel },
  });
  await insertContact(t.database.db, {
    councilId: cambs,
    receivedAt: at('2025-06-04'),
    source: 'school',
    reasons: ['parenting'],
    decision: { decidedAt: at('2025-06-10'), nextStep: 'targeted_support', withinTarget: false, decidedByUserId: by, levelId: cambsLevel },
    correction: { decidedAt: at('2025-06-12'), nextStep: 'signpost', decidedByUserId: by },
  });
  await insertContact(t.database.db, {
    councilId: cambs,
    receivedAt: at('2025-06-05'),
    source: 'nhs_trust',
    reasons: ['emotional_wellbeing'],
  });
  await insertContact(t.database.db, {
    councilId: cambs,
    receivedAt: at('2025-06-06'),
    source: 'police',
    reasons: ['domestic_abuse'],
    route: 'safeguarding',
  });
  await insertContact(t.database.db, {
    councilId: pboro,
    receivedAt: at('2025-06-09'),
    source: 'family',
    reasons: ['financial_hardship'],
    decision: { decidedAt: at('2025-06-09', 15), nextStep: 'advice', withinTarget: true, decidedByUserId: by, levelId: pboroLevel },
  });
  // Outside the period.
  await insertContact(t.database.db, {
    councilId: cambs,
    receivedAt: at('2025-07-02'),
    source: 'school',
    reasons: ['parenting'],
    decision: { decidedAt: at('2025-07-03'), nextStep: 'advice', withinTarget: true, decidedByUserId: by, levelId: cambsLevel },
  });
});
afterAll(async () => t.close());

describe('the Hub’s figures', () => {
  it('counts received, decided and within target over the period, by council, source, reason and outcome', async () => {
    const figures = await t.services.hubFigures.figures(hubOfficer, { from: '2025-06-01', to: '2025-06-30', council: 'all' });
    expect(figures.received).toBe(5);
    expect(figures.safeguarding).toBe(1);
    expect(figures.decided).toBe(3);
    expect(figures.withinTarget).toBe(2);
    const section = (key: string) => figures.sections.find((item) => item.key === key)?.rows ?? [];
    expect(section('council')).toEqual([
      { group: 'Cambridgeshire', received: 4, decided: 2, withinTarget: 1, withinTargetPercent: '50%' },
      { group: 'Peterborough', received: 1, decided: 1, withinTarget: 1, withinTargetPercent: '100%' },
    ]);
    expect(section('source').find((row) => row.group === 'School')).toMatchObject({ received: 2, decided: 2 });
    expect(section('source').find((row) => row.group === 'The family themselves')).toMatchObject({ received: 1, decided: 1 });
    // A contact with two reasons counts under each.
    expect(section('reason').find((row) => row.group === 'Parenting')).toMatchObject({ received: 2, decided: 2 });
    expect(section('reason').find((row) => row.group === 'Parenting')).toMatchObject({ withinTarget: 1, withinTargetPercent: '50%' });
    expect(section('reason').find((row) => row.group === 'Challenging behaviour at home')).toMatchObject({ received: 1, decided: 1 });
    expect(section('reason').reduce((sum, row) => sum + (row.received ?? 0), 0)).toBe(6);
    // The outcome is the correction's; timeliness stays the first decision's.
    expect(section('outcome')).toEqual([
      { group: 'Advice or information only', received: null, decided: 2, withinTarget: 2, withinTargetPercent: '100%' },
      { group: 'Signpost to community support', received: null, decided: 1, withinTarget: 0, withinTargetPercent: '0%' },
    ]);
  });

  it('filters by council', async () => {
    const figures = await t.services.hubFigures.figures(hubOfficer, { from: '2025-06-01', to: '2025-06-30', council: pboro });
    expect(figures.received).toBe(1);
    expect(figures.decided).toBe(1);
    expect(figures.councilName).toBe('Peterborough');
  });

  it('shows the figures on a page and downloads them as CSV', async () => {
    const page = await analyst.get(`/hub/figures?${query('2025-06-01', '2025-06-30')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Decided within target');
    expect(page.body).toContain('2 (67%)');
    const csv = await analyst.get(`/hub/figures.csv?${query('2025-06-01', '2025-06-30', cambs)}`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="hub-figures-2025-06-01-to-2025-06-30.csv"');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('section,group,received,decided,decided_within_target');
    expect(lines[1]).toBe('Total,Cambridgeshire,4,2,1');
    expect(lines).toContain('By outcome,Signpost to community support,,1,0');
  });

  it('counts a contact as decided in the period of its first decision, and by UK days', async () => {
    const cambsLevel = await level(cambs);
    const by = hubOfficer.id;
    // Received in July, first decided in August, corrected in September.
    await insertContact(t.database.db, {
      councilId: cambs,
      receivedAt: at('2025-07-30'),
      decision: { decidedAt: at('2025-08-01'), nextStep: 'advice', withinTarget: false, decidedByUserId: by, levelId: cambsLevel },
      correction: { decidedAt: at('2025-09-02'), nextStep: 'lead_professional', decidedByUserId: by },
    });
    // Received at half past midnight on 1 September, British Summer Time.
    await insertContact(t.database.db, {
      councilId: cambs,
      receivedAt: new Date('2025-08-31T23:30:00Z'),
      decision: { decidedAt: at('2025-09-03'), nextStep: 'signpost', withinTarget: true, decidedByUserId: by, levelId: cambsLevel },
    });
    const august = await t.services.hubFigures.figures(hubOfficer, { from: '2025-08-01', to: '2025-08-31', council: cambs });
    expect([august.received, august.decided, august.withinTarget]).toEqual([0, 1, 0]);
    expect(august.sections.find((item) => item.key === 'outcome')?.rows).toEqual([
      {
        group: 'Support from a Lead Professional in a partner agency',
        received: null,
        decided: 1,
        withinTarget: 0,
        withinTargetPercent: '0%',
      },
    ]);
    const september = await t.services.hubFigures.figures(hubOfficer, { from: '2025-09-01', to: '2025-09-30', council: cambs });
    expect([september.received, september.decided, september.withinTarget, september.withinTargetPercent]).toEqual([1, 1, 1, '100%']);
  });

  it('takes the period from a link, and disarms a spreadsheet formula in the CSV', async () => {
    await insertContact(t.database.db, {
      councilId: cambs,
      receivedAt: at('2025-10-01'),
      source: '=HYPERLINK("x"), 1',
      reasons: ['parenting'],
    });
    const page = await analyst.get(`/hub/figures?from=2025-10-01&to=2025-10-31&council=${cambs}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cambridgeshire, 1 October 2025 to 31 October 2025');
    expect(page.body).toContain('=HYPERLINK(&quot;x&quot;), 1');
    const csv = await analyst.get(`/hub/figures.csv?from=2025-10-01&to=2025-10-31&council=${cambs}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')).toContain(`By source,"'=HYPERLINK(""x""), 1",1,0,0`);
    expect(csv.body.endsWith('\r\n')).toBe(true);
    const badLink = await analyst.get('/hub/figures?from=October&to=2025-10-31');
    expect(badLink.statusCode).toBe(400);
    expect(badLink.body).toContain('The first day must be a real date');
    const badCsv = await analyst.get('/hub/figures.csv?from=2025-10-31&to=2025-10-01');
    expect(badCsv.statusCode).toBe(400);
    expect(badCsv.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('refuses a bad period', async () => {
    const backwards = await analyst.get(`/hub/figures?${query('2025-06-30', '2025-06-01')}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The last day must be the same as or after the first day');
    const tooLong = await analyst.get(`/hub/figures?${query('2015-01-01', '2025-06-01')}`);
    expect(tooLong.body).toContain('The period can be up to 5 years long');
    expect((await analyst.get(`/hub/figures?${query('2020-01-01', '2024-12-31')}`)).statusCode).toBe(200);
    expect((await analyst.get(`/hub/figures?${query('2020-01-01', '2025-01-01')}`)).statusCode).toBe(400);
    expect((await analyst.get(`/hub/figures?${query('2020-02-29', '2025-02-28')}`)).statusCode).toBe(200);
    expect((await analyst.get(`/hub/figures?${query('2020-02-29', '2025-03-01')}`)).statusCode).toBe(400);
    const badCouncil = await analyst.get(`/hub/figures?${query('2025-06-01', '2025-06-30', 'somewhere')}`);
    expect(badCouncil.statusCode).toBe(400);
    expect(badCouncil.body).toContain('Select a council, or all councils');
    const notADate = await analyst.get(`/hub/figures?${query('2025-02-31', '2025-06-01')}`);
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('The first day must be a real date');
    expect(notADate.body).toContain('govuk-error-summary');
    expect(notADate.body).toContain('value="31"');
  });

  it('defaults to the last 30 days, and is not for practitioners', async () => {
    expect((await analyst.get('/hub/figures')).statusCode).toBe(200);
    const school = new TestClient(t.app);
    await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
    expect((await school.get('/hub/figures')).statusCode).toBe(403);
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and disarms formulas', () => {
    expect(csvCell('Plain')).toBe('Plain');
    expect(csvCell('Comma, here')).toBe('"Comma, here"');
    expect(csvCell('A "quote"')).toBe('"A ""quote"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });
});
