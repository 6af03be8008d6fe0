import type { MethodInput, MethodOutput } from '../../core/api/contract/methods';
import type { QueryMethod } from './invalidation';
import { mirrorQuery, type MirroredRead } from './mirror';
import { queryClient, type ApiQueryError } from './queryClient';
import { queryKeyOf, readFn } from './useApi';

/**
 * Keeps a zustand store in step with one read of the query cache. The app
 * shell's stores (workspace, settings, the team's names, the principles) are
 * read outside React and by nearly every screen; rather than reload themselves,
 * each is a view of a cached read, so the one invalidation table (a write here,
 * a `data.changed` event from another window) refreshes it exactly as it
 * refreshes the screens. The read never goes stale by time: only invalidation
 * makes it read again, so screens that ask for it on mount cost nothing.
 */
export function mirrorRead<M extends QueryMethod>(
  method: M,
  input: MethodInput<M>,
  apply: (data: MethodOutput<M>) => void,
  fail: (error: ApiQueryError) => void,
): MirroredRead {
  return mirrorQuery(queryClient, { queryKey: queryKeyOf(method, input), queryFn: readFn(method, input) }, apply, fail);
}
