/**
 * `npm run bench:hub`: the Early Help Hub's queue and a contact page at a county's scale — a year
 * of contacts (15,000) plus ten years of history, with the families, people, decisions and episodes
 * they belong to — on the embedded database, and on PostgreSQL too when DATABASE_URL is set.
 * Each page is timed one request at a time and with 10 requests in flight, against a bare Fastify
 * route rendering the same template with the same data (the platform's limit for that page).
 * Writes bench/results/hub.json and the hub section of BENCHMARKS.md. All data is generated and
 * fictional.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../src/app.js';
import { benchDatabase } from './databases.js';
import {
  bareRoute,
  CONCURRENCY,
  CONCURRENT_REQUESTS,
  insertAll,
  machine,
  measurePage,
  PER_ROUND,
  pageTable,
  ROUNDS,
  writeBenchmarksSection,
  type PageRow,
} from './measure.js';
import { loadConfig } from '../src/config.js';
import type { Database, NextStep } from '../src/db/schema.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDemoPartnershipIfEmpty } from '../src/demo/demo-partnership.js';
import { AGE_BANDS, NEXT_STEPS, REASONS, SOURCES } from '../src/front-door/front-door.model.js';
import { addWorkingDays } from '../src/front-door/working-time.js';
import { AuditService } from '../src/platform/audit/audit.service.js';
import { currentUserFor, TestClient } from '../test/support/test-app.js';
import { createPersonGenerator, mulberry32, type GeneratedPerson } from './people-generator.js';

const PASSWORD = 'bench-demo-password-2026';
const CONTACTS_PER_YEAR = Number(process.env.BENCH_CONTACTS_PER_YEAR ?? 15_000);
const YEARS = 11;
const BATCH = 1000;
const HOUSEHOLDS = Math.round((CONTACTS_PER_YEAR * YEARS) / 2.5);
const prepare = (kind: 'pglite' | 'postgres') => benchDatabase(kind, `tellonce_bench_hub_${process.pid}`);

/**
 * Ten years of a county's early help front door: households (families with their people), and
 * contacts about them — most decided long ago (some corrected, a third opening an episode), the
 * last few working days' still waiting in the queue.
 */
