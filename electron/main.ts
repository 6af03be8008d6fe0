import { app, BrowserWindow as Windows, dialog, ipcMain, Menu, Notification, protocol, session } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { IPC_INVOKE_CHANNEL } from '../core/api/contract/bridge';
import type { OwedFeedback } from '../core/api/contract/feedback';
import type { ApiResult } from '../core/api/contract/result';
import { CONTENT_SECURITY_POLICY } from '../core/security/csp';
import { openWorkspaceSafely } from '../core/server/workspace';
import type { Workspace } from '../core/server/workspace';
import { HOST_STARTUP_GATE } from '../core/server/startupGate';
import { resolveDataDir } from '../db/dataDir';
import { openDesktopWorkspace } from './desktopWorkspace';
import { forwardEvents } from './events';
import { osKeyStore } from './keySealer';
import { buildMenuTemplate } from './menu';
import { createOverdueNotifier, OVERDUE_CHECK_INTERVAL_MS } from './overdueNotifier';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_SCHEME,
  hardenSession,
  installContentsHardening,
  isAppUrl,
} from './security';
import { createMainWindow } from './window';

// ---------------------------------------------------------------------------
// app:// — the built renderer, and nothing else on disk.

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Every response carries the CSP, errors included, so no page escapes it. */
function respond(status: number, body: Uint8Array | string | null, contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export type AppPath = { ok: true; file: string } | { ok: false; status: 403 | 404 };

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Maps an app:// URL to a file under rootDir. Decoding happens before the
 * containment check, so `%2e%2e%2f` and `..%5c` cannot slip past it.
 */
export function resolveAppPath(rootDir: string, url: string): AppPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 404 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST) return { ok: false, status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 404 };
  }
  if (pathname.includes('\0')) return { ok: false, status: 403 };
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return isInside(root, file) ? { ok: true, file } : { ok: false, status: 403 };
}

export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');
    const target = resolveAppPath(rootDir, request.url);
    if (!target.ok) return respond(target.status, target.status === 403 ? 'Forbidden' : 'Not found');
    try {
      // A symlink inside the folder must not lead back out of it.
      const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(target.file)]);
      if (!isInside(realRoot, realFile)) return respond(403, 'Forbidden');
      const body = await readFile(realFile);
      const type = CONTENT_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream';
      return respond(200, request.method === 'HEAD' ? null : new Uint8Array(body), type);
    } catch {
      return respond(404, 'Not found');
    }
  };
}

// ---------------------------------------------------------------------------
// IPC — only the app's own pages may call the API.

const FORBIDDEN: ApiResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Only Principled’s own window can use its data.' },
};

/**
 * Like VS Code's validatedIpcMain: the preload is the only caller we expect,
 * but a frame that somehow navigated elsewhere must not inherit its access.
 */
function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  try {
    const url = event.senderFrame?.url;
    return typeof url === 'string' && isAppUrl(url);
  } catch {
    // Electron throws if the frame was disposed mid-call; treat it as unknown.
    return false;
  }
}

/** What a call waiting for the workspace gets when it could not be opened (the window is closing then). */
const NOT_OPENED: ApiResult<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Principled could not open its data, so nothing can be read or saved.' },
};

/**
 * The workspace may still be opening (the window is shown first): a call then waits for it rather than failing,
 * but a caller that may not call at all is refused before that, at once.
 */
