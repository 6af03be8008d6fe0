// How the browser host knows the app's own page from any other page the same
// browser opens. Shared by the host, its launch page and the renderer.

/**
 * The request header that carries the session token on every API call. A
 * cookie would not do: browsers send 127.0.0.1's cookies to every port on it,
 * so any local server the browser visits would receive them.
 */
export const SESSION_HEADER = 'X-Principled-Session';

/** Where the page keeps the token: localStorage is per origin, port included, and shared by the app's tabs. */
export const SESSION_TOKEN_KEY = 'principled-session-token';

/**
 * Several reads in one request, answered in order, each exactly as `/api/<method>` would answer it. The page's
 * first reads go this way (public/early-reads.js): six requests at once took all six of the browser's
 * connections to the host, and the app's own scripts waited behind them. Reads only (read methods and the
 * services that change nothing, such as recovery.status): a write is never batched.
 */
export const READ_BATCH_PATH = '/api-reads';

/** More than the first screen asks for, far fewer than could keep the one writer busy. */
export const READ_BATCH_MAX = 8;

/** Where the page stands against the host's changes (host/changeCount.ts): sent with a read batch and on opening the event stream. */
export interface ChangeMark {
  instance: string;
  changes: number;
}

/** A read batch's answer: the mark as of before the first read ran, and each read's result in order. */
export interface ReadBatchAnswer extends ChangeMark {
  results: unknown[];
}
