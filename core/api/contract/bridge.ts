import type { ApiResult } from './result';

/** The IPC channel names shared by Electron's main process and preload. */
export const IPC_INVOKE_CHANNEL = 'principled:api';
export const IPC_EVENT_CHANNEL = 'principled:event';

/**
 * What the preload exposes on `window.principled`: two functions and nothing
 * else, so the renderer never holds `ipcRenderer` itself.
 */
export interface PrincipledBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
