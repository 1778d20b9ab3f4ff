import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../platform/http/types.js';
import { createTestApp, currentUserFor, demoEmail, TestClient, type TestApp } from '../../test/support/test-app.js';
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
