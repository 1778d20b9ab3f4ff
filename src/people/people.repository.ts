/**
 * All SQL for people: their details, names, addresses; finding candidates for a search or a
 * match; duplicates; and merging two records so that it can be undone.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, MergeMoves } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';

const PERSON_COLUMNS = [
  'p.id',
  'p.given_name',
  'p.middle_names',
  'p.family_name',
  'p.preferred_name',
  'p.date_of_birth',
  'p.expected_date_of_birth',
  'p.sex',
  'p.ethnicity',
  'p.first_language',
  'p.interpreter_needed',
  'p.nhs_number',
  'p.unique_pupil_number',
  'p.council_child_id',
  'p.school_agency_id',
  'p.gp_agency_id',
  'p.characteristics',
  'p.merged_into_person_id',
  'p.version',
  'p.created_at',
] as const;

export function findPerson(db: Executor, id: string) {
  return db
    .selectFrom('people as p')
    .leftJoin('agencies as school', 'school.id', 'p.school_agency_id')
    .leftJoin('agencies as gp', 'gp.id', 'p.gp_agency_id')
    .select([...PERSON_COLUMNS, 'school.name as school_name', 'gp.name as gp_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPerson>>>;

export interface PersonValues {
  given_name: string;
  middle_names: string | null;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  sex: string | null;
  ethnicity: string | null;
  first_language: string | null;
  interpreter_needed: boolean;
  nhs_number: string | null;
  unique_pupil_number: string | null;
  council_child_id: string | null;
  school_agency_id: string | null;
  gp_agency_id: string | null;
  characteristics: string[];
}

export function insertPerson(db: Executor, values: PersonValues & { created_by_user_id: string; created_by_agency_id: string }) {
  return db.insertInto('people').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updatePersonAtVersion(db: Executor, id: string, version: number, values: Partial<PersonValues>): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('merged_into_person_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function personWithNhsNumber(db: Executor, nhsNumber: string, exceptId?: string) {
  let query = db
    .selectFrom('people')
    .select(['id', 'given_name', 'family_name'])
    .where('nhs_number', '=', nhsNumber)
    .where('merged_into_person_id', 'is', null);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.executeTakeFirst();
}

export function listNames(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person_names')
    .select(['id', 'person_id', 'kind', 'given_name', 'family_name'])
    .where('person_id', 'in', personIds)
    .orderBy('created_at')
    .execute();
}

export function insertName(
  db: Executor,
  values: { person_id: string; kind: 'previous' | 'alias'; given_name: string; family_name: string },
) {
  return db.insertInto('person_names').values(values).returning('id').executeTakeFirstOrThrow();
}

export function listAddresses(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person_addresses')
    .select(['id', 'person_id', 'line_1', 'line_2', 'town', 'postcode', 'from_date', 'to_date'])
    .where('person_id', 'in', personIds)
    .orderBy('to_date', (ob) => ob.desc().nullsFirst())
    .orderBy('from_date', 'desc')
    .execute();
}

export function closeCurrentAddress(db: Executor, personId: string, toDate: string) {
  return db
    .updateTable('person_addresses')
    .set({ to_date: toDate })
    .where('person_id', '=', personId)
    .where('to_date', 'is', null)
    .execute();
}

export function completeAddress(
  db: Executor,
  id: string,
  values: { line_1: string; line_2: string | null; town: string; from_date: string },
) {
  return db.updateTable('person_addresses').set(values).where('id', '=', id).execute();
}

export function insertAddress(
  db: Executor,
  values: { person_id: string; line_1: string; line_2: string | null; town: string; postcode: string; from_date: string },
) {
  return db.insertInto('person_addresses').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Summary columns of a candidate for search and matching, with current postcode and other names. */
function candidateQuery(db: Executor) {
  return db
    .selectFrom('people as p')
    .leftJoin('person_addresses as addr', (join) => join.onRef('addr.person_id', '=', 'p.id').on('addr.to_date', 'is', null))
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      'p.preferred_name',
      'p.date_of_birth',
      'p.expected_date_of_birth',
      'p.sex',
      'p.nhs_number',
      'addr.postcode',
      (eb) =>
        eb
          .selectFrom('person_names as n')
          .select(sql<string[]>`coalesce(array_agg(n.given_name || ' ' || n.family_name), '{}')`.as('names'))
          .whereRef('n.person_id', '=', 'p.id')
          .as('other_names'),
    ])
    .where('p.merged_into_person_id', 'is', null);
}

