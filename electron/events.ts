import type { WebContents } from 'electron';
import { IPC_EVENT_CHANNEL } from '../core/api/contract/bridge';
import type { Workspace } from '../core/server/workspace';

/**
 * Sends every workspace event to every open window on the one event channel,
 * as (name, payload) — the shape the preload's `on` unpacks. Windows that are
 * closing are skipped.
 */
export function forwardEvents(workspace: Pick<Workspace, 'subscribe'>, windows: () => readonly Pick<WebContents, 'send' | 'isDestroyed'>[]): () => void {
  return workspace.subscribe((event) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event.name, event.payload);
  });
}
