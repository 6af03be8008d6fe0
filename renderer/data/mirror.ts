import { QueryObserver, type QueryClient, type QueryKey } from '@tanstack/react-query';

/** A store's window on one cached read. */
export interface MirroredRead {
  /** Resolves once the read has an answer: at once when it has one already, else after the first fetch. */
  ready(): Promise<void>;
  /** Reads again now (after a write that went around useApiMutation) and resolves with the new answer applied. */
  refresh(): Promise<void>;
}

/**
 * Keeps a store in step with one read of a query cache: `apply` gets each new answer, `fail` each
 * new refusal. The read is active while mirrored, so invalidating it reads it again at once; it
 * never goes stale by time, so asking for it again (`ready`) costs nothing once it is answered.
 */
export function mirrorQuery<T, E extends Error>(
  client: QueryClient,
  source: { queryKey: QueryKey; queryFn: () => Promise<T> },
  apply: (data: T) => void,
  fail: (error: E) => void,
): MirroredRead {
  const options = { ...source, staleTime: Infinity };
  let observer: QueryObserver<T, E> | null = null;
  let applied: T | undefined;
  let failedAt = 0;

  function follow(): void {
    if (observer) return;
    observer = new QueryObserver<T, E>(client, options);
    const onResult = (result: { data: T | undefined; error: E | null; errorUpdatedAt: number }) => {
      if (result.data !== undefined && result.data !== applied) {
        applied = result.data;
        apply(result.data);
      }
      if (result.error && result.errorUpdatedAt !== failedAt) {
        failedAt = result.errorUpdatedAt;
        fail(result.error);
      }
    };
    // Subscribing makes the read active (invalidation refetches it) and fetches it if nothing is cached.
    observer.subscribe(onResult);
    onResult(observer.getCurrentResult());
  }

  return {
    async ready() {
      follow();
      // Joins a fetch already under way; a refusal reaches the store through `fail`.
      await client.fetchQuery(options).catch(() => undefined);
    },
    async refresh() {
      follow();
      await client.invalidateQueries({ queryKey: options.queryKey, exact: true });
    },
  };
}