export type CandidateRow = Awaited<ReturnType<ReturnType<typeof candidateQuery>['execute']>>[number];

export interface CandidateFilter {
  /** Born on or after this date (children only, say). */
  bornFrom?: string | undefined;
  bornTo?: string | undefined;
  councilId?: string | undefined;
}

function filtered<Q extends ReturnType<typeof candidateQuery>>(query: Q, filter: CandidateFilter): Q {
  let q = query;
  if (filter.bornFrom) q = q.where('p.date_of_birth', '>=', filter.bornFrom) as Q;
  if (filter.bornTo) q = q.where('p.date_of_birth', '<=', filter.bornTo) as Q;
  if (filter.councilId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('family_members as fm')
          .innerJoin('families as f', 'f.id', 'fm.family_id')
          .select('fm.person_id')
          .whereRef('fm.person_id', '=', 'p.id')
          .where('f.local_authority_id', '=', filter.councilId ?? ''),
      ),
    ) as Q;
  return q;
}

export function candidatesByNhsNumber(db: Executor, nhsNumber: string, filter: CandidateFilter = {}) {
  return filtered(candidateQuery(db).where('p.nhs_number', '=', nhsNumber), filter)
    .limit(10)
    .execute();
}

export function candidatesByDateOfBirth(db: Executor, dates: string[], filter: CandidateFilter = {}, limit = 200) {
  if (dates.length === 0) return Promise.resolve([]);
  return filtered(
    candidateQuery(db).where((eb) => eb.or([eb('p.date_of_birth', 'in', dates), eb('p.expected_date_of_birth', 'in', dates)])),
    filter,
  )
    .limit(limit)
    .execute();
}

export function candidatesByPostcode(db: Executor, postcode: string, filter: CandidateFilter = {}, limit = 200) {
  return filtered(candidateQuery(db).where('addr.postcode', '=', postcode), filter)
    .limit(limit)
    .execute();
}

/** People living now in a postcode district (the outward code, like CB1). */
export function candidatesByPostcodeDistrict(db: Executor, outwardCode: string, filter: CandidateFilter = {}, limit = 200) {
  return filtered(candidateQuery(db).where('addr.postcode', 'like', `${outwardCode.replace(/[^A-Z0-9]/gi, '').toUpperCase()} %`), filter)
    .limit(limit)
    .execute();
}

/**
 * The ids of people a typed name may mean, each way of matching capped so that a common family
 * name cannot flood the list: the exact pair (with the given name's short forms and variants), the
 * pair by sound, a misspelling of either name (found through the other, correctly spelt, name),
 * the names swapped, and previous names and aliases. With only one name typed, people
 * with that family or given name, exactly or by sound.
 */
