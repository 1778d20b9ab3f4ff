/**
 * Every setting TellOnce reads from the environment, read once and validated here.
 * Nothing else in the application reads process.env.
 */
import path from 'node:path';

export type Environment = 'development' | 'test' | 'production';

export interface Config {
  environment: Environment;
  port: number;
  host: string;
  /** Folder of the embedded PGlite database; used only when databaseUrl is not set. */
  dataDir: string;
  /** postgres://… of a real PostgreSQL server; when set, the embedded database is not used. */
  databaseUrl: string | undefined;
  /** Creates the demo partnership on an empty database and lists demo accounts on the sign-in page. */
  demoMode: boolean;
  demoPassword: string;
  sessionSecret: string;
  /** Minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number;
  /** Hours after sign-in after which a session ends whatever the activity. */
  sessionAbsoluteHours: number;
  /** Failed sign-ins in a row after which an account is locked. */
  signInLockThreshold: number;
  signInLockMinutes: number;
  /** Sign-in attempts one address may make per window. */
  signInRateLimitPerAddress: number;
  signInRateLimitWindowMinutes: number;
  logLevel: string;
  /** GOV.UK Notify: messages are sent when both are set, and kept in the outbox otherwise. */
  notify: { apiKey: string | undefined; emailTemplateId: string | undefined };
  /** The address people reach TellOnce at, for links in messages; no slash at the end. */
  publicBaseUrl: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DEMO_PASSWORD = 'tell-once-demo-2026';
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production';

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, but was "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, but was ${value}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, test or production, but was "${nodeEnv}"`);
  }
  const environment = nodeEnv as Environment;
  const production = environment === 'production';
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (production) {
    if (sessionSecret.length < 32) {
      throw new ConfigError('SESSION_SECRET must be set to a random value of at least 32 characters when NODE_ENV=production');
    }
    if (databaseUrl === undefined) {
      throw new ConfigError('DATABASE_URL must be set when NODE_ENV=production: the embedded database is for trying TellOnce only');
    }
  } else if (sessionSecret !== '' && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  }
  const notifyApiKey = env.NOTIFY_API_KEY && env.NOTIFY_API_KEY !== '' ? env.NOTIFY_API_KEY : undefined;
  const notifyTemplateId = env.NOTIFY_EMAIL_TEMPLATE_ID && env.NOTIFY_EMAIL_TEMPLATE_ID !== '' ? env.NOTIFY_EMAIL_TEMPLATE_ID : undefined;
  if (notifyApiKey !== undefined && notifyTemplateId === undefined) {
    throw new ConfigError(
      'NOTIFY_EMAIL_TEMPLATE_ID must be set when NOTIFY_API_KEY is: the id of a Notify email template with ((subject)) and ((body))',
    );
  }
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicBaseUrl = env.PUBLIC_BASE_URL && env.PUBLIC_BASE_URL !== '' ? env.PUBLIC_BASE_URL : `http://localhost:${port}`;
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(publicBaseUrl) || publicBaseUrl.endsWith('/')) {
    throw new ConfigError('PUBLIC_BASE_URL must start with http:// or https:// and must not end with a slash');
  }
  const demoPassword = env.DEMO_PASSWORD && env.DEMO_PASSWORD !== '' ? env.DEMO_PASSWORD : DEFAULT_DEMO_PASSWORD;
  return {
    environment,
    port,
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data'),
    databaseUrl,
    demoMode: !production,
    demoPassword,
    sessionSecret: sessionSecret !== '' ? sessionSecret : DEVELOPMENT_SESSION_SECRET,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 10, 1, 7 * 24),
    signInLockThreshold: integer(env, 'SIGN_IN_LOCK_THRESHOLD', 5, 1, 100),
    signInLockMinutes: integer(env, 'SIGN_IN_LOCK_MINUTES', 15, 1, 24 * 60),
    signInRateLimitPerAddress: integer(env, 'SIGN_IN_RATE_LIMIT', 30, 1, 100000),
    signInRateLimitWindowMinutes: integer(env, 'SIGN_IN_RATE_LIMIT_WINDOW_MINUTES', 5, 1, 24 * 60),
    logLevel: env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : production ? 'info' : environment === 'test' ? 'silent' : 'info',
    notify: { apiKey: notifyApiKey, emailTemplateId: notifyTemplateId },
    publicBaseUrl,
  };
}
