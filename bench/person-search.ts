/**
 * `npx tsx bench/person-search.ts [--people N] [--pglite-people N] [--searches S]`
 *
 * Person search over a large generated population (realistic UK name frequencies, fictional
 * people): median and p95 per search, by kind of search, on PGlite and (with DATABASE_URL) on
 * PostgreSQL, against the bare indexed SQL query each kind of search relies on. Also the share of
 * misspelt-name searches that find the intended person. Writes bench/results/person-search.json and
 * the "Person search" section of BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { createDemoPartnershipIfEmpty } from '../src/demo/demo-partnership.js';
import { AuditService } from '../src/platform/audit/audit.service.js';
import type { CurrentUser } from '../src/platform/http/types.js';
import { PersonSearch } from '../src/people/people.search.js';
import { createPersonGenerator, makeDuplicateVariant, mulberry32, type GeneratedPerson } from './people-generator.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const PEOPLE = option('people', 1_000_000);
const PGLITE_PEOPLE = option('pglite-people', PEOPLE);
const SEARCHES = option('searches', 200);
const BATCH = 2_000;

type Kind = 'misspelt name' | 'exact name' | 'family name only' | 'name and date of birth' | 'date of birth' | 'NHS number' | 'postcode';
const KINDS: Kind[] = [
  'misspelt name',
  'exact name',
  'family name only',
  'name and date of birth',
  'date of birth',
  'NHS number',
  'postcode',
];

interface Query {
  kind: Kind;
  text: string;
  targetId: string;
  /** The bare indexed SQL this kind of search relies on, with its values written in. */
  bare: string;
}

function dmy(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${Number(day)}/${Number(month)}/${year}`;
}

async function load(
  db: Kysely<Database>,
  count: number,
  seed: number,
): Promise<{ sample: (GeneratedPerson & { dbId: string })[]; seconds: number }> {
  const started = performance.now();
  const generator = createPersonGenerator(seed);
  const every = Math.max(1, Math.floor(count / (SEARCHES * 4)));
  const sample: (GeneratedPerson & { dbId: string })[] = [];
  let made = 0;
  let people: Record<string, unknown>[] = [];
  let addresses: Record<string, unknown>[] = [];
  let names: Record<string, unknown>[] = [];
  const flush = async () => {
    if (people.length === 0) return;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('people')
        .values(people as never)
        .execute();
      await trx
        .insertInto('person_addresses')
        .values(addresses as never)
        .execute();
      if (names.length > 0)
        await trx
          .insertInto('person_names')
          .values(names as never)
          .execute();
    });
    people = [];
    addresses = [];
    names = [];
  };
  const random = mulberry32(seed + 1);
  for (const person of generator) {
    if (made >= count) break;
    const id = randomUUID();
    people.push({
      id,
      given_name: person.givenName,
      family_name: person.familyName,
      date_of_birth: person.dateOfBirth,
      sex: person.sex === 'female' ? 'F' : 'M',
      nhs_number: person.nhsNumber ?? null,
    });
    addresses.push({
      person_id: id,
      line_1: `${1 + Math.floor(random() * 200)} Imaginary Road`,
      town: 'Fictional Fen',
      postcode: person.postcode,
      from_date: '2020-01-01',
    });
    if (random() < 0.05)
      names.push({ person_id: id, kind: 'previous', given_name: person.givenName, family_name: `${person.familyName}ley` });
    if (made % every === 0) sample.push({ ...person, dbId: id });
    made++;
    if (people.length >= BATCH) await flush();
  }
  await flush();
  await sql`ANALYZE`.execute(db);
  return { sample, seconds: (performance.now() - started) / 1000 };
}

function buildQueries(sample: (GeneratedPerson & { dbId: string })[]): Query[] {
  const random = mulberry32(2026);
  const queries: Query[] = [];
  const quote = (value: string) => `'${value.toLowerCase().replace(/'/g, "''")}'`;
  const pairSql = (given: string, family: string) =>
    `SELECT id FROM people WHERE lower(family_name) = ${quote(family)} AND lower(given_name) = ${quote(given)}`;
  for (let index = 0; queries.length < SEARCHES && index < sample.length * 4; index++) {
    const person = sample[Math.floor(random() * sample.length)];
    if (!person) continue;
    const kind = KINDS[queries.length % KINDS.length] ?? 'exact name';
    const name = `${person.givenName} ${person.familyName}`;
    const family = person.familyName.toLowerCase();
    switch (kind) {
      case 'misspelt name': {
        const variant = makeDuplicateVariant(
          person,
          random,
          (['typo-given-name', 'typo-family-name', 'short-form'] as const)[queries.length % 3] ?? 'short-form',
        );
        if (!variant) continue;
        queries.push({
          kind,
          text: `${variant.record.givenName} ${variant.record.familyName}`,
          targetId: person.dbId,
          bare: pairSql(variant.record.givenName, variant.record.familyName),
        });
        break;
      }
      case 'exact name':
        queries.push({ kind, text: name, targetId: person.dbId, bare: pairSql(person.givenName, person.familyName) });
        break;
      case 'family name only':
        queries.push({
          kind,
          text: person.familyName,
          targetId: person.dbId,
          bare: `SELECT id FROM people WHERE lower(family_name) = ${quote(family)} LIMIT 100`,
        });
        break;
      case 'name and date of birth':
        queries.push({
          kind,
          text: `${name} ${dmy(person.dateOfBirth)}`,
          targetId: person.dbId,
          bare: pairSql(person.givenName, person.familyName),
        });
        break;
      case 'date of birth':
        queries.push({
          kind,
          text: dmy(person.dateOfBirth),
          targetId: person.dbId,
          bare: `SELECT id FROM people WHERE date_of_birth = '${person.dateOfBirth}'`,
        });
        break;
      case 'NHS number':
        if (!person.nhsNumber) continue;
        queries.push({
          kind,
          text: person.nhsNumber,
          targetId: person.dbId,
          bare: `SELECT id FROM people WHERE nhs_number = '${person.nhsNumber}' AND merged_into_person_id IS NULL`,
        });
        break;
      case 'postcode':
        queries.push({
          kind,
          text: person.postcode,
          targetId: person.dbId,
          bare: `SELECT person_id FROM person_addresses WHERE postcode = '${person.postcode}' AND to_date IS NULL`,
        });
        break;
    }
  }
  return queries;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

