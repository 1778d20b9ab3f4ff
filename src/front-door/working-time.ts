/**
 * Working time at the Early Help Hub: how old a contact is in working hours and days, and whether
 * it is within the council's decision target (red, amber or green).
 *
 * Working days are Monday to Friday except bank holidays in England and Wales (from the
 * date-holidays package, which knows the one-off days such as a coronation). Working hours are
 * 9am to 5pm, UK time, so a working day is 8 working hours.
 */
import Holidays from 'date-holidays';

export const WORKING_DAY_STARTS_AT = 9;
export const WORKING_DAY_ENDS_AT = 17;
export const WORKING_HOURS_PER_DAY = WORKING_DAY_ENDS_AT - WORKING_DAY_STARTS_AT;

const englandAndWales = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, Set<string>>();

/** The bank holidays of England and Wales in a year, as 'YYYY-MM-DD'. */
export function bankHolidays(year: number): Set<string> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    days = new Set(
      englandAndWales
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

/** Whether a calendar day ('YYYY-MM-DD') is a working day in England and Wales. */
export function isWorkingDay(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidays(Number(isoDate.slice(0, 4))).has(isoDate);
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The calendar day in the UK of an instant, as 'YYYY-MM-DD'. */
export function ukDate(instant: Date): string {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The instant at which it is `hour` o'clock in the UK on a calendar day (GMT or BST as it falls). */
export function ukInstant(isoDate: string, hour: number): Date {
  const guess = new Date(`${isoDate}T${String(hour).padStart(2, '0')}:00:00Z`);
  // The UK is UTC or UTC+1: if the guess reads as a later hour in London, step back by the difference.
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(guess).map((part) => [part.type, part.value]));
  const shownHour = Number(parts.hour);
  const offsetHours = (shownHour - hour + 24) % 24;
  return new Date(guess.getTime() - offsetHours * 3_600_000);
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Working hours between two instants: the overlap with 9am–5pm UK time on working days. */
export function workingHoursBetween(from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  const lastDay = ukDate(to);
  for (let day = ukDate(from); day <= lastDay; day = nextDay(day)) {
    if (!isWorkingDay(day)) continue;
    const start = Math.max(from.getTime(), ukInstant(day, WORKING_DAY_STARTS_AT).getTime());
    const end = Math.min(to.getTime(), ukInstant(day, WORKING_DAY_ENDS_AT).getTime());
    if (end > start) total += (end - start) / 3_600_000;
  }
  return total;
}

/** The instant a number of working days after another: when a decision is due. */
export function addWorkingDays(from: Date, workingDays: number): Date {
  let remaining = workingDays * WORKING_HOURS_PER_DAY;
  let day = ukDate(from);
  let cursor = from.getTime();
  for (let guard = 0; guard < 3660; guard++, day = nextDay(day)) {
    if (!isWorkingDay(day)) continue;
    const start = Math.max(cursor, ukInstant(day, WORKING_DAY_STARTS_AT).getTime());
    const end = ukInstant(day, WORKING_DAY_ENDS_AT).getTime();
    if (end <= start) continue;
    const available = (end - start) / 3_600_000;
    if (available >= remaining) return new Date(start + remaining * 3_600_000);
    remaining -= available;
    cursor = end;
  }
  throw new RangeError('A decision target cannot be more than ten years away');
}

export type TargetStatus = 'green' | 'amber' | 'red';

export interface ContactAge {
  workingHours: number;
  workingDays: number;
  status: TargetStatus;
  /** When the council's target says a decision is due. */
  decisionDue: Date;
}

/** The share of the decision target after which a contact turns amber. */
export const AMBER_FROM = 0.75;

/**
 * How old a contact is and how it stands against the council's decision target: red once the target
 * has passed, amber once three-quarters of it has gone, green before that.
 */
export function contactAge(receivedAt: Date, now: Date, targetWorkingDays: number): ContactAge {
  const workingHours = workingHoursBetween(receivedAt, now);
  // A second's grace, so that rounding in the arithmetic never makes a due contact look on time.
  const targetHours = targetWorkingDays * WORKING_HOURS_PER_DAY - 1 / 3600;
  const status: TargetStatus = workingHours >= targetHours ? 'red' : workingHours >= targetHours * AMBER_FROM ? 'amber' : 'green';
  return {
    workingHours,
    workingDays: workingHours / WORKING_HOURS_PER_DAY,
    status,
    decisionDue: addWorkingDays(receivedAt, targetWorkingDays),
  };
}
