/**
 * `npm run bench`: response times of TellOnce's pages against the platform's own limit (a bare
 * Fastify route answered the same way), on the embedded database with the demo partnership, and
 * on PostgreSQL too when DATABASE_URL is set. Writes bench/results/pages.json and the table in
 * BENCHMARKS.md. Medians and ratios from one run; absolute times vary with the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { benchDatabase } from './databases.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDemoPartnershipIfEmpty } from '../src/demo/demo-partnership.js';
import { AuditService } from '../src/platform/audit/audit.service.js';
import { TestClient } from '../test/support/test-app.js';

const ROUNDS = 5;
const REQUESTS_PER_ROUND = 200;
const PASSWORD = 'bench-demo-password-2026';

interface Measure {
  page: string;
  medianMs: number;
  p95Ms: number;
  minRoundMedianMs: number;
  maxRoundMedianMs: number;
  ratioToBareRoute: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function time(run: () => Promise<unknown>): Promise<{ all: number[]; roundMedians: number[] }> {
  for (let i = 0; i < 20; i++) await run();
  const all: number[] = [];
  const roundMedians: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS_PER_ROUND; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    roundMedians.push(quantile(times, 0.5));
    all.push(...times);
  }
  all.sort((a, b) => a - b);
  return { all, roundMedians: roundMedians.sort((a, b) => a - b) };
}

const prepare = (kind: 'pglite' | 'postgres') => benchDatabase(kind, `tellonce_bench_${process.pid}`);

async function measure(kind: 'pglite' | 'postgres', bare: FastifyInstance, bareMedian: number): Promise<Measure[]> {
  const { database, cleanup } = await prepare(kind);
  try {
    await migrateToLatest(database.db as never);
    await createDemoPartnershipIfEmpty(database.db, new AuditService(database.db), PASSWORD);
    const { app } = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', SIGN_IN_RATE_LIMIT: '100000' }),
      db: database.db,
      databaseKind: database.kind,
    });
    await app.ready();
    const results: Measure[] = [];
    const visitor = new TestClient(app);
    const admin = new TestClient(app);
    await admin.signIn('kit.administrator@cambs.tellonce.example', PASSWORD);
    const pages: [string, TestClient, string][] = [
      ['sign-in page (signed out)', visitor, '/sign-in'],
      ['home page (administrator)', admin, '/'],
      ['partnership overview', admin, '/partnership'],
      ['agencies list', admin, '/partnership/agencies'],
      ['users list', admin, '/admin/users'],
    ];
    for (const [page, client, url] of pages) {
      const { all, roundMedians } = await time(async () => {
        const response = await client.get(url);
        if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
      });
      results.push({
        page: `${page} — ${kind}`,
        medianMs: quantile(all, 0.5),
        p95Ms: quantile(all, 0.95),
        minRoundMedianMs: roundMedians[0] ?? 0,
        maxRoundMedianMs: roundMedians.at(-1) ?? 0,
        ratioToBareRoute: quantile(all, 0.5) / bareMedian,
      });
    }
    await app.close();
    return results;
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  const bare = Fastify();
  bare.get('/', () => 'ok');
  await bare.ready();
  const bareTimes = await time(() => bare.inject({ method: 'GET', url: '/' }));
  const bareMedian = quantile(bareTimes.all, 0.5);
  const results: Measure[] = [
    {
      page: 'bare Fastify route (the platform’s limit)',
      medianMs: bareMedian,
      p95Ms: quantile(bareTimes.all, 0.95),
      minRoundMedianMs: bareTimes.roundMedians[0] ?? 0,
      maxRoundMedianMs: bareTimes.roundMedians.at(-1) ?? 0,
      ratioToBareRoute: 1,
    },
  ];
  results.push(...(await measure('pglite', bare, bareMedian)));
  if (process.env.DATABASE_URL) results.push(...(await measure('postgres', bare, bareMedian)));
  await bare.close();

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
  const when = new Date().toISOString();
  fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join('bench', 'results', 'pages.json'),
    JSON.stringify({ when, machine, rounds: ROUNDS, requestsPerRound: REQUESTS_PER_ROUND, results }, null, 2),
  );

  const fmt = (ms: number) => ms.toFixed(2);
  const table = [
    '| page | median ms | p95 ms | round medians min–max ms | × bare route |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.page} | ${fmt(r.medianMs)} | ${fmt(r.p95Ms)} | ${fmt(r.minRoundMedianMs)}–${fmt(r.maxRoundMedianMs)} | ${r.ratioToBareRoute.toFixed(1)} |`,
    ),
  ].join('\n');
  const section = `<!-- pages:start -->\nMeasured ${when} on ${machine}: ${ROUNDS} rounds of ${REQUESTS_PER_ROUND} sequential requests per page through \`app.inject\` (no network), demo partnership data.\n\n${table}\n<!-- pages:end -->`;
  const file = 'BENCHMARKS.md';
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const updated = existing.includes('<!-- pages:start -->')
    ? existing.replace(/<!-- pages:start -->[\s\S]*<!-- pages:end -->/, section)
    : `${existing}${section}\n`;
  fs.writeFileSync(file, updated);
  console.warn(table);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
