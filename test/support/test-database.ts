/**
 * A fresh database for one test file, copied from the run's prepared template.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const template = inject('databaseTemplate');
  if (template.kind === 'pglite') {
    const snapshot = new Blob([fs.readFileSync(template.snapshotPath)]);
    return openDatabase({ loadDataDir: snapshot });
  }
  const name = `tellonce_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.templateName}`);
  await admin.end();
  const url = new URL(template.serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: template.serverUrl });
      await cleanup.connect();
      // Not WITH (FORCE): terminating our own connections while they close raises errors in them.
      // Wait for them to go instead; the run's teardown drops anything left.
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch (error) {
          if (!(error instanceof Error) || !/being accessed by other users/.test(error.message)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      await cleanup.end();
    },
  };
}
