/**
 * Finding people with one search box (seed 000 "families need only tell their story once"): a
 * name, tolerant of misspelling, transposed letters and short forms (Bob / Robert); a date of
 * birth; an NHS number; or a postcode. Candidates come from indexed SQL (trigram and phonetic
 * indexes on names, exact indexes on the rest); they are scored and explained by `scoreMatch`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { AuditService } from '../platform/audit/audit.service.js';
import type { CurrentUser } from '../platform/http/types.js';
import { actorFor, todayIso } from '../families/families.service.js';
import { checkNhsNumber, formatNhsNumber } from './identifiers.js';
import { nameSearchTerms, scoreMatch, type PersonFacts, type SearchTerms } from './matching.js';
import { givenNameVariants } from './names.js';
import * as repo from './people.repository.js';

export type { SearchTerms };

export interface Candidate {
  id: string;
  name: string;
  facts: PersonFacts;
}

export interface FoundPerson {
  id: string;
  name: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  postcode: string | null;
  nhsNumberText: string | null;
  score: number;
  reasons: string[];
  restricted?: boolean;
  familyId?: string | null;
}

export interface SearchResult {
  terms: SearchTerms;
  people: (FoundPerson & { restricted: boolean; familyId: string | null })[];
  /** A message about the query itself, such as an NHS number that fails its check. */
  problem?: string;
}

