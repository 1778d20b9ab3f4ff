import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './password.js';

describe('password rules after NCSC guidance', () => {
  it('accepts long passwords without demanding symbols, capitals or numbers', () => {
    expect(passwordProblem('purple otter lantern')).toBeNull();
    expect(passwordProblem('correcthorsebattery')).toBeNull();
  });

  it('refuses short passwords, saying how long they must be', () => {
    expect(passwordProblem('short1')).toBe(`Password must be ${MIN_PASSWORD_LENGTH} characters or more`);
  });

  it('refuses common passwords even when padded to length', () => {
    expect(passwordProblem('password1234')).toMatch(/too common/);
    expect(passwordProblem('Password123!')).toMatch(/too common/);
    expect(passwordProblem('qwertyuiop12')).toMatch(/too common/);
    expect(passwordProblem('111111111111')).not.toBeNull();
  });

  it('refuses the service or area name and the person’s own email address', () => {
    expect(passwordProblem('Peterborough2026')).toMatch(/name of the service or the area/);
    expect(passwordProblem('jordan.reedman99', 'jordan.reedman@cambs.tellonce.example')).toMatch(/email address/);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 80 }), (password, email) => {
        const result = passwordProblem(password, email);
        expect(result === null || typeof result === 'string').toBe(true);
      }),
    );
  });

  it('stores an argon2id hash that verifies only the right password', async () => {
    const stored = await hashPassword('purple otter lantern');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'purple otter lantern')).toBe(true);
    expect(await verifyPassword(stored, 'purple otter lanterns')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