export async function candidateIdsByName(
  db: Executor,
  familyName: string,
  givenNames: string[],
  typedGiven: string | undefined,
  perWay = 100,
): Promise<string[]> {
  const family = familyName.toLowerCase();
  const givens = [...new Set(givenNames.map((name) => name.toLowerCase()).filter((name) => name !== ''))];
  const typed = typedGiven?.toLowerCase();
  const ways: ReturnType<typeof sql<{ id: string }>>[] = [];
  const capped = (query: ReturnType<typeof sql>) => sql<{ id: string }>`(${query} LIMIT ${perWay})`;
  if (typed) {
    const givenList = sql.join(givens.length > 0 ? givens : [typed]);
    ways.push(capped(sql`SELECT id FROM people WHERE lower(family_name) = ${family} AND lower(given_name) IN (${givenList})`));
    ways.push(
      capped(
        sql`SELECT id FROM people WHERE dmetaphone(lower(family_name)) = dmetaphone(${family}) AND dmetaphone(lower(given_name)) IN (SELECT dmetaphone(g) FROM unnest(ARRAY[${givenList}]::text[]) AS g)`,
      ),
    );
    // A misspelt family name, found through the given name; a misspelt given name, through the family name.
    // Short names have too few trigrams to be alike by similarity, so one or two edits also count;
    // the closest come first, so that a common name's cap keeps the likeliest people.
    ways.push(
      capped(
        sql`SELECT id FROM people WHERE lower(given_name) IN (${givenList}) AND (lower(family_name) % ${family} OR levenshtein(lower(family_name), ${family}) <= 2) ORDER BY levenshtein(lower(family_name), ${family})`,
      ),
    );
    ways.push(
      capped(
        sql`SELECT id FROM people WHERE lower(family_name) = ${family} AND (lower(given_name) % ${typed} OR levenshtein(lower(given_name), ${typed}) <= 2) ORDER BY levenshtein(lower(given_name), ${typed})`,
      ),
    );
    ways.push(capped(sql`SELECT id FROM people WHERE lower(given_name) = ${family} AND lower(family_name) IN (${givenList})`));
    ways.push(
      capped(sql`SELECT person_id AS id FROM person_names WHERE lower(family_name) = ${family} AND lower(given_name) IN (${givenList})`),
    );
    ways.push(
      capped(sql`SELECT person_id AS id FROM person_names WHERE lower(given_name) IN (${givenList}) AND lower(family_name) % ${family}`),
    );
  } else {
    ways.push(capped(sql`SELECT id FROM people WHERE lower(family_name) = ${family}`));
    ways.push(capped(sql`SELECT id FROM people WHERE lower(given_name) = ${family}`));
    ways.push(capped(sql`SELECT id FROM people WHERE dmetaphone(lower(family_name)) = dmetaphone(${family})`));
    ways.push(capped(sql`SELECT person_id AS id FROM person_names WHERE lower(family_name) = ${family}`));
  }
  const rows = await sql<{ id: string }>`SELECT DISTINCT id FROM (${sql.join(ways, sql` UNION ALL `)}) AS found`.execute(db);
  return rows.rows.map((row) => row.id);
}

export function candidatesByIds(db: Executor, ids: string[], filter: CandidateFilter = {}) {
  if (ids.length === 0) return Promise.resolve([]);
  return filtered(candidateQuery(db).where('p.id', 'in', ids), filter).execute();
}

/** Pairs of people who may be the same person: same NHS number, or same date of birth and a family name spelt or sounding alike. */
export function possibleDuplicatePairs(db: Kysely<Database>, limit: number) {
  return sql<{ person_id: string; other_person_id: string }>`
    SELECT a.id AS person_id, b.id AS other_person_id
    FROM people a
    JOIN people b ON a.id < b.id
      AND b.merged_into_person_id IS NULL
      AND (
        (a.nhs_number IS NOT NULL AND a.nhs_number = b.nhs_number)
        OR (a.date_of_birth = b.date_of_birth AND (
          dmetaphone(lower(a.family_name)) = dmetaphone(lower(b.family_name))
          OR similarity(lower(a.family_name), lower(b.family_name)) > 0.4
          OR dmetaphone(lower(a.given_name)) = dmetaphone(lower(b.given_name))
        ))
      )
    WHERE a.merged_into_person_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM not_duplicates nd WHERE nd.person_id = a.id AND nd.other_person_id = b.id)
    ORDER BY greatest(a.created_at, b.created_at) DESC
    LIMIT ${limit}`.execute(db);
}

