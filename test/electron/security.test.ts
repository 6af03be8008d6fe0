import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
}));
vi.mock('electron', () => electron);

import type { App, Session, WebContents } from 'electron';
import {
  APP_ENTRY_URL,
  hardenContents,
  hardenSession,
  installContentsHardening,
  isAppUrl,
  isExternalLinkAllowed,
  isRequestAllowed,
} from '../../electron/security';

type Listener = (...args: unknown[]) => unknown;

/** Records what hardenContents registers so each handler can be called directly. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: Listener | undefined;
  const contents = {
    on: vi.fn((event: string, listener: Listener) => {
      listeners.set(event, listener);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((handler: Listener) => {
      openHandler = handler;
    }),
  };
  return {
    contents: contents as unknown as WebContents,
    emit(event: string, ...args: unknown[]) {
      const listener = listeners.get(event);
      if (!listener) throw new Error(`no listener for ${event}`);
      return listener(...args);
    },
    openWindow(url: string) {
      if (!openHandler) throw new Error('no window open handler');
      return openHandler({ url, frameName: '', features: '', disposition: 'new-window' });
    },
  };
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

function fakeSession() {
  const handlers: Record<string, Listener> = {};
  const session = {
    setPermissionRequestHandler: vi.fn((h: Listener) => (handlers.request = h)),
    setPermissionCheckHandler: vi.fn((h: Listener) => (handlers.check = h)),
    setDevicePermissionHandler: vi.fn((h: Listener) => (handlers.device = h)),
    webRequest: { onBeforeRequest: vi.fn((h: Listener) => (handlers.beforeRequest = h)) },
  };
  return { session: session as unknown as Session, handlers };
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('isAppUrl', () => {
  it('accepts only app://principled', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://principled/assets/index-abc.js')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://principled/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('hardenContents', () => {
  it('denies every window.open and opens nothing externally with the empty allow-list', () => {
    const fake = fakeContents();
    hardenContents(fake.contents);
    expect(fake.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(fake.openWindow(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    expect(fake.openWindow('mailto:someone@example.com')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('prevents navigation to another origin but not within the app', () => {
    const fake = fakeContents();
    hardenContents(fake.contents);

    const evil = navigationEvent('https://evil.example');
    fake.emit('will-navigate', evil, evil.url);
    expect(evil.preventDefault).toHaveBeenCalledTimes(1);

    const lookalike = navigationEvent('app://evil/index.html');
    fake.emit('will-navigate', lookalike, lookalike.url);
    expect(lookalike.preventDefault).toHaveBeenCalledTimes(1);

    const own = navigationEvent('app://principled/index.html');
    fake.emit('will-navigate', own, own.url);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents redirects off the app origin', () => {
    const fake = fakeContents();
    hardenContents(fake.contents);

    const evil = navigationEvent('https://evil.example/landing');
    fake.emit('will-redirect', evil, evil.url);
    expect(evil.preventDefault).toHaveBeenCalledTimes(1);

    const own = navigationEvent('app://principled/index.html');
    fake.emit('will-redirect', own, own.url);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents attaching a <webview>', () => {
    const fake = fakeContents();
    hardenContents(fake.contents);
    const event = { preventDefault: vi.fn() };
    fake.emit('will-attach-webview', event, {}, { src: 'https://evil.example' });
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('is applied to every web contents the app creates', () => {
    const on = vi.fn();
    installContentsHardening({ on } as unknown as App);
    expect(on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));

    const fake = fakeContents();
    const listener = on.mock.calls[0]?.[1] as Listener;
    listener({}, fake.contents);
    expect(fake.openWindow('https://evil.example')).toEqual({ action: 'deny' });
  });
});

describe('isExternalLinkAllowed', () => {
  it('allows nothing by default', () => {
    expect(isExternalLinkAllowed('https://example.com/')).toBe(false);
  });

  it('allows only exact https origins from a given list', () => {
    const list = ['https://help.example.com'];
    expect(isExternalLinkAllowed('https://help.example.com/page', list)).toBe(true);
    expect(isExternalLinkAllowed('http://help.example.com/page', list)).toBe(false);
    expect(isExternalLinkAllowed('https://help.example.com.evil.example/', list)).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)', list)).toBe(false);
  });
});

describe('hardenSession', () => {
  it('answers every permission request and check with false', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);

    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn();
      handlers.request?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check?.({}, permission, 'app://principled', {})).toBe(false);
    }
    expect(handlers.device?.({ deviceType: 'usb', origin: 'app://principled' })).toBe(false);
  });

  it('cancels every request that would leave the machine', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);

    const decide = (url: string) => {
      const callback = vi.fn();
      handlers.beforeRequest?.({ url }, callback);
      expect(callback).toHaveBeenCalledTimes(1);
      return (callback.mock.calls[0]?.[0] as { cancel: boolean }).cancel;
    };
    expect(decide('https://evil.example/tracker.js')).toBe(true);
    expect(decide('http://127.0.0.1:8080/')).toBe(true);
    expect(decide('ws://evil.example/socket')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://evil/index.html')).toBe(true);
    expect(decide('app://principled/assets/index.js')).toBe(false);
    expect(decide('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('lets data: URLs through because they never reach the network', () => {
    expect(isRequestAllowed('data:image/png;base64,AAAA')).toBe(true);
  });

  it('lets the blob: downloads the app builds (kits, packets, exports) through', () => {
    expect(isRequestAllowed('blob:app://principled/6f1c2a4e-0000-4000-8000-000000000000')).toBe(true);
  });
});
