/**
 * `npx tsx bench/matching-quality.ts`: how well scoreMatch finds existing people without
 * matching the wrong ones, against the simple rule of exact given name, family name and date of
 * birth. Writes bench/results/matching-quality.json and prints a Markdown table.
 *
 * The test set, fixed before tuning and not changed to meet the targets:
 * - 20,000 fictional people in households (adults, children, twins) from bench/people-generator.ts;
 *   85% have an NHS number.
 * - 5,000 duplicate queries, an equal share of each kind of duplicate, each with exactly one
 *   change from the person on record. A new contact often arrives without an NHS number, so
 *   half the queries lose theirs, except changed family names (which by definition keep it) and
 *   missing NHS numbers (which have none).
 * - 4,000 queries about people who are not on record: 1,000 twins and 1,000 brothers or sisters
 *   of children on record (same family name and address), 1,000 namesakes (same given and family
 *   name, born within two months, elsewhere) and 1,000 unrelated people; half without NHS numbers.
 *
 * Each query is scored against the candidates sharing a phonetic key of a family name, the date
 * of birth or the NHS number. Precision and recall count pairs (query, record): a true pair is a
 * duplicate and its original. Targets: precision ≥ 0.99 and recall ≥ 0.95 for strong matches.
 * Run with --show-errors to see some missed duplicates and wrong matches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MATCH_BANDS, MATCH_WEIGHTS, scoreMatch, type PersonFacts } from '../src/people/matching.js';
import { nameParts, normaliseName, phoneticKey } from '../src/people/names.js';
import {
  createPersonGenerator,
  DUPLICATE_KINDS,
  makeDuplicateVariant,
  type DuplicateKind,
  type GeneratedPerson,
} from './people-generator.js';

const SEED = 20_260_601;
const POPULATION = 20_000;
const DUPLICATES = 5_000;
const NEGATIVES_PER_KIND = 1_000;
const QUERY_KEEPS_NHS_NUMBER = 0.5;
const TARGET = { precision: 0.99, recall: 0.95 };
const SHOW_ERRORS = process.argv.includes('--show-errors');

const NEGATIVE_KINDS = ['twin', 'sibling', 'namesake', 'stranger'] as const;
type NegativeKind = (typeof NEGATIVE_KINDS)[number];
const METHODS = ['strong', 'review', 'baseline'] as const;
type Method = (typeof METHODS)[number];
const METHOD_LABELS: Record<Method, string> = {
  strong: 'scoreMatch, strong',
  review: 'scoreMatch, strong + possible (shown for review)',
  baseline: 'Baseline: exact given name + family name + date of birth',
};

interface Query {
  facts: PersonFacts;
  kind: DuplicateKind | NegativeKind;
  truthId?: string;
  description: string;
}

interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** What is printed, kept too for the section of BENCHMARKS.md. */
const report: string[] = [];

function write(text: string): void {
  process.stdout.write(`${text}\n`);
  report.push(text);
}

/** Puts the report between its markers in BENCHMARKS.md, or at the end the first time. */
function writeBenchmarksSection(): void {
  const file = 'BENCHMARKS.md';
  if (!fs.existsSync(file)) return;
  const section = `<!-- matching-quality:start -->\n${report.join('\n')}\n<!-- matching-quality:end -->`;
  const existing = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(
    file,
    existing.includes('<!-- matching-quality:start -->')
      ? existing.replace(/<!-- matching-quality:start -->[\s\S]*<!-- matching-quality:end -->/, section)
      : `${existing}\n${section}\n`,
  );
}

function factsOf(person: GeneratedPerson): PersonFacts {
  return {
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    postcode: person.postcode,
    sex: person.sex,
    ...(person.nhsNumber ? { nhsNumber: person.nhsNumber } : {}),
  };
}

function blockingKeys(facts: PersonFacts): string[] {
  const keys = new Set<string>();
  for (const name of [facts.familyName, ...(facts.otherNames ?? [])]) {
    const whole = phoneticKey(name);
    if (whole) keys.add(`f:${whole}`);
    for (const part of nameParts(name)) {
      const key = phoneticKey(part);
      if (key) keys.add(`f:${key}`);
    }
  }
  if (facts.dateOfBirth) keys.add(`d:${facts.dateOfBirth}`);
  const nhs = facts.nhsNumber?.replace(/\D/g, '');
  if (nhs) keys.add(`n:${nhs}`);
  return [...keys];
}

