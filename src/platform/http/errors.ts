/**
 * Errors a service throws for a route to turn into the right page.
 */
import type { FieldErrors } from './forms.js';

/** The input cannot be saved; the form is shown again with these messages. */
export class ValidationError extends Error {
  constructor(public readonly errors: FieldErrors) {
    super(`Validation failed: ${Object.keys(errors).join(', ')}`);
    this.name = 'ValidationError';
  }
}

/** Someone else changed the record since this person opened it. */
export class ConflictError extends Error {
  constructor(message = 'Someone else changed this record while you were editing it') {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}
