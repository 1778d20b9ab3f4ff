/**
 * The composition root: builds the TellOnce web application from its settings and database.
 * The server and the tests both build the application here.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { Kysely } from 'kysely';
import nunjucks from 'nunjucks';
import type { Config } from './config.js';
import type { DatabaseKind } from './db/database.js';
import type { Database } from './db/schema.js';
import { AuditService } from './platform/audit/audit.service.js';
import { registerAuditRoutes } from './platform/audit/audit.routes.js';
import { AuthService } from './platform/auth/auth.service.js';
import { registerAuthRoutes, SESSION_COOKIE } from './platform/auth/auth.routes.js';
import { ConflictError, NotFoundError } from './platform/http/errors.js';
import { checkPermission, requirePermissionOnEveryRoute } from './platform/http/guard.js';
import { safeReturnPath } from './platform/http/paths.js';
import './platform/http/types.js';
import { ROLE_NAMES } from './platform/permissions/roles.js';
import { Navigation } from './platform/views/navigation.js';
import { configureNunjucks, GOVUK_FRONTEND_ROOT, MOJ_FRONTEND_ROOT, SOURCE_ROOT, TEMPLATE_PATHS } from './platform/views/views.js';
import { registerHomeRoutes } from './home/home.routes.js';
import { HomeService } from './home/home.service.js';
import { registerInformationPages } from './information/information.routes.js';
import { PartnershipService } from './partnership/partnership.service.js';
import { registerPartnershipRoutes } from './partnership/partnership.routes.js';
import { UsersService } from './users/users.service.js';
import { ChronologyService } from './chronology/chronology.service.js';
import { ConsentService } from './consent/consent.service.js';
import { FamiliesService } from './families/families.service.js';
import { registerFamiliesRoutes } from './families/families.routes.js';
import { PeopleService } from './people/people.service.js';
import { registerPeopleRoutes } from './people/people.routes.js';
import { registerConsentRoutes } from './consent/consent.routes.js';
import { registerChronologyRoutes } from './chronology/chronology.routes.js';
import { registerUsersRoutes } from './users/users.routes.js';
import { NotificationService } from './notifications/notifications.service.js';
import { registerNotificationRoutes } from './notifications/notifications.routes.js';
import { AdviceLineService } from './advice-line/advice-line.service.js';
import { registerAdviceLineRoutes } from './advice-line/advice-line.routes.js';
import { HubQualityService } from './hub-quality/hub-quality.service.js';
import { registerHubQualityRoutes } from './hub-quality/hub-quality.routes.js';
import { HubFiguresService } from './hub-figures/hub-figures.service.js';
import { registerHubFiguresRoutes } from './hub-figures/hub-figures.routes.js';
import { PartnerApiService } from './partner-api/partner-api.service.js';
import { registerPartnerApiRoutes } from './partner-api/partner-api.routes.js';
import { ContactsService } from './front-door/contacts.service.js';
import { registerFrontDoorRoutes } from './front-door/front-door.routes.js';
import { HubService } from './hub/hub.service.js';
import { EpisodesService } from './episodes/episodes.service.js';
import { registerEpisodeRoutes } from './episodes/episodes.routes.js';
import { registerHubRoutes } from './hub/hub.routes.js';
import { AllocationService } from './allocation/allocation.service.js';
import { registerAllocationRoutes } from './allocation/allocation.routes.js';
import { SocialCareService } from './social-care/social-care.service.js';
import { registerSocialCareRoutes } from './social-care/social-care.routes.js';

export interface AppDependencies {
  config: Config;
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  /** The clock, so that tests can move time on (session time-outs, locks). */
  now?: () => Date;
  /** Where logs go; standard output unless a test wants to read them. */
  logStream?: NodeJS.WritableStream;
}

export interface Services {
  audit: AuditService;
  auth: AuthService;
  partnership: PartnershipService;
  users: UsersService;
  home: HomeService;
  chronology: ChronologyService;
  families: FamiliesService;
  people: PeopleService;
  consent: ConsentService;
  notifications: NotificationService;
  adviceLine: AdviceLineService;
  hubQuality: HubQualityService;
  hubFigures: HubFiguresService;
  partnerApi: PartnerApiService;
  contacts: ContactsService;
  hub: HubService;
  episodes: EpisodesService;
  allocation: AllocationService;
  socialCare: SocialCareService;
}

export const FLASH_COOKIE = 'tellonce_flash';

