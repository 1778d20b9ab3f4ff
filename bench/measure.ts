/**
 * How the page benchmarks measure and report: each page timed one request at a time and with
 * several in flight, against a bare Fastify route rendering the same template with the same data
 * (the platform's limit for that page); rows inserted in batches; a marked section of BENCHMARKS.md
 * replaced with the new figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import type { Kysely } from 'kysely';
import nunjucks from 'nunjucks';
import type { Database } from '../src/db/schema.js';
import { configureNunjucks, TEMPLATE_PATHS } from '../src/platform/views/views.js';

export const ROUNDS = 5;
export const PER_ROUND = 60;
export const CONCURRENCY = 10;
export const CONCURRENT_REQUESTS = 300;
const BATCH = 1000;

export interface Timing {
  medianMs: number;
  p95Ms: number;
  minRoundMedianMs: number;
  maxRoundMedianMs: number;
}

export interface PageRow {
  page: string;
  database: string;
  sequential: Timing;
  concurrent: Timing & { requestsPerSecond: number };
  bare: Timing;
  bareConcurrent: Timing & { requestsPerSecond: number };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function timing(all: number[], medians: number[]): Timing {
  all.sort((a, b) => a - b);
  medians.sort((a, b) => a - b);
  return {
    medianMs: quantile(all, 0.5),
    p95Ms: quantile(all, 0.95),
    minRoundMedianMs: medians[0] ?? 0,
    maxRoundMedianMs: medians.at(-1) ?? 0,
  };
}

/** ROUNDS rounds of PER_ROUND requests one after another, after ten to warm up. */
export async function sequential(run: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 10; i++) await run();
  const all: number[] = [];
  const medians: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = [];
    for (let i = 0; i < PER_ROUND; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    medians.push(quantile(times, 0.5));
    all.push(...times);
  }
  return timing(all, medians);
}

/** CONCURRENT_REQUESTS requests with CONCURRENCY in flight at once, in ROUNDS rounds. */
export async function concurrent(run: () => Promise<unknown>): Promise<Timing & { requestsPerSecond: number }> {
  const all: number[] = [];
  const medians: number[] = [];
  let elapsed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONCURRENT_REQUESTS) {
          next++;
          const start = performance.now();
          await run();
          times.push(performance.now() - start);
        }
      }),
    );
    elapsed += performance.now() - started;
    times.sort((a, b) => a - b);
    medians.push(quantile(times, 0.5));
    all.push(...times);
  }
  return { ...timing(all, medians), requestsPerSecond: (ROUNDS * CONCURRENT_REQUESTS) / (elapsed / 1000) };
}

/** A bare Fastify route rendering a template with the same data: the platform's limit for a page. */
export async function bareRoute(template: string, data: Record<string, unknown>): Promise<FastifyInstance> {
  const bare = Fastify();
  await bare.register(fastifyView, {
    engine: { nunjucks },
    templates: TEMPLATE_PATHS,
    options: { autoescape: true, onConfigure: configureNunjucks },
  });
  bare.get('/', (_request, reply) => reply.view(template, data));
  await bare.ready();
  return bare;
}

/** Times a page through the application and its bare route. */
export async function measurePage(page: string, database: string, run: () => Promise<unknown>, bare: FastifyInstance): Promise<PageRow> {
  const bareGet = () => bare.inject({ method: 'GET', url: '/' });
  return {
    page,
    database,
    sequential: await sequential(run),
    concurrent: await concurrent(run),
    bare: await sequential(bareGet),
    bareConcurrent: await concurrent(bareGet),
  };
}

/** Inserts rows in batches. */
export async function insertAll(db: Kysely<Database>, table: keyof Database, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + BATCH))
      .execute();
  }
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
}

/** The Markdown table of page rows. */
export function pageTable(rows: PageRow[]): string {
  const ms = (value: number) => value.toFixed(1);
  return [
    `| page | database | one at a time: median (p95) ms | round medians min–max | ${CONCURRENCY} in flight: median (p95) ms, req/s | bare route with the same template: median ms | × bare, one at a time | × bare, in flight |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.page} | ${row.database} | ${ms(row.sequential.medianMs)} (${ms(row.sequential.p95Ms)}) | ${ms(row.sequential.minRoundMedianMs)}–${ms(row.sequential.maxRoundMedianMs)} | ${ms(row.concurrent.medianMs)} (${ms(row.concurrent.p95Ms)}), ${row.concurrent.requestsPerSecond.toFixed(0)} | ${ms(row.bare.medianMs)} | ${(row.sequential.medianMs / row.bare.medianMs).toFixed(1)} | ${(row.concurrent.medianMs / row.bareConcurrent.medianMs).toFixed(1)} |`,
    ),
  ].join('\n');
}

/** Replaces (or adds) the `<!-- name:start -->…<!-- name:end -->` section of BENCHMARKS.md. */
export function writeBenchmarksSection(name: string, body: string): void {
  const section = `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`;
  const file = 'BENCHMARKS.md';
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const marker = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  fs.writeFileSync(file, marker.test(existing) ? existing.replace(marker, () => section) : `${existing}\n${section}\n`);
}
