import { keepPreviousData, useInfiniteQuery, useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MethodInput, MethodOutput } from '../../core/api/contract/methods';
import type { ApiResult } from '../../core/api/contract/result';
import { api } from '../api/transport';
import type { ChangeMethod, QueryMethod } from './invalidation';
import { ApiQueryError, invalidateAfter } from './queryClient';

/** The cache key of a read: its method, then its input, so every screen asking the same question shares one answer. */
export function queryKeyOf(method: QueryMethod, input?: unknown): readonly unknown[] {
  return input === undefined ? [method] : [method, input];
}

interface QueryOptions {
  /** False to wait (for an id, for "me"); nothing is read meanwhile. */
  enabled?: boolean;
  /** Show the previous input's answer while a new one (another filter) is read, rather than nothing. */
  keepPrevious?: boolean;
  /** Stands for the input in the cache key when the input is too large to hash on every render (a file's content). */
  keyInput?: unknown;
}

/** The fetch of one read, its refusal thrown as an ApiQueryError for TanStack Query's error state. */
export function readFn<M extends QueryMethod>(method: M, input: MethodInput<M>): () => Promise<MethodOutput<M>> {
  return async () => {
    const call = api.call as (m: M, i: MethodInput<M>) => Promise<ApiResult<MethodOutput<M>>>;
    const result = await call(method, input);
    if (!result.ok) throw new ApiQueryError(result.error);
    return result.value;
  };
}

/** One read through the shared cache: loading, error (an ApiQueryError) and refreshing are TanStack Query's states. */
export function useApiQuery<M extends QueryMethod>(
  method: M,
  input: MethodInput<M>,
  options: QueryOptions = {},
): UseQueryResult<MethodOutput<M>, ApiQueryError> {
  return useQuery({
    queryKey: queryKeyOf(method, options.keyInput ?? input),
    queryFn: readFn(method, input),
    enabled: options.enabled ?? true,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}

/** The same read for several inputs (one per row), each cached on its own. */
export function useApiQueries<M extends QueryMethod>(method: M, inputs: readonly MethodInput<M>[]): UseQueryResult<MethodOutput<M>, ApiQueryError>[] {
  return useQueries({
    queries: inputs.map((input) => ({ queryKey: queryKeyOf(method, input), queryFn: readFn(method, input) })),
  }) as UseQueryResult<MethodOutput<M>, ApiQueryError>[];
}

/** A list read page by page (`offset`, `limit`), cached as one entry; the next page is asked for as the list scrolls. */
export function usePagedApiQuery<M extends QueryMethod & ('candidates.list' | 'questions.list')>(method: M, input: MethodInput<M>, pageSize: number) {
  type Page = MethodOutput<M>;
  return useInfiniteQuery({
    queryKey: queryKeyOf(method, input),
    queryFn: ({ pageParam }) => readFn(method, { ...input, limit: pageSize, offset: pageParam } as MethodInput<M>)(),
    initialPageParam: 0,
    getNextPageParam: (last: Page, all: Page[]) => {
      const loaded = all.reduce((n, page) => n + page.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    // Another search keeps the old rows on screen until its own arrive.
    placeholderData: keepPreviousData,
  });
}

/**
 * A write that refreshes what it changed: on success the reads its entities
 * feed (invalidation.ts) are read again before the promise settles, so the
 * caller's next render already shows them. The result keeps ApiResult's shape
 * for the field errors the forms show.
 */
export function useApiMutation<M extends ChangeMethod>(method: M): (input: MethodInput<M>) => Promise<ApiResult<MethodOutput<M>>> {
  return useCallback(
    async (input: MethodInput<M>) => {
      const call = api.call as (m: M, i: MethodInput<M>) => Promise<ApiResult<MethodOutput<M>>>;
      const result = await call(method, input);
      if (result.ok) await invalidateAfter(method);
      return result;
    },
    [method],
  );
}
