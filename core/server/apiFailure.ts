import type { ApiError, ErrorCode, FieldIssue } from '../api/contract/result';

/** Thrown by handlers to end a call with a user-facing error; rolls the transaction back. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  toApiError(): ApiError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export const notFound = (what: string, id: string) => new ApiFailure('NOT_FOUND', `No ${what} with id ${id}`);

/** A VALIDATION failure found by a handler (not the schema), still naming the field. */
export const invalidField = (path: string, message: string) =>
  new ApiFailure('VALIDATION', `${path}: ${message}`, [{ path, message }]);
