import { describe, expect, it } from 'vitest';
import { parseEventBlocks, type ServerEvent } from '../../core/api/contract/events';
import { failure, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

describe('server-to-UI events', () => {
  const w = workspacePerTest();

  it('announces each committed write with the kinds of entity it touched, and nothing for reads or refusals', async () => {
    const heard: ServerEvent[] = [];
    const stop = w.t.workspace.subscribe((e) => heard.push(e));
    value(await w.api.call('workspace.start', { starter: false }));
    const ada = value(await w.api.call('team.create', { name: 'Ada' }));
    heard.length = 0;
    value(await w.api.call('principles.list'));
    expect(failure(await w.api.call('principles.create', { name: '', summary: '' })).code).toBe('VALIDATION');
    expect(heard).toEqual([]);

    value(await w.api.call('principles.create', { name: 'Ownership', summary: 'Owns outcomes' }));
    value(await w.api.call('settings.setMe', { memberId: ada.id }));
    expect(heard).toEqual([
      { name: 'data.changed', payload: { method: 'principles.create', entities: ['principle'] } },
      { name: 'data.changed', payload: { method: 'settings.setMe', entities: ['settings'] } },
    ]);

    // A file-level service may change anything; a service that only reads says nothing.
    heard.length = 0;
    value(await w.api.call('backups.list'));
    value(await w.api.call('backups.create'));
    expect(heard).toEqual([{ name: 'data.changed', payload: { method: 'backups.create', entities: ['*'] } }]);

    stop();
    value(await w.api.call('principles.create', { name: 'Customers', summary: 'Starts from customers' }));
    expect(heard).toHaveLength(1);
  });
});

describe('parseEventBlocks', () => {
  it.each([
    ['one event', 'event: data.changed\ndata: {"a":1}\n\n', [{ name: 'data.changed', data: '{"a":1}' }], ''],
    ['comments only', ': open\n\n: heartbeat\n\n', [], ''],
    ['a partial block waits for the rest', 'event: data.changed\ndata: {"a"', [], 'event: data.changed\ndata: {"a"'],
    ['two events and a start', 'event: x\ndata: 1\n\nevent: y\ndata: 2\n\nevent: z', [{ name: 'x', data: '1' }, { name: 'y', data: '2' }], 'event: z'],
    ['no event name means message', 'data: hi\n\n', [{ name: 'message', data: 'hi' }], ''],
  ])('%s', (_name, text, events, rest) => {
    expect(parseEventBlocks(text)).toEqual({ events, rest });
  });
});
