import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/transport';
import { ApiQueryError } from './queryClient';

/**
 * Opens the debrief (or records this viewing) once per loop shown: a write, run through the cache as a
 * one-off keyed by the loop, so it is never repeated by a refresh; says whether it opened, or why not.
 */
export function useOpenDebrief(loopId: string) {
  const client = useQueryClient();
  const key = ['opening', 'debrief.open', loopId];
  const opening = useQuery<true, ApiQueryError>({
    queryKey: key,
    queryFn: async () => {
      const r = await api.call('debrief.open', { loopId, earlyReason: '' });
      if (!r.ok) throw new ApiQueryError(r.error);
      return true as const;
    },
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  return {
    opened: opening.data === true,
    settled: !opening.isPending,
    failure: opening.error,
    markOpened: () => client.setQueryData(key, true),
  };
}