export function createInvokeHandler(
  workspace: Pick<Workspace, 'call'> | Promise<Pick<Workspace, 'call'>>,
): (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, method: unknown, input: unknown) => Promise<ApiResult<unknown>> {
  return async (event, method, input) => {
    if (!isTrustedSender(event)) return FORBIDDEN;
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'VALIDATION', message: 'The API method name must be a string.' } };
    }
    let opened: Pick<Workspace, 'call'>;
    try {
      opened = await workspace;
    } catch {
      // startApp reports why, in its dialog.
      return NOT_OPENED;
    }
    try {
      return await opened.call(method, input);
    } catch (error) {
      // The stack stays in the main process log; the renderer gets a plain result.
      console.error(`Principled: ${method} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Principled.' } };
    }
  };
}

// ---------------------------------------------------------------------------
// Startup.

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A dialog and a clean exit beat an empty window that cannot save anything. */
function failStartup(title: string, detail: string): void {
  dialog.showErrorBox(title, detail);
  app.quit();
}

/** Checks every minute for feedback that has just become overdue, and says so through the OS. */
function startOverdueNotifications(workspace: Workspace): void {
  if (!Notification.isSupported()) return;
  const notifier = createOverdueNotifier({
    owed: () => {
      const result = workspace.dispatch('feedback.owed', undefined);
      return result.ok ? (result.value as OwedFeedback[]) : [];
    },
    notify: (title, body) => new Notification({ title, body }).show(),
  });
  notifier.check();
  setInterval(() => notifier.check(), OVERDUE_CHECK_INTERVAL_MS).unref();
}

export function startApp(): void {
  if (!app.requestSingleInstanceLock()) {
    // The first instance is told through 'second-instance' and comes forward.
    app.quit();
    return;
  }

  // These three only take effect before 'ready'.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  installContentsHardening(app);

  // Defence in depth beside the workspace's own 0600 files. This process writes no files itself; Chromium saves
  // downloads (exports, kits, backup copies) in it and takes their permissions from the umask.
  process.umask(0o077);
  const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
  // getAppPath() is the project folder in development and the asar when packaged.
  const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
  const preloadPath = join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');

  let workspace: Workspace | null = null;
  let mainWindow: BrowserWindow | null = null;
  // A window can only be made once the app is ready, and none after the open failed (the app is quitting then).
  let canOpenWindow = false;
  let quitting = false;
  // API calls made before the workspace is open wait on this (createInvokeHandler).
  let settle!: { resolve: (opened: Workspace) => void; reject: (error: unknown) => void };
  const opening = new Promise<Workspace>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Reported by abortStartup; a waiting call's own await sees it too.
  opening.catch(() => {});

  /** The dialog alone, not over a window that can neither read nor save; waiting calls get an error, not silence. */
  const abortStartup = (title: string, detail: string, error: unknown): void => {
    canOpenWindow = false;
    settle.reject(error);
    for (const window of Windows.getAllWindows()) window.destroy();
    failStartup(title, detail);
  };

  const openWindow = (): void => {
    const window = createMainWindow({ preloadPath, url: APP_ENTRY_URL });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    // On macOS the app can be running with its window closed.
    if (!mainWindow) {
      if (canOpenWindow) openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    // A failed start closes its window itself, and quits once its dialog has been read.
    if (process.platform !== 'darwin' && canOpenWindow) app.quit();
  });
  app.on('activate', () => {
    if (canOpenWindow && !mainWindow) openWindow();
  });
  app.on('will-quit', () => {
    quitting = true;
    workspace?.close();
    workspace = null;
  });

  app
    .whenReady()
    .then(async () => {
      // Everything the page needs to load comes before the workspace, so the renderer process starts and the
      // bundle loads while the workspace opens (issue 10): app:// serves static files only, and API calls wait.
      hardenSession(session.defaultSession);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
      ipcMain.handle(IPC_INVOKE_CHANNEL, createInvokeHandler(opening));
      Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, { isDev: !app.isPackaged })));
      canOpenWindow = true;
      openWindow();

      let opened: Workspace;
      try {
        // After the window: the open's synchronous part (lock, probe) must not hold up the renderer process's start.
        // Nothing in it asks through a dialog: a passphrase is asked by the page's lock screen, through the API.
        opened = await openDesktopWorkspace(dataDir, () => osKeyStore(), (key) =>
          openWorkspaceSafely(dataDir, { key, startupGate: HOST_STARTUP_GATE, sync: { osKeyStore: () => osKeyStore() } }),
        );
      } catch (error) {
        abortStartup(
          'Principled could not open its data',
          `The workspace in this folder could not be opened:\n\n${dataDir}\n\n${describe(error)}\n\n` +
            'Check that the folder exists and is writable, or start Principled with --data-dir <folder>.',
          error,
        );
        return;
      }
      if (quitting) {
        // Quit while it opened: will-quit found nothing to close.
        opened.close();
        settle.reject(new Error('Principled is quitting.'));
        return;
      }
      workspace = opened;
      settle.resolve(opened);
      // Changes made in one window (or, later, by another device) reach every window.
      forwardEvents(opened, () => Windows.getAllWindows().map((w) => w.webContents));
      startOverdueNotifications(opened);
    })
    .catch((error: unknown) => {
      abortStartup('Principled could not start', describe(error), error);
    });
}

startApp();
