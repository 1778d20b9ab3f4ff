/**
 * Prepares, once per test run, a database with every migration and the demo partnership.
 * Each test file then starts from its own copy: a restored PGlite snapshot, or a PostgreSQL
 * database created from a template when DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, PGLITE_EXTENSIONS } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { createDemoPartnershipIfEmpty } from '../../src/demo/demo-partnership.js';
import { AuditService } from '../../src/platform/audit/audit.service.js';
import { TEST_DEMO_PASSWORD } from './constants.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: { kind: 'pglite'; snapshotPath: string } | { kind: 'postgres'; serverUrl: string; templateName: string };
  }
}

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const templateName = `tellonce_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.query(`CREATE DATABASE ${templateName}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${templateName}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    await migrateToLatest(handle.db as never);
    await createDemoPartnershipIfEmpty(handle.db, new AuditService(handle.db), TEST_DEMO_PASSWORD);
    await handle.close();
    project.provide('databaseTemplate', { kind: 'postgres', serverUrl: databaseUrl, templateName });
    return async () => {
      const cleanup = new pg.Client({ connectionString: databaseUrl });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'tellonce_test_%'`);
      for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await cleanup.end();
    };
  }

  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db as never);
  await createDemoPartnershipIfEmpty(db, new AuditService(db), TEST_DEMO_PASSWORD);
  const dump = await pglite.dumpDataDir('none');
  const snapshotPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tellonce-test-')), 'template.tar');
  fs.writeFileSync(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  project.provide('databaseTemplate', { kind: 'pglite', snapshotPath });
  return () => fs.rmSync(path.dirname(snapshotPath), { recursive: true, force: true });
}