async function generate(db: Kysely<Database>): Promise<{ contacts: number; people: number; seconds: number }> {
  const started = performance.now();
  const random = mulberry32(2026);
  const generator = createPersonGenerator(4242);
  const councils = await db
    .selectFrom('local_authorities')
    .select(['id', 'code', 'decision_target_working_days'])
    .orderBy('code')
    .execute();
  const hubOfficers = await db.selectFrom('users').select(['id', 'local_authority_id']).where('role', '=', 'hub_officer').execute();
  const levels = await db.selectFrom('need_levels').select(['id', 'local_authority_id', 'level']).execute();
  const agencies = await db.selectFrom('agencies').select(['id', 'kind', 'local_authority_id']).execute();
  const teams = await db.selectFrom('teams').select(['id', 'local_authority_id']).where('quadrant_id', 'is not', null).execute();
  const council = (index: number) => councils[index] ?? councils[0];

  // Households become families, their people, and members.
  const households: {
    familyId: string;
    councilIndex: number;
    children: GeneratedPerson[];
    carer: GeneratedPerson | undefined;
    postcode: string;
  }[] = [];
  let families: Record<string, unknown>[] = [];
  let people: Record<string, unknown>[] = [];
  let members: Record<string, unknown>[] = [];
  let peopleCount = 0;
  const flushPeople = async () => {
    await insertAll(db, 'families', families);
    await insertAll(db, 'people', people);
    await insertAll(db, 'family_members', members);
    families = [];
    people = [];
    members = [];
  };
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const household = generator.household();
    const familyId = randomUUID();
    const councilIndex = random() < 0.3 ? 1 : 0;
    const children = household.filter((person) => person.role === 'child');
    if (children.length === 0) children.push(generator.siblingOf(household[0] as GeneratedPerson));
    families.push({
      id: familyId,
      reference: `FAM-B${h}`,
      name: `${household[0]?.familyName ?? 'Bench'} family`,
      local_authority_id: council(councilIndex)?.id,
    });
    for (const person of [...household, ...children.filter((child) => !household.includes(child))]) {
      const personId = randomUUID();
      person.id = personId;
      people.push({ id: personId, given_name: person.givenName, family_name: person.familyName, date_of_birth: person.dateOfBirth });
      members.push({ family_id: familyId, person_id: personId, household_id: null });
      peopleCount++;
    }
    households.push({
      familyId,
      councilIndex,
      children,
      carer: household.find((person) => person.role === 'adult'),
      postcode: household[0]?.postcode ?? 'PE15 8AB',
    });
    if (people.length >= BATCH * 5) await flushPeople();
  }
  await flushPeople();

  // Contacts over eleven years; the last three working days' are still in the queue.
  const now = Date.now();
  const span = YEARS * 365 * 86_400_000;
  const total = CONTACTS_PER_YEAR * YEARS;
  const queueSince = now - 3 * 86_400_000 * (7 / 5);
  let contacts: Record<string, unknown>[] = [];
  let children: Record<string, unknown>[] = [];
  let decisions: Record<string, unknown>[] = [];
  let corrections: Record<string, unknown>[] = [];
  let episodes: Record<string, unknown>[] = [];
  const flushContacts = async () => {
    await insertAll(db, 'contacts', contacts);
    await insertAll(db, 'contact_children', children);
    await insertAll(db, 'early_help_episodes', episodes);
    await insertAll(db, 'contact_decisions', decisions);
    await insertAll(db, 'contact_decisions', corrections);
    contacts = [];
    children = [];
    decisions = [];
    corrections = [];
    episodes = [];
  };
  const order = Array.from({ length: total }, (_, index) => now - span + (span * (index + random())) / total);
  for (let index = 0; index < total; index++) {
    const receivedAt = new Date(order[index] ?? now);
    const household = households[Math.floor(random() * households.length)] ?? households[0];
    if (!household) break;
    const where = council(household.councilIndex);
    if (!where) break;
    const id = randomUUID();
    const decided = receivedAt.getTime() < queueSince;
    const safeguarding = random() < 0.06;
    const agency = agencies[Math.floor(random() * agencies.length)];
    const fromFamily = random() < 0.08;
    const reasons = [
      REASONS[Math.floor(random() * 8)]?.value ?? 'parenting',
      ...(random() < 0.4 ? [REASONS[Math.floor(random() * 14)]?.value ?? 'housing'] : []),
    ];
    contacts.push({
      id,
      reference: `RFS-B${index}`,
      local_authority_id: where.id,
      channel: fromFamily ? 'family' : 'professional',
      source: fromFamily ? 'family' : (SOURCES.find((source) => source.value === agency?.kind)?.value ?? 'school'),
      route: safeguarding ? 'safeguarding' : 'early_help',
      safeguarding_because: safeguarding ? 'significant_harm' : null,
      status: decided || safeguarding ? 'decided' : random() < 0.3 ? 'in_progress' : 'new',
      received_at: receivedAt,
      decision_due_at: addWorkingDays(receivedAt, where.decision_target_working_days),
      referrer_agency_id: fromFamily ? null : (agency?.id ?? null),
      referrer_name: fromFamily ? (household.carer?.givenName ?? 'A parent') : 'A referrer',
      carer_name: household.carer ? `${household.carer.givenName} ${household.carer.familyName}` : null,
      carer_phone: '07700 900 000',
      postcode: household.postcode,
      reasons: [...new Set(reasons)],
      in_their_words: 'Generated for measuring the Hub.',
      already_tried: 'Generated.',
      significant_harm: safeguarding,
      consent_early_help: true,
      consent_sharing: true,
      family_id: decided ? household.familyId : null,
      claimed_by_user_id: null,
    });
    household.children.slice(0, 3).forEach((child, position) =>
      children.push({
        contact_id: id,
        position: position + 1,
        given_name: child.givenName,
        family_name: child.familyName,
        date_of_birth: child.dateOfBirth,
        person_id: decided ? child.id : null,
      }),
    );
    if (decided && !safeguarding) {
      const roll = random();
      const nextStep: NextStep =
        roll < 0.3
          ? 'advice'
          : roll < 0.5
            ? 'signpost'
            : roll < 0.7
              ? 'lead_professional'
              : roll < 0.9
                ? 'targeted_support'
                : roll < 0.95
                  ? 'quadrant_forum'
                  : 'step_up';
      const decidedAt = new Date(receivedAt.getTime() + random() * 4 * 86_400_000);
      const level = levels.find(
        (item) => item.local_authority_id === where.id && item.level === (nextStep === 'step_up' ? 4 : nextStep === 'advice' ? 1 : 3),
      );
      const officer = hubOfficers.find((item) => item.local_authority_id === where.id);
      let episodeId: string | null = null;
      if (nextStep === 'lead_professional' || nextStep === 'targeted_support') {
        episodeId = randomUUID();
        const closedOn =
          decidedAt.getTime() + 200 * 86_400_000 < now
            ? new Date(decidedAt.getTime() + (60 + random() * 300) * 86_400_000).toISOString().slice(0, 10)
            : null;
        episodes.push({
          id: episodeId,
          family_id: household.familyId,
          local_authority_id: where.id,
          contact_id: id,
          kind: nextStep === 'lead_professional' ? 'lead_professional' : 'targeted',
          status: closedOn ? 'closed' : 'open',
          team_id: teams.find((team) => team.local_authority_id === where.id)?.id ?? null,
          started_on: decidedAt.toISOString().slice(0, 10),
          closed_on: closedOn,
          closure_reason: closedOn ? 'needs_met' : null,
        });
      }
      const decisionId = randomUUID();
      decisions.push({
        id: decisionId,
        contact_id: id,
        local_authority_id: where.id,
        need_level_id: level?.id,
        reasons: 'Generated decision.',
        next_step: nextStep,
        advice: nextStep === 'advice' || nextStep === 'signpost' ? 'Generated advice.' : null,
        episode_id: episodeId,
        within_target: random() < 0.85,
        decided_by_user_id: officer?.id,
        decided_at: decidedAt,
      });
      if (random() < 0.03)
        corrections.push({
          contact_id: id,
          local_authority_id: where.id,
          need_level_id: level?.id,
          reasons: 'Generated correction.',
          next_step: 'signpost',
          advice: 'Generated.',
          within_target: true,
          corrects_decision_id: decisionId,
          correction_reason: 'Generated.',
          decided_by_user_id: officer?.id,
          decided_at: new Date(decidedAt.getTime() + 86_400_000),
        });
    }
    if (contacts.length >= BATCH * 5) await flushContacts();
  }
  await flushContacts();
  await sql`ANALYZE`.execute(db);
  return { contacts: total, people: peopleCount, seconds: (performance.now() - started) / 1000 };
}

