import { queryClient } from '../data/queryClient';
import { queryKeyOf, readFn } from '../data/useApi';
import type { QueryMethod } from '../data/invalidation';
import { ROLES_SCREEN_LIST } from '../features/roles/rolesReads';
import { TEAM_SCREEN_LIST } from '../features/team/teamReads';
import type { Route } from './routes';
import { chunkOf, screens } from './screens';

interface ScreenRead {
  method: QueryMethod;
  input: unknown;
}

/**
 * The reads a screen asks for on its first render, by the same constants the screen uses, so the cache key is the
 * one its `useApiQuery` looks up. Only the lists whose first visit waited on the server (Team: 633 KB at `large`).
 */
export function readsOf(route: Route): readonly ScreenRead[] {
  switch (route.screen) {
    case 'team':
      return [TEAM_SCREEN_LIST];
    case 'roles':
      return [ROLES_SCREEN_LIST];
    default:
      return [];
  }
}

/**
 * Starts what a route's screen will need — its chunk and its first reads — before React renders it: on the route
 * change itself, and when a link to it is pointed at or focused. A read already cached is left to the screen (it
 * shows the cache and refreshes it); one under way is joined by the screen's own query. A read fetched ahead is
 * read again when the screen mounts, as any cached one is: kept fresh for a while instead, a change announced
 * while it was on its way (and no screen watched it) would be lost until the next one.
 */
export function preloadRoute(route: Route): void {
  const chunk = chunkOf(route);
  if (chunk) screens[chunk].load().catch(() => undefined);
  for (const read of readsOf(route)) {
    const queryKey = queryKeyOf(read.method, read.input);
    const state = queryClient.getQueryState(queryKey);
    if (state?.data !== undefined || state?.fetchStatus === 'fetching') continue;
    void queryClient.prefetchQuery({ queryKey, queryFn: readFn(read.method, read.input as never) });
  }
}
