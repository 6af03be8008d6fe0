import { useQuery } from '@tanstack/react-query';
import type { SyncStatus } from '../../../core/api/contract/sync';
import type { ApiQueryError } from '../../data/queryClient';
import { queryKeyOf, readFn } from '../../data/useApi';

/** How often a team's status is read again while it is settled, and while something is moving. */
const POLL_MS = { settled: 5_000, moving: 1_500 } as const;

/**
 * The sync status through the shared cache. `data.changed` refreshes it (invalidation.ts), but some of what it
 * says changes with no event here: a device asking to join, another device's files arriving and waiting, last
 * seen. So a team's status is also read again gently; a solo workspace's never is.
 */
export function useSyncStatus(enabled = true) {
  return useQuery<SyncStatus, ApiQueryError>({
    queryKey: queryKeyOf('sync.status'),
    queryFn: readFn('sync.status', undefined),
    enabled,
    refetchInterval: (query) => {
      const status = query.state.data;
      if (!status || status.mode === 'solo') return false;
      return status.state === 'in sync' || status.state === 'locked' ? POLL_MS.settled : POLL_MS.moving;
    },
  });
}
