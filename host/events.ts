import type { IncomingMessage, ServerResponse } from 'node:http';
import { STREAM_OPEN_EVENT } from '../core/api/contract/events';
import type { ChangeMark } from '../core/api/contract/browserSession';
import type { Workspace } from '../core/server/workspace';
import type { ChangeCount } from './changeCount';

/** Often enough that proxies and the browser keep an idle stream open; cheap enough to ignore. */
export const HEARTBEAT_MS = 20_000;

/**
 * The workspace's events as Server-Sent Events, until the page goes away. The
 * page reads it with fetch (not EventSource), so the session token travels in a
 * header like every API call's.
 */
export function streamEvents(
  workspace: Workspace,
  changes: ChangeCount,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  // A first event, so the page knows the stream is open and whether it missed a change before it was.
  const mark: ChangeMark = { instance: changes.instance, changes: changes.current() };
  res.write(`event: ${STREAM_OPEN_EVENT}\ndata: ${JSON.stringify(mark)}\n\n`);
  const stop = workspace.subscribe((event) => {
    res.write(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  const end = () => {
    clearInterval(heartbeat);
    stop();
  };
  req.on('close', end);
  res.on('error', end);
}
