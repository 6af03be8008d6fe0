import { QueryClient } from '@tanstack/react-query';
import type { ApiError, ErrorCode, FieldIssue } from '../../core/api/contract/result';
import { onServerEvent } from '../api/serverEvents';
import { invalidateIn, readsInvalidatedBy, readsInvalidatedByEvent, type ChangeMethod, type QueryMethod } from './invalidation';

/** An API refusal carried through TanStack Query's error channel, code and field issues intact. */
export class ApiQueryError extends Error implements ApiError {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    if (error.issues) this.issues = error.issues;
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refusals are answers (not found, forbidden, conflict), not flaky networks.
      retry: false,
      // Freshness comes from writes and server events; a focus would only log another view of a debrief.
      refetchOnWindowFocus: false,
    },
  },
});

/** Marks the cached reads of these methods stale; those on screen read again at once. */
export function invalidateReads(reads: readonly QueryMethod[]): Promise<void> {
  return invalidateIn(queryClient, reads);
}

/** After a write that did not go through useApiMutation (a store's), the reads it made stale. */
export function invalidateAfter(method: ChangeMethod): Promise<void> {
  return invalidateReads(readsInvalidatedBy(method));
}

let following = false;

/** Changes committed in another window or tab (or, later, another device) refresh what they touch here. */
export function followServerChanges(): () => void {
  if (following) return () => undefined;
  following = true;
  const stop = onServerEvent('data.changed', (payload) => void invalidateReads(readsInvalidatedByEvent(payload)));
  return () => {
    following = false;
    stop();
  };
}
