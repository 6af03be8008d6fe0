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
