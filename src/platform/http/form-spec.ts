/**
 * A simple description of a GOV.UK form's questions, so that admin forms share one template
 * (platform/views/form-page.njk) and one way of showing errors and keeping what was typed.
 */
import { errorSummary, type FieldErrors } from './forms.js';

export interface FormOption {
  value: string;
  text: string;
  hint?: string;
}

export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'email' | 'tel' | 'number' | 'select' | 'radios';
  hint?: string;
  options?: FormOption[];
  /** For selects: the text of an empty first choice, meaning "none". */
  emptyOption?: string;
  widthClass?: string;
  autocomplete?: string;
}

export interface FormPage {
  pageTitle: string;
  caption?: string;
  action: string;
  submitText: string;
  cancelHref: string;
  fields: FormField[];
  values: Record<string, string>;
  version?: number;
}

/** Everything form-page.njk needs, with the errors in summary and per-field form. */
export function formPageModel(page: FormPage, errors: FieldErrors = {}) {
  return {
    ...page,
    errors: errorSummary(errors),
    fieldErrors: Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, { text: message }])),
  };
}