function isoIfReal(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

function toCandidate(row: repo.CandidateRow): Candidate {
  return {
    id: row.id,
    name: `${row.given_name} ${row.family_name}`,
    facts: {
      givenName: row.given_name,
      familyName: row.family_name,
      otherNames: [...(row.preferred_name ? [`${row.preferred_name} ${row.family_name}`] : []), ...(row.other_names ?? [])],
      ...(row.date_of_birth
        ? { dateOfBirth: row.date_of_birth }
        : row.expected_date_of_birth
          ? { dateOfBirth: row.expected_date_of_birth }
          : {}),
      ...(row.nhs_number ? { nhsNumber: row.nhs_number } : {}),
      ...(row.postcode ? { postcode: row.postcode } : {}),
      ...(row.sex ? { sex: row.sex } : {}),
    },
  };
}

function found(row: repo.CandidateRow, score: number, reasons: string[]): FoundPerson {
  return {
    id: row.id,
    name: `${row.given_name} ${row.family_name}`,
    dateOfBirth: row.date_of_birth,
    expectedDateOfBirth: row.expected_date_of_birth,
    postcode: row.postcode,
    nhsNumberText: row.nhs_number ? formatNhsNumber(row.nhs_number) : null,
    score,
    reasons,
  };
}

/** Dates a typed date of birth is often mistaken for: day and month swapped. */
function nearbyDates(iso: string): string[] {
  const [year, month, day] = iso.split('-').map(Number);
  const swapped = year && month && day && day <= 12 && day !== month ? isoIfReal(year, day, month) : undefined;
  return [iso, ...(swapped ? [swapped] : [])];
}

export class PersonSearch {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly now: () => Date,
  ) {}

  async candidatesByIds(db: Executor, ids: string[]): Promise<Candidate[]> {
    return (await repo.candidatesByIds(db, ids)).map(toCandidate);
  }

  /** Everyone who might be this person: by NHS number, by name (spelling, sound, short forms), by date of birth. */
  async candidatesFor(db: Executor, facts: PersonFacts): Promise<Candidate[]> {
    const givens = givenNameVariants(facts.givenName);
    const byNhs = facts.nhsNumber ? await repo.candidatesByNhsNumber(db, facts.nhsNumber) : [];
    const byName = await repo.candidatesByIds(
      db,
      await repo.candidateIdsByName(db, facts.familyName, [facts.givenName, ...givens], facts.givenName || undefined),
    );
    const byDate = facts.dateOfBirth ? await repo.candidatesByDateOfBirth(db, nearbyDates(facts.dateOfBirth)) : [];
    const unique = new Map<string, repo.CandidateRow>();
    for (const row of [...byNhs, ...byName, ...byDate]) unique.set(row.id, row);
    return [...unique.values()].map(toCandidate);
  }

  async search(
    user: CurrentUser,
    query: string,
    filter: { childrenOnly: boolean; councilId?: string | undefined },
  ): Promise<Omit<SearchResult, 'people'> & { people: FoundPerson[] }> {
    const today = todayIso(this.now());
    const terms = nameSearchTerms(query, this.now());
    const candidateFilter: repo.CandidateFilter = {
      ...(filter.childrenOnly ? { bornFrom: `${Number(today.slice(0, 4)) - 18}${today.slice(4)}` } : {}),
      councilId: filter.councilId,
    };
    let people: FoundPerson[] = [];
    let problem: string | undefined;
    switch (terms.kind) {
      case 'empty':
        break;
      case 'unrecognised':
        problem = terms.reason;
        break;
      case 'nhs-number': {
        const check = checkNhsNumber(terms.nhsNumber);
        if (!check.ok) problem = check.problem;
        else
          people = (await repo.candidatesByNhsNumber(this.db, check.value, candidateFilter)).map((row) =>
            found(row, 1, ['Same NHS number']),
          );
        break;
      }
      case 'postcode':
        people = (
          terms.complete
            ? await repo.candidatesByPostcode(this.db, terms.postcode, candidateFilter)
            : await repo.candidatesByPostcodeDistrict(this.db, terms.outwardCode, candidateFilter)
        ).map((row) => found(row, 0.9, [terms.complete ? `Lives at ${terms.postcode}` : `Lives in ${terms.outwardCode}`]));
        break;
      case 'date-of-birth':
        people = (await repo.candidatesByDateOfBirth(this.db, [terms.dateOfBirth], candidateFilter)).map((row) =>
          found(row, 0.9, ['Date of birth matches']),
        );
        break;
      case 'name':
        people = await this.byName(terms, candidateFilter);
        break;
    }
    people.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    people = people.slice(0, 50);
    await this.audit.record(this.db, actorFor(user), {
      action: 'people searched',
      recordType: 'person',
      detail: {
        searchedBy: terms.kind,
        childrenOnly: filter.childrenOnly,
        councilId: filter.councilId ?? null,
        found: people.map((person) => person.id),
      },
    });
    return { terms, people, ...(problem ? { problem } : {}) };
  }

  private async byName(terms: Extract<SearchTerms, { kind: 'name' }>, filter: repo.CandidateFilter): Promise<FoundPerson[]> {
    const words = terms.words;
    if (words.length === 0) return [];
    // One word may be either name; with more, the search box has worked out the given and family names.
    const only = words[0] ?? '';
    const readings: PersonFacts[] =
      terms.givenName !== undefined && terms.familyName !== undefined
        ? [{ givenName: terms.givenName, familyName: terms.familyName }]
        : [
            { givenName: '', familyName: only },
            { givenName: only, familyName: '' },
          ];
    const twoNames = terms.givenName !== undefined && terms.familyName !== undefined;
    const ids = await repo.candidateIdsByName(
      this.db,
      twoNames ? (terms.familyName ?? '') : only,
      terms.givenNameVariants,
      twoNames ? terms.givenName : undefined,
    );
    const rows = await repo.candidatesByIds(this.db, ids, filter);
    const withDate = terms.dateOfBirth ? await repo.candidatesByDateOfBirth(this.db, nearbyDates(terms.dateOfBirth), filter) : [];
    const unique = new Map<string, repo.CandidateRow>();
    for (const row of [...rows, ...withDate]) unique.set(row.id, row);
    const results: FoundPerson[] = [];
    for (const row of unique.values()) {
      const candidate = toCandidate(row);
      let best = { score: 0, reasons: [] as string[] };
      for (const reading of readings) {
        const facts: PersonFacts = { ...reading, ...(terms.dateOfBirth ? { dateOfBirth: terms.dateOfBirth } : {}) };
        const result = scoreMatch(facts, candidate.facts);
        if (result.score > best.score) best = { score: result.score, reasons: result.reasons };
      }
      // A search lists everyone something matched, best first; matching a new person is stricter (bands).
      if (best.reasons.length > 0) results.push(found(row, best.score, best.reasons));
    }
    return results;
  }
}
