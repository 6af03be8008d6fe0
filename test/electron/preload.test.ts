import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<Listener>>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn((..._args: unknown[]): Promise<unknown> => Promise.resolve({ ok: true, value: 'pong' })),
      on: vi.fn((channel: string, listener: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: Listener) => {
        listeners.get(channel)?.delete(listener);
      }),
    },
  };
});
vi.mock('electron', () => electron);

import type { PrincipledBridge } from '../../core/api/contract/bridge';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../core/api/contract/bridge';

/** Loads the preload afresh and returns what it handed to the page. */
async function loadBridge(): Promise<PrincipledBridge> {
  vi.resetModules();
  await import('../../electron/preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] ?? [];
  expect(key).toBe('principled');
  return api as PrincipledBridge;
}

function emit(...args: unknown[]) {
  for (const listener of electron.listeners.get(IPC_EVENT_CHANNEL) ?? []) listener(...args);
}

beforeEach(() => {
  vi.clearAllMocks();
  electron.listeners.clear();
});

describe('preload', () => {
  it('exposes exactly invoke and on as window.principled', async () => {
    const api = await loadBridge();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
  });

  it('invoke sends the method and input on the API channel and returns the reply', async () => {
    const api = await loadBridge();
    await expect(api.invoke('principles.list', { limit: 5 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, 'principles.list', { limit: 5 });
  });

  it('invoke turns a broken IPC into an INTERNAL result instead of a rejection', async () => {
    const api = await loadBridge();
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('Error invoking remote method: boom\n    at stack'));
    const result = await api.invoke('principles.list', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).not.toMatch(/boom|stack/);
    }
  });

  it('on forwards only the payload, never the IPC event', async () => {
    const api = await loadBridge();
    const listener = vi.fn();
    api.on('principles.changed', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.any(Function));

    const ipcEvent = { sender: { send: vi.fn() }, ports: [] };
    emit(ipcEvent, 'principles.changed', { id: 'p1' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ id: 'p1' }]);
  });

  it('on ignores other event names', async () => {
    const api = await loadBridge();
    const listener = vi.fn();
    api.on('principles.changed', listener);
    emit({}, 'questions.changed', { id: 'q1' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('on returns an unsubscribe that removes exactly its own IPC listener', async () => {
    const api = await loadBridge();
    const listener = vi.fn();
    const unsubscribe = api.on('principles.changed', listener);
    const registered = electron.ipcRenderer.on.mock.calls[0]?.[1];

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, registered);
    emit({}, 'principles.changed', { id: 'p1' });
    expect(listener).not.toHaveBeenCalled();
  });
});