interface KindResult {
  kind: string;
  searches: number;
  medianMs: number;
  p95Ms: number;
  bareMedianMs: number;
  ratio: number;
  found: number;
  foundInTop5: number;
}

async function measure(
  label: string,
  handle: DatabaseHandle,
  count: number,
): Promise<{ label: string; people: number; loadSeconds: number; results: KindResult[] }> {
  const db = handle.db;
  await migrateToLatest(db as never);
  await createDemoPartnershipIfEmpty(db, new AuditService(db), 'bench-demo-password-2026');
  const hub = await db.selectFrom('users').selectAll().where('role', '=', 'hub_officer').executeTakeFirstOrThrow();
  const user: CurrentUser = {
    id: hub.id,
    email: hub.email,
    displayName: hub.display_name,
    role: 'hub_officer',
    localAuthorityId: hub.local_authority_id,
    agencyId: hub.agency_id,
    teamId: hub.team_id,
  };
  console.warn(`${label}: loading ${count.toLocaleString('en-GB')} people…`);
  const { sample, seconds } = await load(db, count, 7);
  console.warn(`${label}: loaded in ${seconds.toFixed(0)} s (${Math.round(count / seconds).toLocaleString('en-GB')} people a second)`);
  const search = new PersonSearch(db, new AuditService(db), () => new Date('2026-11-22T10:00:00Z'));
  const queries = buildQueries(sample);
  for (const query of queries.slice(0, 20)) await search.search(user, query.text, { childrenOnly: false });
  const rows: { query: Query; ms: number; bareMs: number; rank: number }[] = [];
  for (const query of queries) {
    const bareStart = performance.now();
    await sql.raw(query.bare).execute(db);
    const bareMs = performance.now() - bareStart;
    const start = performance.now();
    const result = await search.search(user, query.text, { childrenOnly: false });
    const ms = performance.now() - start;
    const rank = result.people.findIndex((person) => person.id === query.targetId);
    if (rank < 0 && process.argv.includes('--show-misses')) console.warn(`missed (${query.kind}): ${query.text}`);
    rows.push({ query, ms, bareMs, rank });
  }
  const results: KindResult[] = [...KINDS, 'all' as const].map((kind) => {
    const of = rows.filter((row) => kind === 'all' || row.query.kind === kind);
    const median = quantile(
      of.map((row) => row.ms),
      0.5,
    );
    const bare = quantile(
      of.map((row) => row.bareMs),
      0.5,
    );
    return {
      kind,
      searches: of.length,
      medianMs: median,
      p95Ms: quantile(
        of.map((row) => row.ms),
        0.95,
      ),
      bareMedianMs: bare,
      ratio: bare > 0 ? median / bare : 0,
      found: of.filter((row) => row.rank >= 0).length / Math.max(1, of.length),
      foundInTop5: of.filter((row) => row.rank >= 0 && row.rank < 5).length / Math.max(1, of.length),
    };
  });
  return { label, people: count, loadSeconds: seconds, results };
}

async function main(): Promise<void> {
  const runs = [];
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tellonce-search-bench-'));
  try {
    const pglite = await openDatabase({ dataDir: folder });
    runs.push(await measure('PGlite', pglite, PGLITE_PEOPLE));
    await pglite.close();
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `tellonce_bench_search_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    try {
      runs.push(await measure('PostgreSQL', handle, PEOPLE));
    } finally {
      await handle.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    }
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
  const when = new Date().toISOString();
  fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join('bench', 'results', 'person-search.json'),
    JSON.stringify({ when, machine, searches: SEARCHES, runs }, null, 2),
  );
  const pct = (value: number) => `${Math.round(value * 100)}%`;
  const tables = runs
    .map((run) =>
      [
        `**${run.label}**, ${run.people.toLocaleString('en-GB')} people, loaded in ${run.loadSeconds.toFixed(0)} s (${Math.round(run.people / run.loadSeconds).toLocaleString('en-GB')} a second).`,
        '',
        '| search | searches | median ms | p95 ms | bare SQL median ms | × bare SQL | intended person found | in top 5 |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...run.results.map(
          (r) =>
            `| ${r.kind} | ${r.searches} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.bareMedianMs.toFixed(1)} | ${r.ratio.toFixed(1)} | ${pct(r.found)} | ${pct(r.foundInTop5)} |`,
        ),
      ].join('\n'),
    )
    .join('\n\n');
  const section = `<!-- person-search:start -->\n## Person search\n\nMeasured ${when} on ${machine}. ${SEARCHES} searches of each run, spread over seven kinds, through \`PersonSearch.search\` (candidates from the indexes, scored by \`scoreMatch\`, and an audit row per search), each timed against the bare indexed SQL lookup of the same thing (for a name, the exact family and given name on their index; for a date of birth, NHS number or postcode, that column's index).\n\n${tables}\n<!-- person-search:end -->`;
  const file = 'BENCHMARKS.md';
  const existing = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(
    file,
    existing.includes('<!-- person-search:start -->')
      ? existing.replace(/<!-- person-search:start -->[\s\S]*<!-- person-search:end -->/, section)
      : `${existing}\n${section}\n`,
  );
  console.warn(tables);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
