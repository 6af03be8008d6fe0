import { describe, expect, it } from 'vitest';
import { roleSummary } from '../../core/api/contract/roles';
import { company, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

describe('roles.list gives each role with its focus principles and interviews counted', () => {
  const w = workspacePerTest();

  it('counts what roles.get lists, and lists neither', async () => {
    const c = await company(w.api);
    const bare = value(await w.api.call('roles.create', { title: 'Analyst', status: 'paused' }));
    const listed = value(await w.api.call('roles.list', { status: 'all' }));
    const backend = listed.find((r) => r.id === c.role.id);
    expect(backend).toMatchObject({ title: 'Backend engineer', team: 'Engineering', hiringManagerId: c.cto.id, focusPrincipleCount: 2, interviewCount: 2 });
    expect(backend).not.toHaveProperty('template');
    expect(backend).not.toHaveProperty('focusPrincipleIds');
    expect(listed.find((r) => r.id === bare.id)).toMatchObject({ focusPrincipleCount: 0, interviewCount: 0, status: 'paused' });
    // The summary is exactly the whole role, counted: the list and the screen's own update of it agree.
    for (const summary of listed) expect(summary).toEqual(roleSummary(value(await w.api.call('roles.get', { id: summary.id }))));
  });

  it('follows an edit of the template and focus', async () => {
    const c = await company(w.api);
    const updated = value(
      await w.api.call('roles.update', {
        id: c.role.id,
        revision: c.role.revision,
        focusPrincipleIds: [c.own.id],
        template: [...c.role.template, { title: 'Bar raiser', durationMinutes: 60, principleIds: [c.own.id, c.cust.id] }],
      }),
    );
    const [listed] = value(await w.api.call('roles.list', { status: 'open' })).filter((r) => r.id === c.role.id);
    expect(listed).toMatchObject({ focusPrincipleCount: 1, interviewCount: 3, revision: updated.revision });
  });
});
