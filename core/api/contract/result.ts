// The shape every transport returns. Errors carry a code the UI can act on and
// a message a person can read; stack traces never leave the process.
// LOCKED: the app is locked (core/server/appLock.ts); only the unlock and the lock screen's read are answered.
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'INTERNAL', 'LOCKED'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `anchors.2` or `name`. */
  path: string;
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
