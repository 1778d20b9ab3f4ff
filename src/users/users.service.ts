/**
 * The people who use TellOnce: inviting them, changing their role, agency and team, and
 * deactivating them. Every change is audited in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Executor } from '../platform/audit/audit.repository.js';
import type { AuditActor, AuditService } from '../platform/audit/audit.service.js';
import { hashToken, newToken } from '../platform/auth/tokens.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/http/errors.js';
import type { FormField } from '../platform/http/form-spec.js';
import { isEmailAddress, isUuid, type FieldErrors } from '../platform/http/forms.js';
import { isRole, ROLE_DESCRIPTIONS, ROLE_NAMES, ROLES, type Role } from '../platform/permissions/roles.js';
import type { PartnershipService } from '../partnership/partnership.service.js';
import * as repo from './users.repository.js';

export const INVITATION_DAYS = 7;

export type Input = Record<string, string>;

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  roleName: string;
  jobTitle: string | null;
  status: 'invited' | 'active' | 'deactivated';
  councilId: string;
  councilName: string;
  agencyId: string;
  agencyName: string;
  teamId: string | null;
  teamName: string | null;
  lockedUntil: Date | null;
  lastSignedInAt: Date | null;
  invitationExpiresAt: Date | null;
  version: number;
}

export interface DemoAccount {
  council: string;
  roleName: string;
  displayName: string;
  agency: string;
  email: string;
}

function toStaffMember(row: NonNullable<Awaited<ReturnType<typeof repo.findUser>>>): StaffMember {
  const role: Role = isRole(row.role) ? row.role : 'partner_practitioner';
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role,
    roleName: ROLE_NAMES[role],
    jobTitle: row.job_title,
    status: row.status,
    councilId: row.local_authority_id,
    councilName: row.council_name,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    teamId: row.team_id,
    teamName: row.team_name,
    lockedUntil: row.locked_until,
    lastSignedInAt: row.last_signed_in_at,
    invitationExpiresAt: row.invitation_expires_at,
    version: row.version,
  };
}

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], hint: ROLE_DESCRIPTIONS[role] }));

export class UsersService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditService,
    private readonly partnership: PartnershipService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(filter: repo.UserFilter = {}): Promise<StaffMember[]> {
    return (await repo.listUsers(this.db, filter)).map(toStaffMember);
  }

  async get(id: string): Promise<StaffMember> {
    const row = isUuid(id) ? await repo.findUser(this.db, id) : undefined;
    if (!row) throw new NotFoundError('User');
    return toStaffMember(row);
  }

  /** Active demo accounts, for the sign-in page in demo mode only. */
  async demoAccounts(): Promise<DemoAccount[]> {
    const staff = await this.list({ status: 'active' });
    return staff
      .sort(
        (a, b) =>
          a.councilName.localeCompare(b.councilName) ||
          ROLES.indexOf(a.role) - ROLES.indexOf(b.role) ||
          a.displayName.localeCompare(b.displayName),
      )
      .map((member) => ({
        council: member.councilName,
        roleName: member.roleName,
        displayName: member.displayName,
        agency: member.agencyName,
        email: member.email,
      }));
  }

  async form(userId?: string, input?: Input): Promise<{ fields: FormField[]; values: Input; version?: number }> {
    const existing = userId ? await this.get(userId) : undefined;
    const [councils, agencies, teams] = await Promise.all([
      this.partnership.councils(),
      this.partnership.agencies(),
      this.partnership.teams(),
    ]);
    return {
      fields: [
        { name: 'displayName', label: 'Full name', kind: 'text', autocomplete: 'off' },
        { name: 'email', label: 'Work email address', kind: 'email', hint: 'They sign in with this address', autocomplete: 'off' },
        {
          name: 'jobTitle',
          label: 'Job title (optional)',
          kind: 'text',
          hint: 'For example, Designated safeguarding lead or Family worker',
        },
        { name: 'role', label: 'Role', kind: 'radios', options: ROLE_OPTIONS },
        {
          name: 'councilId',
          label: 'Council they work in',
          kind: 'select',
          options: councils.map((c) => ({ value: c.id, text: c.name })),
          emptyOption: 'Select a council',
        },
        {
          name: 'agencyId',
          label: 'Agency',
          kind: 'select',
          options: agencies.map((a) => ({ value: a.id, text: a.councilName ? `${a.name} (${a.councilName})` : a.name })),
          emptyOption: 'Select an agency',
        },
        {
          name: 'teamId',
          label: 'Team (optional)',
          kind: 'select',
          options: teams.map((t) => ({ value: t.id, text: `${t.name} (${t.councilName})` })),
          emptyOption: 'Not in a council team',
        },
      ],
      values: input ?? {
        displayName: existing?.displayName ?? '',
        email: existing?.email ?? '',
        jobTitle: existing?.jobTitle ?? '',
        role: existing?.role ?? '',
        councilId: existing?.councilId ?? '',
        agencyId: existing?.agencyId ?? '',
        teamId: existing?.teamId ?? '',
      },
      ...(existing ? { version: existing.version } : {}),
    };
  }

  private async validate(db: Executor, input: Input, exceptId?: string) {
    const errors: FieldErrors = {};
    const displayName = (input.displayName ?? '').trim();
    if (displayName === '') errors.displayName = 'Enter the person’s full name';
    else if (displayName.length > 120) errors.displayName = 'Full name must be 120 characters or fewer';
    const email = (input.email ?? '').trim();
    if (email === '') errors.email = 'Enter their work email address';
    else if (!isEmailAddress(email)) errors.email = 'Enter an email address in the correct format, like name@council.example.gov.uk';
    else if (await repo.emailTaken(db, email, exceptId)) errors.email = 'Someone already uses this email address in TellOnce';
    const jobTitle = (input.jobTitle ?? '').trim();
    if (jobTitle.length > 120) errors.jobTitle = 'Job title must be 120 characters or fewer';
    const role = input.role ?? '';
    if (!isRole(role)) errors.role = 'Select the person’s role';
    const councilId = input.councilId ?? '';
    if (councilId === '' || !isUuid(councilId)) errors.councilId = 'Select the council they work in';
    const agencyId = input.agencyId ?? '';
    const agency = isUuid(agencyId) ? await repo.findAgencyCouncil(db, agencyId) : undefined;
    if (!agency) errors.agencyId = 'Select the agency they work for';
    else if (agency.local_authority_id !== null && !errors.councilId && agency.local_authority_id !== councilId)
      errors.agencyId = 'Select an agency in their council, or one that works across the whole partnership';
    const teamId = input.teamId ?? '';
    if (teamId !== '') {
      const team = isUuid(teamId) ? await repo.findTeamCouncil(db, teamId) : undefined;
      if (!team) errors.teamId = 'Select a team from the list';
      else if (!errors.councilId && team.local_authority_id !== councilId) errors.teamId = 'Select a team of the council they work in';
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return {
      display_name: displayName,
      email,
      job_title: jobTitle === '' ? null : jobTitle,
      role: role as Role,
      local_authority_id: councilId,
      agency_id: agencyId,
      team_id: teamId === '' ? null : teamId,
    };
  }

  private invitation(): { token: string; tokenHash: string; expiresAt: Date } {
    const token = newToken();
    return { token, tokenHash: hashToken(token), expiresAt: new Date(this.now().getTime() + INVITATION_DAYS * 86_400_000) };
  }

  /** Invites a new person; the returned token makes the one-time link they use to choose a password. */
  async invite(actor: AuditActor, input: Input): Promise<{ userId: string; invitationToken: string }> {
    return this.db.transaction().execute(async (trx) => {
      const values = await this.validate(trx, input);
      const invitation = this.invitation();
      const { id } = await repo.insertUser(trx, {
        ...values,
        status: 'invited',
        password_hash: null,
        invitation_token_hash: invitation.tokenHash,
        invitation_expires_at: invitation.expiresAt,
        locked_until: null,
        last_signed_in_at: null,
      });
      await this.audit.record(trx, actor, { action: 'user invited', recordType: 'user', recordId: id, detail: values });
      return { userId: id, invitationToken: invitation.token };
    });
  }

  async change(actor: AuditActor, id: string, input: Input): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = isUuid(id) ? await repo.findUser(trx, id) : undefined;
      if (!before) throw new NotFoundError('User');
      const values = await this.validate(trx, input, id);
      if (actor.userId === id && values.role !== before.role)
        throw new ValidationError({ role: 'You cannot change your own role. Ask another administrator' });
      if (!(await repo.updateUserAtVersion(trx, id, Number(input.version), values))) throw new ConflictError();
      const changed = Object.fromEntries(
        Object.entries(values)
          .filter(([key, value]) => (before as Record<string, unknown>)[key] !== value)
          .map(([key, value]) => [key, { from: (before as Record<string, unknown>)[key] ?? null, to: value }]),
      );
      // A new role or agency takes effect at once: end their sessions so they sign in afresh.
      if ('role' in changed || 'agency_id' in changed || 'local_authority_id' in changed) await repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, { action: 'user changed', recordType: 'user', recordId: id, detail: changed });
    });
  }

  async setActive(actor: AuditActor, id: string, version: number, active: boolean, reason: string): Promise<void> {
    if (!active && reason.trim() === '') throw new ValidationError({ reason: 'Enter why you are deactivating this account' });
    if (!active && actor.userId === id)
      throw new ValidationError({ reason: 'You cannot deactivate your own account. Ask another administrator' });
    await this.db.transaction().execute(async (trx) => {
      const before = isUuid(id) ? await repo.findUser(trx, id) : undefined;
      if (!before) throw new NotFoundError('User');
      const hasPassword = await trx.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
      const status = active ? (hasPassword.password_hash ? 'active' : 'invited') : 'deactivated';
      if (!(await repo.updateUserAtVersion(trx, id, version, { status }))) throw new ConflictError();
      if (!active) await repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, {
        action: active ? 'user reactivated' : 'user deactivated',
        recordType: 'user',
        recordId: id,
        reason: reason.trim() === '' ? null : reason.trim(),
        detail: { status: { from: before.status, to: status } },
      });
    });
  }

  async unlock(actor: AuditActor, id: string, version: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateUserAtVersion(trx, id, version, { locked_until: null, failed_sign_in_count: 0 }))) throw new ConflictError();
      await this.audit.record(trx, actor, { action: 'user unlocked', recordType: 'user', recordId: id });
    });
  }

  /**
   * A fresh one-time link with which someone chooses a password: a new invitation for someone who has
   * not yet set one, or a password reset for someone who has forgotten theirs (their sessions end).
   * Any earlier link stops working.
   */
  async reinvite(actor: AuditActor, id: string, version: number): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      const before = isUuid(id) ? await repo.findUser(trx, id) : undefined;
      if (!before) throw new NotFoundError('User');
      if (before.status === 'deactivated')
        throw new ValidationError({ invitation: 'Reactivate the account before making a link to set a password' });
      const invitation = this.invitation();
      if (
        !(await repo.updateUserAtVersion(trx, id, version, {
          invitation_token_hash: invitation.tokenHash,
          invitation_expires_at: invitation.expiresAt,
        }))
      )
        throw new ConflictError();
      if (before.status === 'active') await repo.deleteSessionsOf(trx, id);
      await this.audit.record(trx, actor, {
        action: before.status === 'invited' ? 'user invitation renewed' : 'password reset link made',
        recordType: 'user',
        recordId: id,
      });
      return invitation.token;
    });
  }
}