function baselineMatch(a: PersonFacts, b: PersonFacts): boolean {
  return (
    normaliseName(a.givenName) === normaliseName(b.givenName) &&
    normaliseName(a.familyName) === normaliseName(b.familyName) &&
    a.dateOfBirth !== undefined &&
    a.dateOfBirth === b.dateOfBirth
  );
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

function fixed(value: number): string {
  return value.toFixed(4);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function main(): void {
  const started = performance.now();
  const generator = createPersonGenerator(SEED);
  const random = generator.random;

  // The people on record.
  const people: GeneratedPerson[] = [];
  for (const person of generator) {
    people.push(person);
    if (people.length >= POPULATION) break;
  }

  // Duplicate queries: an equal share of each kind, each from a different person.
  const queries: Query[] = [];
  const order = shuffle(
    people.map((_, index) => index),
    random,
  );
  const used = new Set<number>();
  const cursor = new Map<DuplicateKind, number>();
  for (let k = 0; k < DUPLICATES; k++) {
    const kind = DUPLICATE_KINDS[k % DUPLICATE_KINDS.length] as DuplicateKind;
    let position = cursor.get(kind) ?? 0;
    for (; position < order.length; position++) {
      const index = order[position] as number;
      if (used.has(index)) continue;
      const person = people[index] as GeneratedPerson;
      const variant = makeDuplicateVariant(person, random, kind);
      if (!variant) continue;
      used.add(index);
      const { sourceId, ...facts } = variant.record;
      if (kind !== 'changed-family-name' && facts.nhsNumber && random() >= QUERY_KEEPS_NHS_NUMBER) delete facts.nhsNumber;
      queries.push({ facts, kind, truthId: sourceId, description: variant.description });
      position++;
      break;
    }
    cursor.set(kind, position);
  }

  // People not on record who look like people who are.
  const children = people.filter((person) => person.role === 'child');
  for (const kind of NEGATIVE_KINDS) {
    for (let i = 0; i < NEGATIVES_PER_KIND; i++) {
      let person: GeneratedPerson;
      if (kind === 'twin') person = generator.twinOf(children[Math.floor(random() * children.length)] as GeneratedPerson);
      else if (kind === 'sibling') person = generator.siblingOf(children[Math.floor(random() * children.length)] as GeneratedPerson);
      else if (kind === 'namesake') person = generator.namesakeOf(people[Math.floor(random() * people.length)] as GeneratedPerson);
      else person = generator.stranger();
      const facts = factsOf(person);
      if (facts.nhsNumber && random() >= QUERY_KEEPS_NHS_NUMBER) delete facts.nhsNumber;
      queries.push({ facts, kind, description: `${person.givenName} ${person.familyName} ${person.dateOfBirth}` });
    }
  }

  // Blocking index.
  const index = new Map<string, number[]>();
  people.forEach((person, i) => {
    for (const key of blockingKeys(person)) {
      const list = index.get(key) ?? [];
      list.push(i);
      index.set(key, list);
    }
  });

  const overall: Record<Method, Counts> = {
    strong: { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    review: { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    baseline: { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
  };
  const perKind = new Map<
    string,
    {
      queries: number;
      withNhs: number;
      found: Record<Method, number>;
      wrongQueries: Record<Method, number>;
      wrongPairs: Record<Method, number>;
    }
  >();
  const byNhs = {
    withNhsNumber: { pairs: 0, strong: 0, review: 0, baseline: 0 },
    withoutNhsNumber: { pairs: 0, strong: 0, review: 0, baseline: 0 },
  };
  const missedBlocking: string[] = [];
  const missed: string[] = [];
  const wrong: string[] = [];
  let comparisons = 0;

  const scoringStarted = performance.now();
  for (const query of queries) {
    const stats = perKind.get(query.kind) ?? {
      queries: 0,
      withNhs: 0,
      found: { strong: 0, review: 0, baseline: 0 },
      wrongQueries: { strong: 0, review: 0, baseline: 0 },
      wrongPairs: { strong: 0, review: 0, baseline: 0 },
    };
    perKind.set(query.kind, stats);
    stats.queries++;
    if (query.facts.nhsNumber) stats.withNhs++;
    const candidates = new Set<number>();
    for (const key of blockingKeys(query.facts)) for (const i of index.get(key) ?? []) candidates.add(i);
    const found: Record<Method, boolean> = { strong: false, review: false, baseline: false };
    const wrongHere: Record<Method, boolean> = { strong: false, review: false, baseline: false };
    let truthSeen = false;
    for (const i of candidates) {
      const candidate = people[i] as GeneratedPerson;
      comparisons++;
      const result = scoreMatch(query.facts, candidate);
      const isTrue = candidate.id === query.truthId;
      if (isTrue) truthSeen = true;
      const predicted: Record<Method, boolean> = {
        strong: result.band === 'strong',
        review: result.band !== 'weak',
        baseline: baselineMatch(query.facts, candidate),
      };
      for (const method of METHODS) {
        if (!predicted[method]) continue;
        if (isTrue) {
          overall[method].truePositives++;
          found[method] = true;
        } else {
          overall[method].falsePositives++;
          stats.wrongPairs[method]++;
          wrongHere[method] = true;
        }
      }
      if (SHOW_ERRORS && !isTrue && predicted.strong && wrong.length < 40) {
        wrong.push(
          `${query.kind}: ${JSON.stringify(query.facts)} ~ ${JSON.stringify(factsOf(candidate))} → ${result.score} ${result.reasons.join('; ')} | ${result.conflicts.join('; ')}`,
        );
      }
      if (SHOW_ERRORS && isTrue && !predicted.strong && missed.length < 60) {
        missed.push(`${query.kind} (${query.description}): ${result.score} ${result.reasons.join('; ')} | ${result.conflicts.join('; ')}`);
      }
    }
    for (const method of METHODS) if (wrongHere[method]) stats.wrongQueries[method]++;
    if (query.truthId) {
      const bucket = query.facts.nhsNumber ? byNhs.withNhsNumber : byNhs.withoutNhsNumber;
      bucket.pairs++;
      for (const method of METHODS) {
        if (found[method]) {
          stats.found[method]++;
          bucket[method]++;
        } else {
          overall[method].falseNegatives++;
        }
      }
      if (!truthSeen) missedBlocking.push(`${query.kind}: ${query.description}`);
    }
  }
  const scoringSeconds = (performance.now() - scoringStarted) / 1000;

  const summary = Object.fromEntries(
    METHODS.map((method) => {
      const c = overall[method];
      return [
        method,
        {
          label: METHOD_LABELS[method],
          precision: ratio(c.truePositives, c.truePositives + c.falsePositives),
          recall: ratio(c.truePositives, c.truePositives + c.falseNegatives),
          ...c,
        },
      ];
    }),
  ) as Record<Method, { label: string; precision: number; recall: number } & Counts>;

  const duplicateKinds = DUPLICATE_KINDS.map((kind) => {
    const stats = perKind.get(kind);
    const pairs = stats?.queries ?? 0;
    return {
      kind,
      pairs,
      withNhsNumber: stats?.withNhs ?? 0,
      recall: Object.fromEntries(METHODS.map((method) => [method, ratio(stats?.found[method] ?? 0, pairs)])) as Record<Method, number>,
      wrongPairs: stats?.wrongPairs ?? { strong: 0, review: 0, baseline: 0 },
    };
  });
  const negativeKinds = NEGATIVE_KINDS.map((kind) => {
    const stats = perKind.get(kind);
    return {
      kind,
      queries: stats?.queries ?? 0,
      withNhsNumber: stats?.withNhs ?? 0,
      queriesWronglyMatched: stats?.wrongQueries ?? { strong: 0, review: 0, baseline: 0 },
      wrongPairs: stats?.wrongPairs ?? { strong: 0, review: 0, baseline: 0 },
    };
  });
  const strongMeetsTargets = summary.strong.precision >= TARGET.precision && summary.strong.recall >= TARGET.recall;

  const results = {
    description: 'Person matching quality: scoreMatch bands against exact given name + family name + date of birth, on fictional people',
    seed: SEED,
    population: people.length,
    duplicateQueries: queries.filter((query) => query.truthId).length,
    nonDuplicateQueries: queries.filter((query) => !query.truthId).length,
    queryKeepsNhsNumber: QUERY_KEEPS_NHS_NUMBER,
    candidatePairsScored: comparisons,
    averageCandidatesPerQuery: comparisons / queries.length,
    duplicatesMissedByBlocking: missedBlocking.length,
    scoringSeconds: Math.round(scoringSeconds * 100) / 100,
    bands: MATCH_BANDS,
    weights: MATCH_WEIGHTS,
    targets: TARGET,
    strongMeetsTargets,
    methods: summary,
    recallByNhsNumber: Object.fromEntries(
      Object.entries(byNhs).map(([key, bucket]) => [
        key,
        {
          pairs: bucket.pairs,
          strong: ratio(bucket.strong, bucket.pairs),
          review: ratio(bucket.review, bucket.pairs),
          baseline: ratio(bucket.baseline, bucket.pairs),
        },
      ]),
    ),
    duplicateKinds,
    negativeKinds,
  };
  const resultsPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'matching-quality.json');
  fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
  fs.writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);

  const n = (value: number) => value.toLocaleString('en-GB');
  write('## Person matching quality\n');
  write(
    `${n(people.length)} fictional people; ${n(results.duplicateQueries)} duplicate queries and ${n(results.nonDuplicateQueries)} queries about people not on record ` +
      `(seed ${SEED}). ${n(comparisons)} candidate pairs scored (${results.averageCandidatesPerQuery.toFixed(1)} a query) in ${scoringSeconds.toFixed(1)} s; ` +
      `${missedBlocking.length} duplicates not among the candidates. Bands: strong ≥ ${MATCH_BANDS.strong}, possible ≥ ${MATCH_BANDS.possible}.\n`,
  );
  write('| Method | Precision | Recall | True positives | False positives | Missed |');
  write('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const method of METHODS) {
    const s = summary[method];
    write(
      `| ${s.label} | ${fixed(s.precision)} | ${fixed(s.recall)} | ${n(s.truePositives)} | ${n(s.falsePositives)} | ${n(s.falseNegatives)} |`,
    );
  }
  write(
    `\nTargets for strong matches, precision ≥ ${TARGET.precision} and recall ≥ ${TARGET.recall}: ${strongMeetsTargets ? 'met' : 'NOT met'}.\n`,
  );
  write('### Recall by kind of duplicate\n');
  write('| Kind | Pairs | With NHS number | Strong | Strong + possible | Baseline |');
  write('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of duplicateKinds) {
    write(
      `| ${row.kind} | ${n(row.pairs)} | ${n(row.withNhsNumber)} | ${fixed(row.recall.strong)} | ${fixed(row.recall.review)} | ${fixed(row.recall.baseline)} |`,
    );
  }
  for (const [key, bucket] of Object.entries(results.recallByNhsNumber)) {
    write(
      `| (all, ${key === 'withNhsNumber' ? 'query has NHS number' : 'query has no NHS number'}) | ${n(bucket.pairs)} | | ${fixed(bucket.strong)} | ${fixed(bucket.review)} | ${fixed(bucket.baseline)} |`,
    );
  }
  write('\n### People not on record wrongly matched (queries with at least one wrong match)\n');
  write('| Kind | Queries | With NHS number | Strong | Strong + possible | Baseline |');
  write('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of negativeKinds) {
    const w = row.queriesWronglyMatched;
    write(`| ${row.kind} | ${n(row.queries)} | ${n(row.withNhsNumber)} | ${n(w.strong)} | ${n(w.review)} | ${n(w.baseline)} |`);
  }
  write(`\nWritten to ${path.relative(process.cwd(), resultsPath)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  writeBenchmarksSection();

  if (SHOW_ERRORS) {
    write('\n### Missed duplicates (strong)\n');
    for (const line of missed) write(`- ${line}`);
    write('\n### Wrong strong matches\n');
    for (const line of wrong) write(`- ${line}`);
    write('\n### Duplicates not among the candidates\n');
    for (const line of missedBlocking.slice(0, 20)) write(`- ${line}`);
  }
}

main();
