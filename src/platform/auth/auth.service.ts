/**
 * Signing in and out, sessions with idle and absolute time-outs, the lock after repeated
 * failed sign-ins, and accepting an invitation by choosing a password.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CurrentUser } from '../http/types.js';
import { isRole } from '../permissions/roles.js';
import {
  acceptInvitation,
  deleteExpiredSessions,
  deleteSession,
  findAccountByEmail,
  findInvitation,
  findSessionWithUser,
  insertSession,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  touchSession,
} from './auth.repository.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { hashToken, newToken } from './tokens.js';

export type SignInResult =
  { outcome: 'signed-in'; sessionToken: string; userId: string } | { outcome: 'invalid' } | { outcome: 'locked'; lockedUntil: Date };

export type InvitationState =
  { state: 'valid'; userId: string; email: string; displayName: string } | { state: 'expired' } | { state: 'unknown' };

/** How often a session's last-seen time is written; reading pages faster than this writes nothing. */
const TOUCH_INTERVAL_MS = 60_000;

// A hash of a random password, verified when the e-mail is unknown so that a wrong address
// takes as long to refuse as a wrong password.
let decoyHash: Promise<string> | undefined;

export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(email: string, password: string): Promise<SignInResult> {
    const account = await findAccountByEmail(this.db, email);
    const now = this.now();
    if (!account || account.status !== 'active' || account.password_hash === null) {
      decoyHash ??= hashPassword(newToken());
      await verifyPassword(await decoyHash, password);
      await this.audit.record(
        this.db,
        { userId: account?.id ?? null, label: 'Unknown or inactive account' },
        {
          action: 'sign-in refused',
          recordType: 'user',
          recordId: account?.id ?? null,
          detail: { reason: account ? `account ${account.status}` : 'no such account' },
        },
      );
      return { outcome: 'invalid' };
    }
    const actor = { userId: account.id, label: account.display_name };
    if (account.locked_until !== null && account.locked_until > now) {
      await this.audit.record(this.db, actor, {
        action: 'sign-in refused',
        recordType: 'user',
        recordId: account.id,
        detail: { reason: 'account locked' },
      });
      return { outcome: 'locked', lockedUntil: account.locked_until };
    }
    const correct = await verifyPassword(account.password_hash, password);
    if (!correct) {
      const lockUntil = new Date(now.getTime() + this.config.signInLockMinutes * 60_000);
      return this.db.transaction().execute(async (trx) => {
        const after = await recordFailedSignIn(trx, account.id, this.config.signInLockThreshold, lockUntil);
        const locked = after.locked_until !== null && after.locked_until > now;
        await this.audit.record(trx, actor, {
          action: locked ? 'account locked after failed sign-ins' : 'sign-in failed',
          recordType: 'user',
          recordId: account.id,
          detail: { failedSignIns: after.failed_sign_in_count },
        });
        return locked && after.locked_until
          ? { outcome: 'locked' as const, lockedUntil: after.locked_until }
          : { outcome: 'invalid' as const };
      });
    }
    const sessionToken = newToken();
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    await this.db.transaction().execute(async (trx) => {
      await recordSuccessfulSignIn(trx, account.id, now);
      await insertSession(trx, hashToken(sessionToken), account.id, now, absoluteExpiresAt);
      await this.audit.record(trx, actor, { action: 'signed in', recordType: 'user', recordId: account.id });
    });
    return { outcome: 'signed-in', sessionToken, userId: account.id };
  }

  /** The person a session cookie belongs to, or null when the session has ended or timed out. */
  async resume(sessionToken: string): Promise<{ user: CurrentUser; idHash: string } | null> {
    const idHash = hashToken(sessionToken);
    const row = await findSessionWithUser(this.db, idHash);
    if (!row) return null;
    const now = this.now();
    const idleLimit = new Date(row.last_seen_at.getTime() + this.config.sessionIdleMinutes * 60_000);
    if (row.status !== 'active' || now >= idleLimit || now >= row.absolute_expires_at || !isRole(row.role)) {
      await deleteSession(this.db, idHash);
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await touchSession(this.db, idHash, now);
    }
    return {
      idHash,
      user: {
        id: row.user_id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        localAuthorityId: row.local_authority_id,
        agencyId: row.agency_id,
        teamId: row.team_id,
      },
    };
  }

  async signOut(idHash: string, user: CurrentUser): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await deleteSession(trx, idHash);
      await this.audit.record(
        trx,
        { userId: user.id, label: user.displayName },
        {
          action: 'signed out',
          recordType: 'user',
          recordId: user.id,
        },
      );
    });
  }

  async removeExpiredSessions(): Promise<void> {
    const now = this.now();
    await deleteExpiredSessions(this.db, new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000), now);
  }

  async invitation(token: string): Promise<InvitationState> {
    const row = await findInvitation(this.db, hashToken(token));
    if (!row || row.status === 'deactivated') return { state: 'unknown' };
    if (row.invitation_expires_at === null || row.invitation_expires_at <= this.now()) return { state: 'expired' };
    return { state: 'valid', userId: row.id, email: row.email, displayName: row.display_name };
  }

  /** Sets the invited person's password; returns a message when the password cannot be used. */
  async acceptInvitation(token: string, password: string): Promise<{ ok: true } | { ok: false; problem: string }> {
    const invitation = await this.invitation(token);
    if (invitation.state !== 'valid') return { ok: false, problem: 'This invitation link has expired or has already been used' };
    const problem = passwordProblem(password, invitation.email);
    if (problem) return { ok: false, problem };
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      await acceptInvitation(trx, invitation.userId, passwordHash);
      await this.audit.record(
        trx,
        { userId: invitation.userId, label: invitation.displayName },
        {
          action: 'invitation accepted and password set',
          recordType: 'user',
          recordId: invitation.userId,
        },
      );
    });
    return { ok: true };
  }
}
