/**
 * Helpers for GOV.UK forms: reading posted fields, and turning validation errors into the
 * error summary and the per-field messages the Design System expects.
 */

export type FieldErrors = Record<string, string>;

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

/** The error summary list, in the order the fields appear on the page. */
export function errorSummary(errors: FieldErrors): ErrorSummaryItem[] {
  return Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));
}

/** `{ text }` for a field's errorMessage parameter, or false when the field is fine. */
export function fieldError(errors: FieldErrors, field: string): { text: string } | false {
  const text = errors[field];
  return text === undefined ? false : { text };
}

/** A posted text field, trimmed; an absent or non-text field reads as an empty string. */
export function text(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0].trim();
  return '';
}

/** A posted field that may repeat (checkboxes), as a list of non-empty strings. */
export function list(body: unknown, name: string): string[] {
  if (body === null || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

/** A query-string value as a single string. */
export function queryText(query: unknown, name: string): string {
  return text(query, name);
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A plain e-mail address check: one @, something either side, a dot in the domain, no spaces. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** UK telephone numbers as people write them: digits, spaces, brackets, an optional leading +44. */
export function isUkTelephone(value: string): boolean {
  const digits = value.replace(/[\s()-]/g, '');
  return /^(\+44|0)\d{9,10}$/.test(digits);
}

/** The error summary and the per-field messages a GOV.UK page shows, from a form's problems. */
export function withFieldErrors(errors: FieldErrors) {
  return {
    errors: errorSummary(errors),
    fieldErrors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, { text: message }])),
  };
}

/** The record version a form was opened at, or -1 (never a real version) when it is missing or not a number. */
export function versionOf(body: unknown): number {
  const value = text(body, 'version');
  return /^\d+$/.test(value) ? Number(value) : -1;
}
