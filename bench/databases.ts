/**
 * A fresh database for a benchmark: the embedded PGlite in memory, or a new database on the
 * PostgreSQL server named by DATABASE_URL, dropped again afterwards.
 */
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';

export async function benchDatabase(
  kind: 'pglite' | 'postgres',
  name: string,
): Promise<{ database: DatabaseHandle; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({});
    return { database, cleanup: () => database.close() };
  }
  const serverUrl = process.env.DATABASE_URL ?? '';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    cleanup: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}
