import { ANY_ENTITY, EVENTS_PATH, parseEventBlocks, STREAM_OPEN_EVENT, type ServerEventName, type ServerEvents } from '../../core/api/contract/events';
import { SESSION_HEADER, SESSION_TOKEN_KEY, type ChangeMark } from '../../core/api/contract/browserSession';
import { missedChanges } from './changeMark';
import { takeEarlyMark } from './earlyReads';

type Listener<K extends ServerEventName> = (payload: ServerEvents[K]) => void;

const listeners = new Map<ServerEventName, Set<Listener<ServerEventName>>>();
let started = false;

function deliver(name: string, payload: unknown): void {
  for (const listener of listeners.get(name as ServerEventName) ?? []) listener(payload as ServerEvents[ServerEventName]);
}

/** The browser host's stream, read with fetch so the session token travels in a header; reopened after a drop. */
async function followBrowserStream(): Promise<void> {
  // Up to which of the host's changes this page has heard of: at first, those before the early reads.
  let known = await takeEarlyMark();
  for (let wait = 1_000; ; wait = Math.min(wait * 2, 30_000)) {
    try {
      const token = window.localStorage.getItem(SESSION_TOKEN_KEY) ?? '';
      const response = await fetch(`.${EVENTS_PATH}`, { headers: { [SESSION_HEADER]: token } });
      if (response.ok && response.body) {
        wait = 1_000;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEventBlocks(buffered + decoder.decode(value, { stream: true }));
          buffered = parsed.rest;
          for (const e of parsed.events) {
            if (e.name === STREAM_OPEN_EVENT) {
              const opened = JSON.parse(e.data) as ChangeMark;
              // Whatever changed before the stream opened (or while it was down) was not heard: read everything again.
              if (missedChanges(known, opened)) deliver('data.changed', { method: 'events.connected', entities: [ANY_ENTITY] });
              known = opened;
              continue;
            }
            if (e.name === 'data.changed' && known) known = { ...known, changes: known.changes + 1 };
            deliver(e.name, JSON.parse(e.data));
          }
        }
      }
    } catch {
      // The host went away or the page is unloading: try again later.
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function start(): void {
  if (started) return;
  started = true;
  const bridge = window.principled;
  if (bridge) {
    bridge.on('data.changed', (payload) => deliver('data.changed', payload));
    return;
  }
  void followBrowserStream();
}

/** Hears an event the API sends after a commit (from this window, another one, or later another device). */
export function onServerEvent<K extends ServerEventName>(name: K, listener: Listener<K>): () => void {
  start();
  const set = listeners.get(name) ?? new Set();
  listeners.set(name, set);
  set.add(listener as Listener<ServerEventName>);
  return () => set.delete(listener as Listener<ServerEventName>);
}
