import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, bankHolidays, contactAge, isWorkingDay, ukInstant, workingHoursBetween } from './working-time.js';

const at = (iso: string) => new Date(iso);

describe('working days in England and Wales', () => {
  it('knows weekends and bank holidays, including one-off days and substitutes', () => {
    expect(isWorkingDay('2026-11-20')).toBe(true); // a Friday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-04-03')).toBe(false); // Good Friday
    expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day substitute
    expect(isWorkingDay('2023-05-08')).toBe(false); // the coronation
    expect(bankHolidays(2026).size).toBe(9);
  });

  it('finds 9am UK time in winter (GMT) and summer (BST)', () => {
    expect(ukInstant('2026-01-15', 9).toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(ukInstant('2026-07-15', 9).toISOString()).toBe('2026-07-15T08:00:00.000Z');
  });
});

describe('working hours between two moments', () => {
  it('counts only 9am to 5pm on working days', () => {
    // Friday 3pm to Monday 11am: 2 hours on Friday, 2 on Monday.
    expect(workingHoursBetween(at('2026-11-20T15:00:00Z'), at('2026-11-23T11:00:00Z'))).toBe(4);
    // A contact at 8pm (BST) on Thursday 2 April 2026, before Easter: Good Friday and Easter Monday do not
    // count, so by 1pm on Tuesday 7 April it is 4 working hours old.
    expect(workingHoursBetween(at('2026-04-02T19:00:00Z'), at('2026-04-07T12:00:00Z'))).toBe(4);
  });

  it('is never negative and never more than the hours that passed', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01'), max: new Date('2028-01-01'), noInvalidDate: true }),
        fc.integer({ min: -100, max: 2000 }),
        (from, hours) => {
          const to = new Date(from.getTime() + hours * 3_600_000);
          const counted = workingHoursBetween(from, to);
          expect(counted).toBeGreaterThanOrEqual(0);
          expect(counted).toBeLessThanOrEqual(Math.max(0, hours) + 1e-9);
        },
      ),
    );
  });
});

describe('a contact against the council’s decision target', () => {
  it('is due after the target’s working days, skipping weekends and bank holidays', () => {
    // Received Thursday 24 December 2026 at 2pm; 3 working days: 3 hours on Thursday, then 29 and 30 December, and 5 hours on 31 December.
    expect(addWorkingDays(at('2026-12-24T14:00:00Z'), 3).toISOString()).toBe('2026-12-31T14:00:00.000Z');
  });

  it('is green, then amber at three-quarters of the target, then red', () => {
    const received = at('2026-11-16T09:00:00Z'); // Monday 9am
    expect(contactAge(received, at('2026-11-17T09:00:00Z'), 2).status).toBe('green'); // 1 day of 2
    expect(contactAge(received, at('2026-11-17T13:00:00Z'), 2).status).toBe('amber'); // 1.5 days
    expect(contactAge(received, at('2026-11-18T09:00:00Z'), 2).status).toBe('red'); // 2 days
    expect(contactAge(received, at('2026-11-17T13:00:00Z'), 2).workingDays).toBe(1.5);
  });

  it('reaches red exactly when the decision is due', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 10 }),
        (received, target) => {
          const due = addWorkingDays(received, target);
          expect(contactAge(received, due, target).status).toBe('red');
          expect(contactAge(received, new Date(due.getTime() - 60_000), target).status).not.toBe('red');
        },
      ),
      { numRuns: 200 },
    );
  });
});
