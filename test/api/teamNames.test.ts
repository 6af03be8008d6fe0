import { describe, expect, it } from 'vitest';
import { company, failure, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

describe('team.names: the light read of the team for screens that only name people', () => {
  const w = workspacePerTest();

  it('lists id, name, title, team, status and capabilities by name, without email or training, and the people who left on request', async () => {
    const { api } = w;
    const c = await company(api);
    value(await api.call('team.update', { id: c.ops.id, status: 'left', revision: c.ops.revision }));

    const names = value(await api.call('team.names'));
    expect(names.map(({ id, name, status, capabilities }) => ({ id, name, status, capabilities }))).toEqual([
      { id: c.ceo.id, name: 'Ceo', status: 'active', capabilities: ['founder', 'admin', 'interviewer', 'bar_raiser', 'hiring_manager'] },
      { id: c.cto.id, name: 'Cto', status: 'active', capabilities: ['interviewer', 'hiring_manager'] },
      { id: c.eng.id, name: 'Eng', status: 'active', capabilities: ['interviewer'] },
      { id: c.sales.id, name: 'Sales', status: 'active', capabilities: ['interviewer', 'bar_raiser'] },
    ]);
    // Pickers tell namesakes apart by title and suggest team names; nothing else about a person comes along.
    expect(Object.keys(names[0] ?? {}).sort()).toEqual(['capabilities', 'id', 'name', 'status', 'team', 'title']);
    // The same people, in the same order, as the full list: only the fields differ.
    const everyone = value(await api.call('team.names', { includeLeft: true }));
    const full = value(await api.call('team.list', { includeLeft: true }));
    expect(everyone).toEqual(full.map(({ id, name, title, team, status, capabilities }) => ({ id, name, title, team, status, capabilities })));
    expect(everyone.find((m) => m.id === c.ops.id)?.status).toBe('left');

    expect(failure(await api.call('team.names', { includeLeft: 'yes' } as never)).code).toBe('VALIDATION');
  });
});