async function measure(
  kind: 'pglite' | 'postgres',
): Promise<{ rows: PageRow[]; data: { contacts: number; people: number; seconds: number; queue: number } }> {
  const { database, cleanup } = await prepare(kind);
  try {
    await migrateToLatest(database.db as never);
    await createDemoPartnershipIfEmpty(database.db, new AuditService(database.db), PASSWORD);
    const generated = await generate(database.db);
    console.warn(`${kind}: generated ${generated.contacts} contacts and ${generated.people} people in ${generated.seconds.toFixed(0)} s`);
    const { app, services } = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', SIGN_IN_RATE_LIMIT: '100000' }),
      db: database.db,
      databaseKind: database.kind,
    });
    await app.ready();
    const email = 'sam.okafor@cambs.tellonce.example';
    const officer = new TestClient(app);
    await officer.signIn(email, PASSWORD);
    const user = await currentUserFor(services, email);
    const queue = await services.hub.queue(user, {});
    const first = queue.rows[0];
    if (!first) throw new Error('The generated queue is empty');
    const contactUrl = `/hub/contacts/${first.id}`;
    const get = (url: string) => async () => {
      const response = await officer.get(url);
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    };

    const locals = {
      currentUser: user,
      currentRoleName: 'Early Help Hub officer',
      navigation: [],
      currentPath: '/hub',
      demoMode: true,
      csrfToken: () => 'bench',
    };
    const params = new URLSearchParams();
    const bareQueue = await bareRoute('hub/views/queue.njk', {
      ...locals,
      pageTitle: 'Early Help Hub queue',
      ...queue,
      ageBands: AGE_BANDS,
      sources: SOURCES,
      reasons: REASONS,
      pageLink: (page: number) => `/hub?${params.toString()}&page=${page}`,
    });
    const view = await services.hub.contact(user, first.id);
    const bareContact = await bareRoute('hub/views/contact.njk', {
      ...locals,
      pageTitle: `Contact ${view.contact.reference}`,
      ...view,
      options: await services.hub.decisionOptions(view.contact.local_authority_id),
      officers: [],
      nextSteps: NEXT_STEPS,
      values: {},
      errors: [],
      fieldErrors: {},
    });
    const rows: PageRow[] = [];
    for (const [page, url, bare] of [
      ['Hub queue (council, oldest first, 50 a page)', '/hub', bareQueue],
      ['Hub queue filtered by reason and age', '/hub?reason=parenting&age=5-10', bareQueue],
      ['contact page (request, matches, what is known)', contactUrl, bareContact],
    ] as const) {
      rows.push(await measurePage(page, kind, get(url), bare));
      console.warn(`${kind}: ${page} measured`);
    }
    await bareQueue.close();
    await bareContact.close();
    await app.close();
    return { rows, data: { ...generated, queue: queue.total } };
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  const results: PageRow[] = [];
  const datasets: Record<string, unknown> = {};
  for (const kind of ['pglite', ...(process.env.DATABASE_URL ? ['postgres' as const] : [])] as const) {
    const { rows, data } = await measure(kind);
    results.push(...rows);
    datasets[kind] = data;
  }
  const when = new Date().toISOString();
  fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join('bench', 'results', 'hub.json'), JSON.stringify({ when, machine: machine(), datasets, results }, null, 2));
  const table = pageTable(results);
  const sizes = Object.entries(datasets)
    .map(([kind, data]) => {
      const d = data as { contacts: number; people: number; seconds: number; queue: number };
      return `${kind}: ${d.contacts.toLocaleString('en-GB')} contacts and ${d.people.toLocaleString('en-GB')} people generated in ${d.seconds.toFixed(0)} s; ${d.queue} contacts waiting in Cambridgeshire’s queue`;
    })
    .join('; ');
  writeBenchmarksSection(
    'hub',
    `Measured ${when} on ${machine()}, through \`app.inject\` (no network), signed in as a Hub officer. Data: ${CONTACTS_PER_YEAR.toLocaleString('en-GB')} contacts a year for ${YEARS} years (${sizes}). ${ROUNDS} rounds of ${PER_ROUND} sequential requests, and ${ROUNDS} rounds of ${CONCURRENT_REQUESTS} requests with ${CONCURRENCY} in flight.\n\n${table}`,
  );
  console.warn(table);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
