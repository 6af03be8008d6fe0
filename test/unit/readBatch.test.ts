import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../core/api/contract/methods';
import type { ApiResult } from '../../core/api/contract/result';
import { isContractRead } from '../../renderer/data/invalidation';
import { createReadBatcher, readBatchBody, type QueuedRead } from '../../renderer/api/readBatch';

/** A stand-in host: records each request and answers every read with its method and body. */
function fakeHost(batchAnswer?: (reads: QueuedRead[]) => ApiResult<unknown>[]) {
  const requests: string[][] = [];
  const answer = (r: QueuedRead): ApiResult<unknown> => ({ ok: true, value: `${r.method} ${r.body}` });
  const read = createReadBatcher(
    async (r) => {
      requests.push([r.method]);
      return answer(r);
    },
    async (reads) => {
      requests.push(reads.map((r) => r.method));
      return batchAnswer ? batchAnswer(reads) : reads.map(answer);
    },
    3,
  );
  return { read, requests };
}

describe('reads asked for in one turn leave as one batch (renderer/api/readBatch.ts)', () => {
  it('sends a read alone as its own request', async () => {
    const { read, requests } = fakeHost();
    expect(await read({ method: 'home.get', body: '' })).toEqual({ ok: true, value: 'home.get ' });
    expect(requests).toEqual([['home.get']]);
  });

  it('sends the reads of one turn together, in chunks of the batch limit, each answered with its own result', async () => {
    const { read, requests } = fakeHost();
    const asked = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((m, i) => read({ method: m, body: `{"n":${i}}` }));
    const answers = await Promise.all(asked);
    expect(requests).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    expect(answers.map((a) => (a as { value: string }).value)).toEqual(['a {"n":0}', 'b {"n":1}', 'c {"n":2}', 'd {"n":3}', 'e {"n":4}', 'f {"n":5}', 'g {"n":6}']);
  });

  it('starts a new batch for reads asked for in a later turn', async () => {
    const { read, requests } = fakeHost();
    await Promise.all([read({ method: 'a', body: '' }), read({ method: 'b', body: '' })]);
    await read({ method: 'c', body: '' });
    expect(requests).toEqual([['a', 'b'], ['c']]);
  });

  it('gives a read whose answer is missing from the batch an error, never another read\'s answer', async () => {
    const { read } = fakeHost((reads) => reads.slice(0, 1).map(() => ({ ok: true, value: 'first only' })));
    const [first, second] = await Promise.all([read({ method: 'a', body: '' }), read({ method: 'b', body: '' })]);
    expect(first).toEqual({ ok: true, value: 'first only' });
    expect(second).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('builds the batch body from the bodies already serialised', () => {
    const body = readBatchBody([
      { method: 'loops.get', body: '{"id":"x"}' },
      { method: 'home.get', body: '' },
    ]);
    expect(JSON.parse(body)).toEqual([{ method: 'loops.get', input: { id: 'x' } }, { method: 'home.get' }]);
  });

  it('batches exactly the contract\'s read methods: never a write or a service', () => {
    for (const name of Object.keys(methods) as MethodName[]) expect(isContractRead(name), name).toBe(methods[name].kind === 'read');
    expect(isContractRead('toString')).toBe(false);
  });
});
