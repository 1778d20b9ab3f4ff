/**
 * Nunjucks set up for GOV.UK and MOJ Frontend: where templates are found, and the filters
 * every capability's views use.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type nunjucks from 'nunjucks';
import { ageText, formatDate, formatDateTime } from '../dates.js';

const require = createRequire(import.meta.url);

export const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GOVUK_FRONTEND_ROOT = path.dirname(require.resolve('govuk-frontend/package.json'));
export const MOJ_FRONTEND_ROOT = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));

/** Template folders: capability views are named from src/, e.g. "partnership/views/councils.njk". */
export const TEMPLATE_PATHS = [SOURCE_ROOT, path.join(GOVUK_FRONTEND_ROOT, 'dist'), MOJ_FRONTEND_ROOT];

export function configureNunjucks(env: nunjucks.Environment): void {
  env.addFilter('date', (value: unknown) => (value instanceof Date ? formatDate(value) : value));
  env.addFilter('dateTime', (value: unknown) => (value instanceof Date ? formatDateTime(value) : value));
  /** A calendar date stored as 'YYYY-MM-DD', as GOV.UK writes it: "27 March 2015". */
  env.addFilter('isoDate', (value: unknown) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(new Date(`${value}T12:00:00Z`)) : value,
  );
  /** Age today from a 'YYYY-MM-DD' date of birth: "age 11", "age 4 months". */
  env.addFilter('age', (value: unknown) => (typeof value === 'string' ? ageText(value, new Date()) : ''));
  /** MOJ Frontend's date filter, which its timeline calls: a date as "27 March 2026", a date and time with the time too. */
  env.addFilter('mojDate', (value: unknown, type?: string) => {
    const date =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? new Date(`${value}T12:00:00Z`)
        : value instanceof Date
          ? value
          : typeof value === 'string'
            ? new Date(value)
            : null;
    if (!date || Number.isNaN(date.getTime())) return value;
    return type === 'datetime' ? formatDateTime(date) : formatDate(date);
  });
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 1));
  /** Items for a GOV.UK select, with the current value selected and an optional empty first choice. */
  env.addFilter('selectItems', (options: { value: string; text: string }[], selected: unknown, emptyText?: string) => {
    const items = options.map((option) => ({ ...option, selected: option.value === selected }));
    return emptyText === undefined ? items : [{ value: '', text: emptyText }, ...items];
  });
  /** Items for GOV.UK radios or checkboxes, checked where the value is (or is in) the current value. */
  env.addFilter('checkedItems', (options: { value: string; text: string; hint?: string }[], current: unknown) =>
    options.map((option) => ({
      value: option.value,
      text: option.text,
      ...(option.hint ? { hint: { text: option.hint } } : {}),
      checked: Array.isArray(current) ? current.includes(option.value) : option.value === current,
    })),
  );
}
