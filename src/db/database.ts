/**
 * The connection to TellOnce's database: a real PostgreSQL server when DATABASE_URL is set,
 * otherwise the embedded PGlite kept in DATA_DIR. Both speak the same SQL through Kysely.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** The PostgreSQL extensions TellOnce uses, built into the embedded database. */
export const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch };

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (int8) as text; audit ids and counts fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
// Calendar dates (a date of birth, a consent's review date) stay as 'YYYY-MM-DD' text: turning
// them into instants at local midnight would move them a day in some time zones.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; omit for an in-memory one. */
  dataDir?: string | undefined;
  /** A dumped PGlite data folder to start from (tests restore a prepared snapshot). */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection that the server ends (a restart, or a test dropping its database) is
    // reported here; the pool replaces it on next use, so it must not bring the process down.
    pool.on('error', (error) => {
      console.error(`TellOnce: an idle database connection closed: ${error.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: PGLITE_EXTENSIONS,
    parsers: { [DATE_OID]: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
