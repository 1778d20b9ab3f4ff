import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
import { insertContact } from '../../test/support/hub-fixtures.js';
import { randomChoice, sampleSize } from './hub-quality.service.js';

let t: TestApp;
let manager: CurrentUser;
let managerClient: TestClient;
let hubOfficer: CurrentUser;
let councilId: string;
let levelId: string;

const day = (iso: string, hour = 12) => new Date(`${iso}T${String(hour).padStart(2, '0')}:00:00Z`);

async function decided(iso: string, decidedBy = hubOfficer.id) {
  return insertContact(t.database.db, {
    councilId,
    receivedAt: day(iso, 9),
    decision: { decidedAt: day(iso), nextStep: 'advice', withinTarget: true, decidedByUserId: decidedBy, levelId },
  });
}

function dates(from: string, to: string) {
  const [fy, fm, fd] = from.split('-');
  const [ty, tm, td] = to.split('-');
  return {
    'from-day': fd ?? '',
    'from-month': fm ?? '',
    'from-year': fy ?? '',
    'to-day': td ?? '',
    'to-month': tm ?? '',
    'to-year': ty ?? '',
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const managerEmail = await demoEmail(t.services, 'team_manager');
  manager = await currentUserFor(t.services, managerEmail);
  managerClient = new TestClient(t.app);
  await managerClient.signIn(managerEmail);
  hubOfficer = await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer'));
  councilId = manager.localAuthorityId;
  levelId = (
    await t.database.db
      .selectFrom('need_levels')
      .select('id')
      .where('local_authority_id', '=', councilId)
      .where('level', '=', 2)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => t.close());

describe('the size and randomness of a sample', () => {
  it('rounds up, with at least one decision when there are any', () => {
    expect(sampleSize(25, 10)).toBe(3);
    expect(sampleSize(20, 10)).toBe(2);
    expect(sampleSize(3, 1)).toBe(1);
    expect(sampleSize(0, 50)).toBe(0);
    expect(sampleSize(7, 100)).toBe(7);
  });

  it('chooses without bias: every item can be drawn, and draws differ', () => {
    const items = Array.from({ length: 200 }, (_, index) => index);
    const seen = new Set<number>();
    const draws: string[] = [];
    for (let i = 0; i < 200; i++) {
      const draw = randomChoice(items, 10);
      expect(new Set(draw).size).toBe(10);
      draw.forEach((item) => seen.add(item));
      draws.push(draw.join(','));
    }
    expect(seen.size).toBeGreaterThan(190);
    expect(new Set(draws).size).toBe(200);
    // With a scripted source it is a plain partial Fisher–Yates shuffle.
    expect(randomChoice(['a', 'b', 'c', 'd'], 2, (max) => max - 1)).toEqual(['d', 'a']);
  });
});

describe('drawing and judging a sample', () => {
  it('samples only the period’s current decisions of the manager’s council', async () => {
    const inPeriod = await Promise.all(Array.from({ length: 10 }, () => decided('2026-03-10')));
    await decided('2026-02-01');
    const otherCouncil = (await currentUserFor(t.services, await demoEmail(t.services, 'hub_officer', 'Peterborough'))).localAuthorityId;
    const otherLevel = (
      await t.database.db.selectFrom('need_levels').select('id').where('local_authority_id', '=', otherCouncil).executeTakeFirstOrThrow()
    ).id;
    await insertContact(t.database.db, {
      councilId: otherCouncil,
      receivedAt: day('2026-03-10', 9),
      decision: {
        decidedAt: day('2026-03-10'),
        nextStep: 'advice',
        withinTarget: true,
        decidedByUserId: hubOfficer.id,
        levelId: otherLevel,
      },
    });
    const corrected = await insertContact(t.database.db, {
      councilId,
      receivedAt: day('2026-03-11', 9),
      decision: { decidedAt: day('2026-03-11'), nextStep: 'advice', withinTarget: true, decidedByUserId: hubOfficer.id, levelId },
      correction: { decidedAt: day('2026-03-12'), nextStep: 'signpost', decidedByUserId: hubOfficer.id },
    });
    const id = await t.services.hubQuality.draw(manager, { from: '2026-03-01', to: '2026-03-31', percentage: '100' });
    const items = await t.database.db.selectFrom('quality_sample_items').select('decision_id').where('sample_id', '=', id).execute();
    const sampled = items.map((item) => item.decision_id).sort();
    expect(sampled).toEqual([...inPeriod.map((row) => row.decisionId ?? ''), corrected.correctionId ?? ''].sort());
  });

  it('refuses a bad period or percentage with GOV.UK messages', async () => {
    await managerClient.get('/hub/quality/new');
    const bad = await managerClient.post('/hub/quality/new', { ...dates('2026-03-31', '2026-03-01'), percentage: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The last day must be the same as or after the first day');
    expect(bad.body).toContain('Enter a whole number percentage from 1 to 100');
    const empty = await managerClient.post('/hub/quality/new', { ...dates('2019-01-01', '2019-01-31'), percentage: '10' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('The Hub made no decisions in this period');
    const tomorrow = new Date(t.clock.now.getTime() + 86_400_000).toISOString().slice(0, 10);
    const future = await managerClient.post('/hub/quality/new', { ...dates('2026-03-01', tomorrow), percentage: '12.5' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('The last day must be today or in the past');
    expect(future.body).toContain('Enter a whole number percentage from 1 to 100');
    expect(future.body).toContain('value="12.5"');
    const notADate = await managerClient.post('/hub/quality/new', { ...dates('2026-02-30', '2026-03-31'), percentage: '10' });
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('The first day must be a real date');
    expect(notADate.body).toContain('govuk-error-summary');
  });

  it('records judgements, refuses a manager judging their own decision, and shows the agreement rate', async () => {
    await Promise.all(Array.from({ length: 4 }, () => decided('2026-04-10')));
    await decided('2026-04-11', manager.id);
    await managerClient.get('/hub/quality/new');
    const drawn = await managerClient.post('/hub/quality/new', { ...dates('2026-04-01', '2026-04-30'), percentage: '100' });
    expect(drawn.statusCode).toBe(303);
    const sampleUrl = String(drawn.headers.location);
    const sampleId = sampleUrl.split('/').pop() ?? '';
    const items = await t.database.db
      .selectFrom('quality_sample_items as i')
      .innerJoin('contact_decisions as d', 'd.id', 'i.decision_id')
      .select(['i.id', 'i.version', 'd.decided_by_user_id'])
      .where('i.sample_id', '=', sampleId)
      .execute();
    expect(items).toHaveLength(5);
    const own = items.find((item) => item.decided_by_user_id === manager.id);
    const others = items.filter((item) => item.decided_by_user_id !== manager.id);
    expect((await managerClient.get(`${sampleUrl}/items/${own?.id ?? ''}`)).body).toContain('another manager must judge it');
    expect((await managerClient.get(`${sampleUrl}/items/${others[0]?.id ?? ''}`)).body).not.toContain('another manager must judge it');
    const ownJudgement = await managerClient.post(`${sampleUrl}/items/${own?.id ?? ''}`, {
      judgement: 'agree',
      learning: '',
      version: String(own?.version ?? 1),
    });
    expect(ownJudgement.statusCode).toBe(400);
    expect(ownJudgement.body).toContain('You made this decision');
    const noLearning = await managerClient.post(`${sampleUrl}/items/${others[0]?.id ?? ''}`, {
      judgement: 'disagree',
      learning: '',
      version: '1',
    });
    expect(noLearning.statusCode).toBe(400);
    expect(noLearning.body).toContain('Say what you would have decided, and what can be learned');
    await managerClient.post(`${sampleUrl}/items/${others[0]?.id ?? ''}`, {
      judgement: 'disagree',
      learning: 'Should have been a Lead Professional',
      version: '1',
    });
    for (const item of others.slice(1))
      await managerClient.post(`${sampleUrl}/items/${item.id}`, { judgement: 'agree', learning: '', version: '1' });
    const stale = await managerClient.post(`${sampleUrl}/items/${others[1]?.id ?? ''}`, {
      judgement: 'disagree',
      learning: 'x',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    const page = await managerClient.get(sampleUrl);
    expect(page.body).toContain('4 of 5 judged');
    expect(page.body).toContain('Agreement: <strong>75%</strong>');
    expect((await managerClient.get('/hub/quality')).body).toContain('75%');
  });

  it('draws a different random tenth of 200 decisions each time, rounded up, dated by the clock', async () => {
    const decisions = new Set<string>();
    for (let i = 0; i < 200; i++) decisions.add((await decided('2026-05-12')).decisionId ?? '');
    const draw = async () => {
      const id = await t.services.hubQuality.draw(manager, { from: '2026-05-01', to: '2026-05-31', percentage: '10' });
      const rows = await t.database.db.selectFrom('quality_sample_items').select('decision_id').where('sample_id', '=', id).execute();
      return { id, ids: rows.map((row) => row.decision_id) };
    };
    const first = await draw();
    const second = await draw();
    expect(first.ids).toHaveLength(20);
    expect(second.ids).toHaveLength(20);
    expect(first.ids.every((id) => decisions.has(id))).toBe(true);
    expect([...first.ids].sort()).not.toEqual([...second.ids].sort());
    const sample = await t.database.db
      .selectFrom('quality_samples')
      .select('drawn_at')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(sample.drawn_at.getTime()).toBe(t.clock.now.getTime());
    const size = await t.services.hubQuality.draw(manager, { from: '2026-05-12', to: '2026-05-12', percentage: '1' });
    expect(await t.database.db.selectFrom('quality_sample_items').select('id').where('sample_id', '=', size).execute()).toHaveLength(2);
  });

  it('is for managers, and each council’s samples are its own', async () => {
    const id = await t.services.hubQuality.draw(manager, { from: '2026-03-01', to: '2026-03-31', percentage: '10' });
    const other = new TestClient(t.app);
    await other.signIn(await demoEmail(t.services, 'team_manager', 'Peterborough'));
    expect((await other.get(`/hub/quality/${id}`)).statusCode).toBe(404);
    expect((await other.get('/hub/quality')).body).not.toContain(id);
    const school = new TestClient(t.app);
    await school.signIn(await demoEmail(t.services, 'partner_practitioner'));
    expect((await school.get('/hub/quality')).statusCode).toBe(403);
  });
});
