/**
 * Dates as GOV.UK writes them ("22 November 2026", "22 November 2026 at 2:05pm"), in UK time.
 */
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });

export function formatDate(date: Date): string {
  return DATE.format(date);
}

export function formatTime(date: Date): string {
  return TIME.format(date).replace(/\s/g, '').toLowerCase();
}

export function formatDateTime(date: Date): string {
  return `${formatDate(date)} at ${formatTime(date)}`;
}

/** Reads a day, month and year typed into a GOV.UK date input; null when it is not a real date. */
export function parseDayMonthYear(day: string, month: string, year: string): Date | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date;
}

/** Age on a day from a 'YYYY-MM-DD' date of birth, as practitioners say it: "age 11", "age 4 months", "age 2 weeks". */
export function ageText(dateOfBirth: string, on: Date): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  if (!year || !month || !day) return '';
  const today = { year: on.getUTCFullYear(), month: on.getUTCMonth() + 1, day: on.getUTCDate() };
  let months = (today.year - year) * 12 + (today.month - month);
  if (today.day < day) months -= 1;
  if (months < 0) return 'not born yet';
  if (months >= 24) return `age ${Math.floor(months / 12)}`;
  if (months >= 1) return `age ${months} ${months === 1 ? 'month' : 'months'}`;
  const days = Math.floor((Date.UTC(today.year, today.month - 1, today.day) - Date.UTC(year, month - 1, day)) / 86_400_000);
  const weeks = Math.floor(days / 7);
  return weeks >= 1 ? `age ${weeks} ${weeks === 1 ? 'week' : 'weeks'}` : `age ${days} ${days === 1 ? 'day' : 'days'}`;
}