export async function buildApp(deps: AppDependencies): Promise<{ app: FastifyInstance; services: Services }> {
  const { config, db } = deps;
  const now = deps.now ?? (() => new Date());
  const secureCookies = config.environment === 'production';

  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Logs never carry personal data: no bodies, no query strings, no cookies or tokens.
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
    },
    genReqId: () => randomUUID(),
    trustProxy: config.environment === 'production',
    bodyLimit: 1_048_576,
  });

  requirePermissionOnEveryRoute(app);

  const audit = new AuditService(db);
  const auth = new AuthService(db, config, audit, now);
  const partnership = new PartnershipService(db, audit);
  const users = new UsersService(db, audit, partnership, now);
  const home = new HomeService(partnership, users, {
    hub: (councilId) => hub.waiting(councilId),
    adviceFollowUps: (councilId) => adviceLine.followUpsDue(councilId),
    familiesToAllocate: (user) => allocation.waitingCount(user),
    safeguardingToReceive: (councilId) => socialCare.waitingCount(councilId),
  });
  const chronology = new ChronologyService();
  const families = new FamiliesService(db, audit, chronology, partnership, now);
  const people = new PeopleService(db, audit, families, chronology, partnership, now);
  const consent = new ConsentService(families, partnership, audit, chronology, now);
  const notifications = new NotificationService(
    db,
    audit,
    { apiKey: config.notify.apiKey, emailTemplateId: config.notify.emailTemplateId, publicBaseUrl: config.publicBaseUrl },
    now,
  );
  const adviceLine = new AdviceLineService(db, audit, chronology, partnership, now);
  const hubQuality = new HubQualityService(db, audit, now);
  const hubFigures = new HubFiguresService(db, audit, partnership, now);
  const contacts = new ContactsService(db, audit, partnership, notifications, now);
  const hub = new HubService(db, audit, families, people, consent, chronology, partnership, notifications, contacts, now);
  const episodes = new EpisodesService(db, families, consent, audit, chronology, notifications, now);
  const allocation = new AllocationService(db, audit, families, chronology, partnership, notifications, now);
  const socialCare = new SocialCareService(db, audit, notifications, contacts, now);
  const partnerApi = new PartnerApiService(db, audit, partnership, contacts, now);
  const services: Services = {
    audit,
    auth,
    partnership,
    users,
    home,
    chronology,
    families,
    people,
    consent,
    notifications,
    adviceLine,
    hubQuality,
    hubFigures,
    contacts,
    hub,
    episodes,
    allocation,
    socialCare,
    partnerApi,
  };
  const navigation = new Navigation();

  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyFormbody);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCsrf, {
    cookieKey: 'tellonce_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, signed: true },
    sessionPlugin: '@fastify/cookie',
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: TEMPLATE_PATHS,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: config.environment === 'development',
      onConfigure: configureNunjucks,
    },
  });

  // Compiled GOV.UK and MOJ Frontend styles, scripts, fonts and images, served from this machine.
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...route.config, permission: 'public' };
    });
    const cache = { maxAge: config.environment === 'production' ? '1d' : 0 };
    await assets.register(fastifyStatic, {
      root: [path.join(GOVUK_FRONTEND_ROOT, 'dist/govuk/assets'), path.join(MOJ_FRONTEND_ROOT, 'moj/assets')],
      prefix: '/assets/',
      ...cache,
    });
    await assets.register(fastifyStatic, {
      root: path.join(GOVUK_FRONTEND_ROOT, 'dist/govuk'),
      prefix: '/assets/govuk/',
      decorateReply: false,
      allowedPath: (pathName) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
      ...cache,
    });
    await assets.register(fastifyStatic, {
      root: path.join(MOJ_FRONTEND_ROOT, 'moj'),
      prefix: '/assets/moj/',
      decorateReply: false,
      allowedPath: (pathName) => /^\/moj-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
      ...cache,
    });
    await assets.register(fastifyStatic, {
      root: path.join(SOURCE_ROOT, '..', 'public'),
      prefix: '/assets/app/',
      decorateReply: false,
      ...cache,
    });
  });

  app.decorateRequest('currentUser', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateReply('flash', function flash(this: FastifyReply, message: string) {
    return this.setCookie(FLASH_COOKIE, message, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, signed: true });
  });

  const isAsset = (request: FastifyRequest) => request.url.startsWith('/assets/');

  // Who is signed in: read once per request from the server-side session.
  app.addHook('onRequest', async (request, reply) => {
    if (isAsset(request)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const unsigned = request.unsignCookie(token);
    const resumed = unsigned.valid && unsigned.value ? await auth.resume(unsigned.value) : null;
    if (resumed) {
      request.currentUser = resumed.user;
      request.sessionIdHash = resumed.idHash;
    } else {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  });
  app.addHook('onRequest', checkPermission);
  // Every form post carries a CSRF token, checked once the form body has been read.
  app.addHook('preHandler', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || request.routeOptions.config.csrf === false) return;
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
    });
  });
  // What every page's layout needs.
  app.addHook('preHandler', async (request, reply) => {
    if (isAsset(request)) return;
    let flash: string | undefined;
    const flashCookie = request.cookies[FLASH_COOKIE];
    if (flashCookie) {
      const unsigned = request.unsignCookie(flashCookie);
      if (unsigned.valid && unsigned.value) flash = unsigned.value;
      reply.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    const path = request.url.split('?')[0] ?? '/';
    reply.locals = {
      ...reply.locals,
      currentUser: request.currentUser,
      currentRoleName: request.currentUser ? ROLE_NAMES[request.currentUser.role] : undefined,
      navigation: navigation.for(request.currentUser, path),
      currentPath: path,
      demoMode: config.demoMode,
      flash,
      csrfToken: () => reply.generateCsrf(),
    };
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    if (request.url.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html')) {
      return reply.send({ error: 'Not found' });
    }
    reply.locals = {
      ...reply.locals,
      currentUser: request.currentUser,
      navigation: navigation.for(request.currentUser, ''),
      demoMode: config.demoMode,
      csrfToken: () => reply.generateCsrf(),
    };
    return reply.view('platform/views/not-found.njk', { pageTitle: 'Page not found' });
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const html = !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (error instanceof ConflictError) {
      reply.code(409);
      return html
        ? reply.view('platform/views/conflict.njk', { pageTitle: 'Someone else changed this record', returnTo: request.url })
        : reply.send({ error: error.message });
    }
    if (error instanceof NotFoundError) {
      reply.code(404);
      return html ? reply.view('platform/views/not-found.njk', { pageTitle: 'Page not found' }) : reply.send({ error: 'Not found' });
    }
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      request.log.warn({ code: error.code }, 'form refused: CSRF token missing or invalid');
      reply.code(403);
      return html
        ? reply.view('platform/views/form-expired.njk', {
            pageTitle: 'Your form has expired',
            returnTo: safeReturnPath(request.headers.referer),
          })
        : reply.send({ error: 'Missing or invalid CSRF token' });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      reply.code(429);
      return html
        ? reply.view('platform/views/too-many-requests.njk', { pageTitle: 'Too many attempts' })
        : reply.send({ error: 'Too many requests: wait a few minutes and try again' });
    }
    if (status >= 400 && status < 500) {
      reply.code(status);
      if (!html) return reply.send({ error: error.message });
      return status === 404
        ? reply.view('platform/views/not-found.njk', { pageTitle: 'Page not found' })
        : reply.view('platform/views/bad-request.njk', { pageTitle: 'TellOnce could not read that request' });
    }
    const reference = request.id.slice(0, 8).toUpperCase();
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack }, reference }, 'request failed');
    reply.code(500);
    return html
      ? reply.view('platform/views/server-error.njk', { pageTitle: 'Sorry, there is a problem with the service', reference })
      : reply.send({ error: 'Something went wrong', reference });
  });

  app.get('/health', { config: { permission: 'public' } }, async (_request, reply) => {
    try {
      await db.selectNoFrom((eb) => eb.val(1).as('ok')).execute();
      return { status: 'ok', database: deps.databaseKind };
    } catch {
      reply.code(503);
      return { status: 'unavailable', database: deps.databaseKind };
    }
  });

  registerAuthRoutes(app, { auth, users, config });
  registerInformationPages(app);
  registerHomeRoutes(app, { home, navigation });
  registerPartnershipRoutes(app, { partnership, navigation });
  registerUsersRoutes(app, { users, partnership, navigation });
  registerAuditRoutes(app, { audit, users, navigation });
  registerFamiliesRoutes(app, { families, people, consent, chronology, partnership, navigation });
  registerPeopleRoutes(app, { people, families, partnership, navigation });
  registerConsentRoutes(app, { families, consent, partnership, audit });
  registerChronologyRoutes(app, { families, chronology, partnership, audit });
  registerNotificationRoutes(app, { notifications, navigation });
  registerAdviceLineRoutes(app, { adviceLine, partnership, navigation, now });
  registerHubQualityRoutes(app, { hubQuality, navigation });
  registerHubFiguresRoutes(app, { hubFigures, partnership, navigation });
  registerFrontDoorRoutes(app, { contacts, partnership, navigation, now, secureCookies });
  registerHubRoutes(app, { hub, navigation });
  registerEpisodeRoutes(app, { episodes, families, navigation });
  registerAllocationRoutes(app, { allocation, navigation });
  registerSocialCareRoutes(app, { socialCare, navigation });
  registerPartnerApiRoutes(app, { partnerApi, partnership, navigation, publicBaseUrl: config.publicBaseUrl });

  return { app, services };
}