export function insertNotDuplicate(db: Executor, personId: string, otherPersonId: string, userId: string) {
  const [first, second] = personId < otherPersonId ? [personId, otherPersonId] : [otherPersonId, personId];
  return db
    .insertInto('not_duplicates')
    .values({ person_id: first, other_person_id: second, decided_by_user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

// ——— Merging ———

/** Tables whose rows point at a person, with the column and the key that identifies each row. */
export const PERSON_REFERENCES = [
  { table: 'person_names', column: 'person_id', key: 'id' },
  { table: 'person_addresses', column: 'person_id', key: 'id' },
  { table: 'relationships', column: 'person_id', key: 'id' },
  { table: 'relationships', column: 'related_person_id', key: 'id' },
  { table: 'involvements', column: 'person_id', key: 'id' },
  { table: 'consents', column: 'given_by_person_id', key: 'id' },
  { table: 'chronology_events', column: 'person_id', key: 'id' },
  { table: 'case_notes', column: 'person_id', key: 'id' },
] as const;

export async function moveReferences(db: Executor, fromId: string, toId: string): Promise<MergeMoves['rows']> {
  const moved: MergeMoves['rows'] = [];
  for (const reference of PERSON_REFERENCES) {
    const rows = await sql<{ key: string }>`
      UPDATE ${sql.table(reference.table)} SET ${sql.ref(reference.column)} = ${toId}
      WHERE ${sql.ref(reference.column)} = ${fromId}
      RETURNING ${sql.ref(reference.key)}::text AS key`.execute(db);
    if (rows.rows.length > 0) moved.push({ table: reference.table, column: reference.column, keys: rows.rows.map((row) => row.key) });
  }
  return moved;
}

export async function moveReferencesBack(db: Executor, moves: MergeMoves['rows'], toId: string): Promise<void> {
  for (const move of moves) {
    const reference = PERSON_REFERENCES.find((candidate) => candidate.table === move.table && candidate.column === move.column);
    if (!reference || move.keys.length === 0) continue;
    await sql`UPDATE ${sql.table(reference.table)} SET ${sql.ref(reference.column)} = ${toId} WHERE ${sql.ref(reference.key)}::text IN (${sql.join(move.keys)})`.execute(
      db,
    );
  }
}

/** Moves the merged person's family memberships to the kept person, skipping families the kept person is already in. */
export async function moveMemberships(db: Executor, fromId: string, toId: string): Promise<{ moved: string[]; skipped: string[] }> {
  const memberships = await db.selectFrom('family_members').select('family_id').where('person_id', '=', fromId).execute();
  const existing = new Set(
    (await db.selectFrom('family_members').select('family_id').where('person_id', '=', toId).execute()).map((row) => row.family_id),
  );
  const moved: string[] = [];
  const skipped: string[] = [];
  for (const { family_id } of memberships) {
    if (existing.has(family_id)) {
      skipped.push(family_id);
      continue;
    }
    await db
      .updateTable('family_members')
      .set({ person_id: toId })
      .where('family_id', '=', family_id)
      .where('person_id', '=', fromId)
      .execute();
    moved.push(family_id);
  }
  return { moved, skipped };
}

export function moveMembershipsBack(db: Executor, familyIds: string[], fromId: string, toId: string) {
  if (familyIds.length === 0) return Promise.resolve();
  return db
    .updateTable('family_members')
    .set({ person_id: toId })
    .where('person_id', '=', fromId)
    .where('family_id', 'in', familyIds)
    .execute()
    .then(() => undefined);
}

export function setMergedInto(db: Executor, personId: string, mergedInto: string | null) {
  return db
    .updateTable('people')
    .set((eb) => ({ merged_into_person_id: mergedInto, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', personId)
    .execute();
}

export function insertMerge(
  db: Executor,
  values: { kept_person_id: string; merged_person_id: string; reason: string; moved: string; merged_by_user_id: string },
) {
  return db.insertInto('person_merges').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findMerge(db: Executor, id: string) {
  return db.selectFrom('person_merges').selectAll().where('id', '=', id).executeTakeFirst();
}

export function markMergeUndone(db: Executor, id: string, userId: string, at: Date) {
  return db
    .updateTable('person_merges')
    .set({ undone_by_user_id: userId, undone_at: at })
    .where('id', '=', id)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
}

export function deleteNames(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve();
  return db
    .deleteFrom('person_names')
    .where('id', 'in', ids)
    .execute()
    .then(() => undefined);
}

export function listMerges(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('person_merges as m')
    .innerJoin('people as kept', 'kept.id', 'm.kept_person_id')
    .innerJoin('people as merged', 'merged.id', 'm.merged_person_id')
    .innerJoin('users as u', 'u.id', 'm.merged_by_user_id')
    .select([
      'm.id',
      'm.reason',
      'm.merged_at',
      'm.undone_at',
      'kept.id as kept_id',
      'kept.given_name as kept_given',
      'kept.family_name as kept_family',
      'merged.id as merged_id',
      'merged.given_name as merged_given',
      'merged.family_name as merged_family',
      'u.display_name as merged_by',
    ])
    .orderBy('m.merged_at', 'desc')
    .limit(limit)
    .execute();
}
