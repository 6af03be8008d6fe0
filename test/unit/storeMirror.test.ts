import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TeamMemberName } from '../../core/api/contract/team';
import { invalidateIn, readsInvalidatedBy, readsInvalidatedByEvent } from '../../renderer/data/invalidation';
import { mirrorQuery } from '../../renderer/data/mirror';

const person = (name: string): TeamMemberName => ({ id: name, name, title: '', team: '', status: 'active', capabilities: [] });

// The shell's stores read through the same cache and invalidation table as the screens; only the API is faked.
describe('a store mirrors a cached read and follows the invalidation table', () => {
  let client: QueryClient;
  let read: ReturnType<typeof vi.fn<() => Promise<TeamMemberName[]>>>;
  let names: TeamMemberName[][];
  let failures: string[];
  beforeEach(() => {
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    read = vi.fn<() => Promise<TeamMemberName[]>>();
    names = [];
    failures = [];
    return () => client.clear();
  });

  const mirror = () =>
    mirrorQuery<TeamMemberName[], Error>(
      client,
      { queryKey: ['team.names', { includeLeft: true }], queryFn: read },
      (members) => names.push(members),
      (error) => failures.push(error.message),
    );

  it('reads once, then again only when a write or event invalidates what it shows', async () => {
    read.mockResolvedValueOnce([person('Ada')]);
    const store = mirror();
    await store.ready();
    expect(read).toHaveBeenCalledTimes(1);
    expect(names).toEqual([[person('Ada')]]);

    // Asked again by another screen: the cached answer stands, nothing is read.
    await store.ready();
    expect(read).toHaveBeenCalledTimes(1);

    // A feedback changes training counts, which names do not show.
    await invalidateIn(client, readsInvalidatedBy('feedback.submit'));
    expect(read).toHaveBeenCalledTimes(1);

    // A person edited here: the store holds the new names once the write's invalidation settles.
    read.mockResolvedValueOnce([person('Ada'), person('Bo')]);
    await invalidateIn(client, readsInvalidatedBy('team.update'));
    expect(read).toHaveBeenCalledTimes(2);
    expect(names.at(-1)).toEqual([person('Ada'), person('Bo')]);

    // A change announced from another window goes through the same table.
    read.mockResolvedValueOnce([person('Bo')]);
    await invalidateIn(client, readsInvalidatedByEvent({ method: 'team.update', entities: ['team_member'] }));
    expect(names.at(-1)).toEqual([person('Bo')]);
    expect(failures).toEqual([]);
  });

  it('a refusal reaches the store once, and the next ready() asks again', async () => {
    read.mockRejectedValueOnce(new Error('disk gone'));
    const store = mirror();
    await store.ready();
    expect(failures).toEqual(['disk gone']);
    expect(names).toEqual([]);

    read.mockResolvedValueOnce([person('Ada')]);
    await store.ready();
    expect(read).toHaveBeenCalledTimes(2);
    expect(names).toEqual([[person('Ada')]]);
    expect(failures).toEqual(['disk gone']);
  });
});
