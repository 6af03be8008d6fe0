/**
 * What the API tells the UI after the fact (ARCHITECTURE.md, "Server-to-UI
 * events"), over the preload's `on` channel in Electron and Server-Sent Events
 * in the browser host. Sent only after a commit, so a listener that reads again
 * sees the change.
 */
export interface ServerEvents {
  /**
   * Something was written. `entities` are the kinds the activity log names
   * (`loop`, `candidate`, `team_member`, …); `*` when a file-level service
   * (a restore, an import) may have changed anything.
   */
  'data.changed': { method: string; entities: string[] };
  /** The app locked (idle, or "Lock now" in any window): every page drops what it shows and holds of the workspace. */
  'privacy.locked': Record<string, never>;
}

export type ServerEventName = keyof ServerEvents;
export type ServerEvent = { [K in ServerEventName]: { name: K; payload: ServerEvents[K] } }[ServerEventName];

/** Every entity: a change whose reach the API does not narrow down. */
export const ANY_ENTITY = '*';

/** The browser host's Server-Sent Events stream. */
export const EVENTS_PATH = '/events';

/**
 * The stream's first event: the host's change mark (browserSession.ts, ChangeMark) as it opened. Not a
 * server event a screen listens to: the event client compares it with the mark of the page's first reads.
 */
export const STREAM_OPEN_EVENT = 'stream.open';

/** Splits a Server-Sent Events text into (event, data) pairs; comments (": …") and partial blocks are left. */
export function parseEventBlocks(text: string): { events: { name: string; data: string }[]; rest: string } {
  const blocks = text.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    return data.length ? [{ name, data: data.join('\n') }] : [];
  });
  return { events, rest };
}
