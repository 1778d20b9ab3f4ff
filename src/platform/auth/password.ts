/**
 * Passwords: argon2id hashes, and the rules after NCSC guidance — a minimum length and a
 * deny-list of passwords that are commonly used or guessable here; no composition rules.
 */
import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// OWASP's recommended argon2id settings: 19 MiB of memory, 2 passes, 1 lane.
// The algorithm number 2 is argon2id in @node-rs/argon2's Algorithm enum.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const DENIED = new Set(COMMON_PASSWORDS.map((password) => password.toLowerCase()));
const SERVICE_WORDS = ['tellonce', 'tell once', 'earlyhelp', 'early help', 'cambridgeshire', 'peterborough'];

/** Why a new password cannot be used, as a message for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, email = ''): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  }
  const lower = password.toLowerCase();
  const squashed = lower.replace(/[^a-z0-9]/g, '');
  if (DENIED.has(lower) || DENIED.has(squashed) || DENIED.has(squashed.replace(/\d+$/, ''))) {
    return 'Password is too common and easy to guess. Try three random words together';
  }
  if (/^(.)\1+$/.test(password)) {
    return 'Password must not be one character repeated. Try three random words together';
  }
  if (SERVICE_WORDS.some((word) => squashed === word.replace(/ /g, '') || squashed.replace(/\d+$/, '') === word.replace(/ /g, ''))) {
    return 'Password must not be the name of the service or the area. Try three random words together';
  }
  const localPart = email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 4 && squashed.includes(localPart.replace(/[^a-z0-9]/g, ''))) {
    return 'Password must not contain your email address. Try three random words together';
  }
  return null;
}
