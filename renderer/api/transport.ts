import { createClient, type ApiClient, type Transport } from '../../core/api/contract/client';
import type { PrincipledBridge } from '../../core/api/contract/bridge';
import { READ_BATCH_MAX, READ_BATCH_PATH, SESSION_HEADER, SESSION_TOKEN_KEY, type ReadBatchAnswer } from '../../core/api/contract/browserSession';
import type { ApiResult } from '../../core/api/contract/result';
import { isContractRead } from '../data/invalidation';
import { takeEarlyRead } from './earlyReads';
import { createReadBatcher, readBatchBody } from './readBatch';

declare global {
  interface Window {
    principled?: PrincipledBridge;
  }
}

const unreachable = (detail: string): ApiResult<never> => ({
  ok: false,
  error: { code: 'INTERNAL', message: `Cannot reach Principled (${detail}). Your changes were not saved; try again.` },
});

const LAUNCH_FRAGMENT = /^#launch=([A-Za-z0-9_-]+)$/;

const signedOutListeners = new Set<() => void>();

/** Called when the browser host refuses a call for want of a session: only a new link from the terminal helps then. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

const lockedListeners = new Set<() => void>();

/**
 * Called when the host refused a call because the app is locked (code LOCKED): the one place the data layer
 * learns of a lock it did not hear announced (a page that slept through the event, a reload while locked).
 */
export function onLocked(listener: () => void): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

/** Every answer passes here, whichever host and path (batched, early, bridge) it came by. */
function noticingLock(transport: Transport): Transport {
  return async (method, input) => {
    const result = await transport(method, input);
    if (!result.ok && result.error.code === 'LOCKED') for (const listener of lockedListeners) listener();
    return result;
  };
}

/** Read at every call: a link opened in another tab replaces the token for all of them. */
function sessionHeaders(): Record<string, string> {
  const token = window.localStorage.getItem(SESSION_TOKEN_KEY);
  return token ? { [SESSION_HEADER]: token } : {};
}

/**
 * A launch link opened in a browser that already has a session reaches the app
 * itself (the host serves the app to a session). The secret still leaves the
 * address bar at once, and is used up, so a link never works twice. After a
 * fragment-only navigation the app may belong to an older host: reload it.
 */
function acceptLaunchLink(reloadAfter: boolean): void {
  const match = LAUNCH_FRAGMENT.exec(window.location.hash);
  if (!match) return;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  void fetch('./session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret: match[1] }),
  })
    .then(async (response) => {
      if (!response.ok) return;
      window.localStorage.setItem(SESSION_TOKEN_KEY, ((await response.json()) as { token: string }).token);
      if (reloadAfter) window.location.reload();
    })
    .catch(() => undefined);
}

/** Same page, two hosts: inside Electron the preload bridge exists; in a browser, the loopback host's HTTP API. */
function detectTransport(): Transport {
  const bridge = window.principled;
  if (bridge) return (method, input) => bridge.invoke(method, input);
  // Before the router reads the hash: the secret is not a screen.
  acceptLaunchLink(false);
  window.addEventListener('hashchange', () => acceptLaunchLink(true));
  const read = createReadBatcher(
    ({ method, body }) => call(method, body),
    async (reads) => {
      const answer = await post<ReadBatchAnswer>(`.${READ_BATCH_PATH}`, readBatchBody(reads));
      // A refused batch (not signed in, the host gone) is each read's answer.
      return 'results' in answer ? (answer.results as ApiResult<unknown>[]) : reads.map(() => answer);
    },
    READ_BATCH_MAX,
  );
  return async (method, input) => {
    const body = input === undefined ? '' : JSON.stringify(input);
    // The first screen's reads may already be on their way (public/early-reads.js); one that failed is sent again.
    const early = await takeEarlyRead(method, body)?.catch(() => undefined);
    if (early) return early;
    return isContractRead(method) ? read({ method, body }) : call(method, body);
  };
}

const call = (method: string, body: string) => post<ApiResult<unknown>>(`./api/${encodeURIComponent(method)}`, body);

/** One request to the host; never throws. The token, not the cookie, is what the API trusts: every port on 127.0.0.1 receives the cookie. */
async function post<T>(path: string, body: string): Promise<T | ApiResult<never>> {
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...sessionHeaders() }, body });
    // Refusals of the API itself come back as 200 with an error; a 403 is the host saying "not signed in".
    if (response.status === 403) for (const listener of signedOutListeners) listener();
    return (await response.json()) as T;
  } catch (error) {
    return unreachable(error instanceof Error ? error.message : 'network error');
  }
}

export const api: ApiClient = createClient(noticingLock(detectTransport()));
