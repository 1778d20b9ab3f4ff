/**
 * Builds TellOnce for a test file on its own database, with a clock the test can move, and a
 * small client for app.inject that keeps cookies and sends each form's CSRF token like a browser.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type Services } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { CurrentUser } from '../../src/platform/http/types.js';
import { TEST_DEMO_PASSWORD } from './constants.js';
import { openTestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  database: DatabaseHandle;
  config: Config;
  clock: { now: Date; advanceMinutes(minutes: number): void };
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DEMO_PASSWORD: TEST_DEMO_PASSWORD, ...env });
  const clock = {
    now: new Date(),
    advanceMinutes(minutes: number) {
      this.now = new Date(this.now.getTime() + minutes * 60_000);
    },
  };
  const { app, services } = await buildApp({ config, db: database.db, databaseKind: database.kind, now: () => clock.now });
  await app.ready();
  return {
    app,
    services,
    database,
    config,
    clock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A browser-like client: keeps cookies, follows nothing, and fills in the CSRF token from the last page it saw. */
export class TestClient {
  private cookies = new Map<string, string>();
  private lastCsrfToken: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.lastCsrfToken = token;
    return response;
  }

  /** The Cookie header this client sends now. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: this.cookieHeader() } }));
  }

  /** Posts a form as a browser would, with the CSRF token from the last page unless one is given. */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    if (options.csrf !== false && this.lastCsrfToken && !('_csrf' in fields)) body.append('_csrf', this.lastCsrfToken);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      }),
    );
  }

  async signIn(email: string, password = TEST_DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}

/** The e-mail address of the first active demo account with a role in a council. */
export async function demoEmail(services: Services, role: string, council = 'Cambridgeshire'): Promise<string> {
  const staff = await services.users.list({ status: 'active' });
  const member = staff.find((candidate) => candidate.role === role && candidate.councilName === council);
  if (!member) throw new Error(`No demo ${role} in ${council}`);
  return member.email;
}

/** The signed-in person as routes see them, for calling services directly in a test. */
export async function currentUserFor(services: Services, email: string): Promise<CurrentUser> {
  const [member] = await services.users.list({ name: email });
  if (!member) throw new Error(`No user ${email}`);
  return {
    id: member.id,
    email: member.email,
    displayName: member.displayName,
    role: member.role,
    localAuthorityId: member.councilId,
    agencyId: member.agencyId,
    teamId: member.teamId,
  };
}

/** Opens a family record through the pages, as the client's signed-in person, and returns its id. */
export async function openFamilyThroughPages(client: TestClient, councilId: string, name: string): Promise<string> {
  await client.get('/families/new');
  const response = await client.post('/families', { name, councilId });
  const familyId = /\/families\/([0-9a-f-]{36})/.exec(String(response.headers.location))?.[1];
  if (response.statusCode !== 303 || !familyId)
    throw new Error(`Opening a family answered ${response.statusCode} ${String(response.headers.location)}`);
  return familyId;
}

/** The audit actions recorded about a record, oldest first. */
export async function auditActionsFor(test: TestApp, recordId: string): Promise<string[]> {
  const rows = await test.database.db.selectFrom('audit_events').select('action').where('record_id', '=', recordId).orderBy('id').execute();
  return rows.map((row) => row.action);
}
