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
