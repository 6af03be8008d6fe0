import { describe, expect, it } from 'vitest';
import { value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

describe('questions.list gives each question its principles in the principles\' order and its tags alphabetically', () => {
  const w = workspacePerTest();

  it('whatever order they were given in, and after the principles are reordered', async () => {
    const made = [];
    for (const name of ['Ownership', 'Customers', 'Frugality']) made.push(value(await w.api.call('principles.create', { name, summary: `${name} matters` })));
    const [own, cust, frug] = made as [(typeof made)[number], (typeof made)[number], (typeof made)[number]];
    const q = value(
      await w.api.call('questions.create', {
        text: 'Tell me about a time you cut a cost a customer would notice.',
        principleIds: [frug.id, own.id, cust.id],
        tags: ['zeta', 'alpha', 'mid'],
      }),
    );
    const single = value(await w.api.call('questions.create', { text: 'Tell me about a time you owned a failure.', principleIds: [own.id] }));
    const listed = async () => value(await w.api.call('questions.list', {})).items;
    expect((await listed()).map((x) => [x.id, x.principleIds, x.tags])).toEqual([
      [single.id, [own.id], []],
      [q.id, [own.id, cust.id, frug.id], ['alpha', 'mid', 'zeta']],
    ]);
    value(await w.api.call('principles.reorder', { ids: [cust.id, frug.id, own.id] }));
    expect((await listed()).find((x) => x.id === q.id)?.principleIds).toEqual([cust.id, frug.id, own.id]);
    expect(value(await w.api.call('questions.list', { status: 'retired' })).total).toBe(0);
    expect(value(await w.api.call('questions.list', { status: 'all', principleId: cust.id })).items.map((x) => x.id)).toEqual([q.id]);
  });
});
