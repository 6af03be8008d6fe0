import { shell } from 'electron';
import type { App, Session, WebContents } from 'electron';

/**
 * The renderer's only origin. A standard scheme gives it a real origin, so
 * CSP `'self'`, fetch and storage scoping work as they would over https.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'principled';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Origins whose links may leave the app for the system browser. Empty on
 * purpose: Principled is offline and private, so no link should leave it. If
 * one ever must (say, a help site), add its exact https origin here and
 * nothing broader.
 */
export const EXTERNAL_LINK_ALLOWLIST: readonly string[] = [];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Compares scheme and host rather than `URL.origin`: Node's URL parser gives
 * non-special schemes such as `app:` the opaque origin "null".
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST;
}

export function isExternalLinkAllowed(
  url: string,
  allowList: readonly string[] = EXTERNAL_LINK_ALLOWLIST,
): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === 'https:' && allowList.includes(parsed.origin);
}

/**
 * Everything the app needs is served by app://; devtools: keeps the inspector
 * usable in development; data: and blob: never touch the network (CSP limits
 * data: to images; blob: carries the files the app itself builds for download:
 * kits, packets, exports). Anything else would be a request off the machine.
 */
export function isRequestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  const parsed = parse(url);
  return parsed !== null && ['devtools:', 'data:', 'blob:'].includes(parsed.protocol);
}

/** Nothing in the app needs a camera, location, notifications or the like. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url) });
  });
}

/**
 * Keeps every web contents on the app's own pages: no popups, no navigating
 * or redirecting away, no <webview> guests.
 */
export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Covers contents created later too (devtools, any future window). */
export function installContentsHardening(app: App): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}
