import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../core/api/contract/bridge';
import type { PrincipledBridge } from '../core/api/contract/bridge';
import type { ApiResult } from '../core/api/contract/result';

// The renderer receives plain data only: handing it the IpcRendererEvent (or
// ipcRenderer itself) would let page script send on any channel it likes.
const bridge: PrincipledBridge = {
  invoke(method, input) {
    const reply = ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<ApiResult<unknown>>;
    // The main process answers failures as ApiResults; a rejection only means
    // the IPC itself broke, which the UI should see as one more failure.
    return reply.catch(
      (): ApiResult<unknown> => ({
        ok: false,
        error: { code: 'INTERNAL', message: 'The app did not answer. Try again, or restart Principled.' },
      }),
    );
  },
  // Main sends events as (name, payload) on the one event channel.
  on(event, listener) {
    const forward = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('principled', bridge);
