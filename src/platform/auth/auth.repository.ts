/**
 * All SQL for signing in: credentials, failed attempts, and server-side sessions.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Executor } from '../audit/audit.repository.js';

export async function findAccountByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'status', 'password_hash', 'failed_sign_in_count', 'locked_until'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function recordFailedSignIn(db: Executor, userId: string, lockThreshold: number, lockUntil: Date) {
  return db
    .updateTable('users')
    .set((eb) => ({
      failed_sign_in_count: eb('failed_sign_in_count', '+', 1),
      locked_until: sql<Date | null>`CASE WHEN failed_sign_in_count + 1 >= ${lockThreshold} THEN ${lockUntil}::timestamptz ELSE locked_until END`,
    }))
    .where('id', '=', userId)
    .returning(['failed_sign_in_count', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function recordSuccessfulSignIn(db: Executor, userId: string, now: Date) {
  await db
    .updateTable('users')
    .set({ failed_sign_in_count: 0, locked_until: null, last_signed_in_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function insertSession(db: Executor, idHash: string, userId: string, now: Date, absoluteExpiresAt: Date) {
  await db
    .insertInto('sessions')
    .values({ id_hash: idHash, user_id: userId, created_at: now, last_seen_at: now, absolute_expires_at: absoluteExpiresAt })
    .execute();
}

export async function findSessionWithUser(db: Kysely<Database>, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.last_seen_at',
      'sessions.absolute_expires_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.status',
      'users.local_authority_id',
      'users.agency_id',
      'users.team_id',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, idHash: string, now: Date) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, idleBefore: Date, now: Date) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('absolute_expires_at', '<', now)]))
    .execute();
}

export async function findInvitation(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'status', 'invitation_expires_at'])
    .where('invitation_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function acceptInvitation(db: Executor, userId: string, passwordHash: string) {
  await db
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      status: 'active',
      invitation_token_hash: null,
      invitation_expires_at: null,
      failed_sign_in_count: 0,
      locked_until: null,
      version: eb('version', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', userId)
    .execute();
}
