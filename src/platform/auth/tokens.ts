/**
 * Random tokens for sessions and invitations. Only a SHA-256 hash of a token is stored, so a
 * copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
