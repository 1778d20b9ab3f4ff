/**
 * Starts TellOnce: the embedded database in DATA_DIR by default, or PostgreSQL when
 * DATABASE_URL is set. Migrations run first; outside production an empty database gets the
 * demo partnership.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createDemoPartnershipIfEmpty } from './demo/demo-partnership.js';
import { createDemoRequestsIfEmpty } from './demo/demo-requests.js';
import { AuditService } from './platform/audit/audit.service.js';

async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`TellOnce cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db as never);
  if (config.demoMode) await createDemoPartnershipIfEmpty(database.db, new AuditService(database.db), config.demoPassword);
  const { app, services } = await buildApp({ config, db: database.db, databaseKind: database.kind });
  if (config.demoMode) await createDemoRequestsIfEmpty(services);

  const sweep = setInterval(() => {
    services.auth.removeExpiredSessions().catch((error: unknown) => app.log.error({ err: error }, 'could not remove expired sessions'));
    services.contacts.sweepDrafts().catch((error: unknown) => app.log.error({ err: error }, 'could not remove expired drafts'));
  }, 5 * 60_000);
  services.notifications.start((error: unknown) => app.log.error({ err: error }, 'could not send notifications'));
  sweep.unref();

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'TellOnce stopping');
    clearInterval(sweep);
    services.notifications.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  app.log.info(
    { database: database.kind, seconds },
    `TellOnce is ready at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${database.kind}, started in ${seconds}s)`,
  );
}

main().catch((error: unknown) => {
  console.error('TellOnce could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
