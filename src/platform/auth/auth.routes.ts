/**
 * Sign in, sign out, and accepting an invitation by choosing a password.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import type { UsersService } from '../../users/users.service.js';
import { formatTime } from '../dates.js';
import { errorSummary, fieldError, text, type FieldErrors } from '../http/forms.js';
import { safeReturnPath } from '../http/paths.js';
import type { AuthService } from './auth.service.js';
import { MIN_PASSWORD_LENGTH } from './password.js';

export const SESSION_COOKIE = 'tellonce_session';

interface Deps {
  auth: AuthService;
  users: UsersService;
  config: Config;
}

export function registerAuthRoutes(app: FastifyInstance, { auth, users, config }: Deps): void {
  const secure = config.environment === 'production';

  async function showSignIn(reply: FastifyReply, values: { email: string; returnTo: string }, errors: FieldErrors = {}) {
    const demoAccounts = config.demoMode ? await users.demoAccounts() : [];
    return reply.view('platform/auth/views/sign-in.njk', {
      pageTitle: 'Sign in',
      values,
      errors: errorSummary(errors),
      emailError: fieldError(errors, 'email'),
      passwordError: fieldError(errors, 'password'),
      demoAccounts,
      demoPassword: config.demoMode ? config.demoPassword : undefined,
    });
  }

  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const returnTo = safeReturnPath((request.query as Record<string, string | undefined>).returnTo);
    if (request.currentUser) return reply.redirect(returnTo);
    return showSignIn(reply, { email: '', returnTo });
  });

  app.post(
    '/sign-in',
    {
      config: {
        permission: 'public',
        rateLimit: { max: config.signInRateLimitPerAddress, timeWindow: config.signInRateLimitWindowMinutes * 60_000 },
      },
    },
    async (request, reply) => {
      const email = text(request.body, 'email');
      const password =
        typeof (request.body as Record<string, unknown>).password === 'string'
          ? ((request.body as Record<string, string>).password ?? '')
          : '';
      const returnTo = safeReturnPath(text(request.body, 'returnTo'));
      const errors: FieldErrors = {};
      if (email === '') errors.email = 'Enter your email address';
      if (password === '') errors.password = 'Enter your password';
      if (Object.keys(errors).length > 0) {
        reply.code(400);
        return showSignIn(reply, { email, returnTo }, errors);
      }
      const result = await auth.signIn(email, password);
      if (result.outcome === 'locked') {
        reply.code(400);
        return showSignIn(
          reply,
          { email, returnTo },
          {
            email: `This account is locked after too many failed attempts to sign in. Try again after ${formatTime(result.lockedUntil)}, or ask an administrator to unlock it`,
          },
        );
      }
      if (result.outcome === 'invalid') {
        reply.code(400);
        return showSignIn(reply, { email, returnTo }, { email: 'Enter a correct email address and password' });
      }
      reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true });
      return reply.redirect(returnTo, 303);
    },
  );

  app.post('/sign-out', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (request.sessionIdHash && request.currentUser) await auth.signOut(request.sessionIdHash, request.currentUser);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signed-out', 303);
  });

  app.get('/signed-out', { config: { permission: 'public' } }, async (_request, reply) => {
    return reply.view('platform/auth/views/signed-out.njk', { pageTitle: 'You have signed out' });
  });

  app.get('/invitation/:token', { config: { permission: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const invitation = await auth.invitation(token);
    if (invitation.state !== 'valid') {
      reply.code(invitation.state === 'expired' ? 410 : 404);
      return reply.view('platform/auth/views/invitation-invalid.njk', {
        pageTitle: 'This invitation link does not work',
        state: invitation.state,
      });
    }
    return reply.view('platform/auth/views/choose-password.njk', {
      pageTitle: 'Choose your password',
      invitation,
      minLength: MIN_PASSWORD_LENGTH,
      token,
    });
  });

  app.post('/invitation/:token', { config: { permission: 'public' } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = request.body as Record<string, unknown>;
    const password = typeof body.password === 'string' ? body.password : '';
    const confirmation = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    const invitation = await auth.invitation(token);
    if (invitation.state !== 'valid') {
      reply.code(410);
      return reply.view('platform/auth/views/invitation-invalid.njk', {
        pageTitle: 'This invitation link does not work',
        state: invitation.state,
      });
    }
    const errors: FieldErrors = {};
    if (password === '') errors.password = 'Enter a password';
    else if (confirmation !== password) errors.confirmPassword = 'The passwords do not match. Type the same password twice';
    if (Object.keys(errors).length === 0) {
      const result = await auth.acceptInvitation(token, password);
      if (result.ok) {
        reply.flash('Your password is set. Sign in with your email address and new password.');
        return reply.redirect('/sign-in', 303);
      }
      errors.password = result.problem;
    }
    reply.code(400);
    return reply.view('platform/auth/views/choose-password.njk', {
      pageTitle: 'Choose your password',
      invitation,
      minLength: MIN_PASSWORD_LENGTH,
      token,
      errors: errorSummary(errors),
      passwordError: fieldError(errors, 'password'),
      confirmPasswordError: fieldError(errors, 'confirmPassword'),
    });
  });
}
