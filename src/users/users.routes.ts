/**
 * Administrators' screens for the people who use TellOnce.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../platform/audit/actor.js';
import { ValidationError } from '../platform/http/errors.js';
import { formPageModel } from '../platform/http/form-spec.js';
import { errorSummary, fieldError, isUuid, queryText, text } from '../platform/http/forms.js';
import { ROLE_NAMES, ROLES } from '../platform/permissions/roles.js';
import type { Navigation } from '../platform/views/navigation.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import { INVITATION_DAYS, type Input, type UsersService } from './users.service.js';

interface Deps {
  users: UsersService;
  partnership: PartnershipService;
  navigation: Navigation;
}

const manage = { config: { permission: 'users:manage' as const } };

const STATUS_OPTIONS = [
  { value: 'active', text: 'Active' },
  { value: 'invited', text: 'Invited' },
  { value: 'deactivated', text: 'Deactivated' },
];

function formInput(body: unknown): Input {
  const input: Input = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) if (typeof value === 'string') input[key] = value.trim();
  }
  return input;
}

function invitationLink(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.host}/invitation/${token}`;
}

export function registerUsersRoutes(app: FastifyInstance, { users, partnership, navigation }: Deps): void {
  navigation.add({ href: '/admin/users', text: 'Users', permission: 'users:manage', order: 90 });

  async function showForm(reply: FastifyReply, id: string | undefined, input?: Input, errors?: Record<string, string>) {
    const form = await users.form(id, input);
    return reply.view(
      'platform/views/form-page.njk',
      formPageModel(
        {
          pageTitle: id ? 'Change user' : 'Invite a user',
          caption: 'Users',
          action: id ? `/admin/users/${id}` : '/admin/users/invite',
          submitText: id ? 'Save changes' : 'Invite user',
          cancelHref: id ? `/admin/users/${id}` : '/admin/users',
          fields: form.fields,
          values: form.values,
          ...(form.version !== undefined ? { version: input?.version ? Number(input.version) : form.version } : {}),
        },
        errors,
      ),
    );
  }

  app.get('/admin/users', manage, async (request, reply) => {
    const filter = {
      councilId: queryText(request.query, 'council'),
      role: queryText(request.query, 'role'),
      status: queryText(request.query, 'status'),
      name: queryText(request.query, 'name'),
    };
    const [staff, councils] = await Promise.all([
      users.list({
        councilId: isUuid(filter.councilId) ? filter.councilId : undefined,
        role: (ROLES as readonly string[]).includes(filter.role) ? filter.role : undefined,
        status: STATUS_OPTIONS.some((option) => option.value === filter.status) ? filter.status : undefined,
        name: filter.name.slice(0, 100) || undefined,
      }),
      partnership.councils(),
    ]);
    return reply.view('users/views/list.njk', {
      pageTitle: 'Users',
      staff,
      filter,
      councilOptions: councils.map((council) => ({ value: council.id, text: council.name })),
      roleOptions: ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role] })),
      statusOptions: STATUS_OPTIONS,
      now: new Date(),
    });
  });

  app.get('/admin/users/invite', manage, async (_request, reply) => showForm(reply, undefined));

  app.post('/admin/users/invite', manage, async (request, reply) => {
    const input = formInput(request.body);
    try {
      const { userId, invitationToken } = await users.invite(actorOf(request), input);
      const member = await users.get(userId);
      return reply.view('users/views/invitation-sent.njk', {
        pageTitle: 'User invited',
        member,
        link: invitationLink(request, invitationToken),
        days: INVITATION_DAYS,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showForm(reply, undefined, input, error.errors);
    }
  });

  app.get('/admin/users/:id', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    const member = await users.get(id);
    return reply.view('users/views/user.njk', {
      pageTitle: member.displayName,
      member,
      now: new Date(),
      isSelf: request.currentUser?.id === id,
    });
  });

  app.get('/admin/users/:id/edit', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    await users.get(id);
    return showForm(reply, id);
  });

  app.post('/admin/users/:id', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    const input = formInput(request.body);
    try {
      await users.change(actorOf(request), id, input);
      reply.flash('User saved');
      return reply.redirect(`/admin/users/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.code(400);
      return showForm(reply, id, input, error.errors);
    }
  });

  app.get('/admin/users/:id/deactivate', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    const member = await users.get(id);
    return reply.view('users/views/deactivate.njk', {
      pageTitle: `Deactivate ${member.displayName}’s account`,
      member,
      values: { reason: '' },
    });
  });

  app.post('/admin/users/:id/deactivate', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    const reason = text(request.body, 'reason');
    try {
      await users.setActive(actorOf(request), id, Number(text(request.body, 'version')), false, reason);
      reply.flash('Account deactivated. They have been signed out.');
      return reply.redirect(`/admin/users/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const member = await users.get(id);
      reply.code(400);
      return reply.view('users/views/deactivate.njk', {
        pageTitle: `Deactivate ${member.displayName}’s account`,
        member,
        values: { reason },
        errors: errorSummary(error.errors),
        reasonError: fieldError(error.errors, 'reason'),
      });
    }
  });

  app.post('/admin/users/:id/reactivate', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    await users.setActive(actorOf(request), id, Number(text(request.body, 'version')), true, '');
    reply.flash('Account reactivated');
    return reply.redirect(`/admin/users/${id}`, 303);
  });

  app.post('/admin/users/:id/unlock', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    await users.unlock(actorOf(request), id, Number(text(request.body, 'version')));
    reply.flash('Account unlocked. They can sign in again.');
    return reply.redirect(`/admin/users/${id}`, 303);
  });

  app.post('/admin/users/:id/invitation', manage, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const token = await users.reinvite(actorOf(request), id, Number(text(request.body, 'version')));
      const member = await users.get(id);
      return reply.view('users/views/invitation-sent.njk', {
        pageTitle: member.status === 'invited' ? 'New invitation link' : 'Password reset link',
        member,
        link: invitationLink(request, token),
        days: INVITATION_DAYS,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.flash(error.errors.invitation ?? 'No new invitation was made');
      return reply.redirect(`/admin/users/${id}`, 303);
    }
  });
}
