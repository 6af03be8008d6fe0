import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

// A recording stand-in for the parts of Electron main.ts touches; the real
// binary cannot run here.
const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Listener>();
  const state = { lock: true, packaged: true };

  class FakeBrowserWindow {
    static instances: FakeBrowserWindow[] = [];
    readonly listeners = new Map<string, Listener>();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly isMinimized = vi.fn(() => true);
    readonly webContents = { send: vi.fn(), isDestroyed: vi.fn(() => false) };
    destroyed = false;
    // As in Electron: gone from getAllWindows, and 'closed' is emitted.
    readonly destroy = vi.fn(() => {
      this.destroyed = true;
      FakeBrowserWindow.instances.splice(FakeBrowserWindow.instances.indexOf(this), 1);
      this.listeners.get('closed')?.();
    });
    static created: FakeBrowserWindow[] = [];
    static getAllWindows() {
      return FakeBrowserWindow.instances;
    }
    constructor(readonly options: { webPreferences?: { preload?: string } }) {
      FakeBrowserWindow.instances.push(this);
      FakeBrowserWindow.created.push(this);
    }
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
  }

  class FakeNotification {
    static shown: { title: string; body: string }[] = [];
    static isSupported = vi.fn(() => true);
    constructor(readonly options: { title: string; body: string }) {}
    show() {
      FakeNotification.shown.push(this.options);
    }
  }

  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  };

  const workspace = { file: '/data/principled.db', dispatch: vi.fn(), call: vi.fn(), close: vi.fn(), subscribe: vi.fn((_listener: Listener) => () => {}) };

  return {
    state,
    appListeners,
    workspace,
    openWorkspace: vi.fn((_dir: string, _options?: unknown): unknown => workspace),
    resolveDataDir: vi.fn((..._args: unknown[]) => '/resolved/data'),
    electron: {
      app: {
        requestSingleInstanceLock: vi.fn(() => state.lock),
        quit: vi.fn(),
        enableSandbox: vi.fn(),
        getPath: vi.fn((_name: string) => '/fake/userData'),
        getAppPath: vi.fn(() => '/fake/app'),
        get isPackaged() {
          return state.packaged;
        },
        on: vi.fn((event: string, listener: Listener) => {
          appListeners.set(event, listener);
        }),
        whenReady: vi.fn(() => Promise.resolve()),
      },
      BrowserWindow: FakeBrowserWindow,
      Notification: FakeNotification,
      dialog: { showErrorBox: vi.fn() },
      ipcMain: { handle: vi.fn() },
      Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: { defaultSession: session },
      shell: { openExternal: vi.fn() },
      // No OS key store here (as on Linux without a keyring): team sync falls back to its passphrase.
      safeStorage: { isEncryptionAvailable: vi.fn(() => false), getSelectedStorageBackend: vi.fn(() => 'basic_text') },
    },
  };
});

vi.mock('electron', () => fake.electron);
vi.mock('../../core/server/workspace', () => ({ openWorkspaceSafely: fake.openWorkspace }));
vi.mock('../../db/dataDir', () => ({ resolveDataDir: fake.resolveDataDir }));

import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../core/api/contract/bridge';
import type { ApiResult } from '../../core/api/contract/result';
import { CONTENT_SECURITY_POLICY } from '../../core/security/csp';
import { HOST_STARTUP_GATE } from '../../core/server/startupGate';
import type * as Main from '../../electron/main';

type MainModule = typeof Main;
type InvokeHandler = ReturnType<MainModule['createInvokeHandler']>;

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** API calls that reached the workspace on behalf of the renderer. */
const rendererDispatches = () => fake.workspace.call.mock.calls;

/** Runs main.ts from the top, as Electron would, against fresh fakes. */
async function boot(): Promise<MainModule> {
  vi.resetModules();
  const main = await import('../../electron/main');
  await flush();
  return main;
}

function registeredInvokeHandler(): InvokeHandler {
  const call = fake.electron.ipcMain.handle.mock.calls[0] as unknown[] | undefined;
  expect(call?.[0]).toBe(IPC_INVOKE_CHANNEL);
  return call?.[1] as InvokeHandler;
}

const frame = (url: string) => ({ senderFrame: { url } }) as unknown as Parameters<InvokeHandler>[0];

beforeEach(() => {
  vi.clearAllMocks();
  fake.appListeners.clear();
  fake.electron.BrowserWindow.instances.length = 0;
  fake.electron.BrowserWindow.created.length = 0;
  fake.electron.Notification.shown.length = 0;
  fake.workspace.dispatch.mockReset();
  // A workspace with nothing owed: an undefined answer would fail the start (and quietly did, before).
  fake.workspace.dispatch.mockImplementation(() => ({ ok: true, value: [] }));
  fake.workspace.call.mockReset();
  fake.state.lock = true;
  fake.state.packaged = true;
  fake.openWorkspace.mockImplementation(() => fake.workspace);
});

describe('startup', () => {
  it('quits at once when another instance holds the lock', async () => {
    fake.state.lock = false;
    await boot();
    expect(fake.electron.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
    expect(fake.openWorkspace).not.toHaveBeenCalled();
    expect(fake.electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('registers app:// as a privileged standard scheme before ready', async () => {
    await boot();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('opens the workspace in the resolved data folder, with the OS key store for team sync asked at each use and the start\'s work held for the first screen', async () => {
    await boot();
    expect(fake.resolveDataDir).toHaveBeenCalledWith(process.argv, process.env, '/fake/userData');
    expect(fake.electron.app.getPath).toHaveBeenCalledWith('userData');
    expect(fake.openWorkspace).toHaveBeenCalledWith('/resolved/data', { key: null, startupGate: HOST_STARTUP_GATE, sync: { osKeyStore: expect.any(Function) } });
    const options = fake.openWorkspace.mock.calls[0]?.[1] as { sync: { osKeyStore: () => unknown } };
    expect(options.sync.osKeyStore()).toBeNull();
    expect(fake.electron.safeStorage.isEncryptionAvailable).toHaveBeenCalled();
  });

  it('hardens the session, serves app://, wires IPC and opens the window', async () => {
    await boot();
    expect(fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(fake.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fake.electron.session.defaultSession.webRequest.onBeforeRequest).toHaveBeenCalled();
    expect(fake.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.electron.ipcMain.handle).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, expect.any(Function));
    expect(fake.electron.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(fake.appListeners.has('web-contents-created')).toBe(true);

    const [window] = fake.electron.BrowserWindow.instances;
    expect(window?.options.webPreferences?.preload).toBe(join('/fake/app', 'dist', 'electron', 'preload.cjs'));
    expect(window?.loadURL).toHaveBeenCalledWith('app://principled/index.html');
  });

  it("sends the workspace's events to every window on the event channel, skipping closing ones", async () => {
    await boot();
    const listener = fake.workspace.subscribe.mock.calls[0]?.[0];
    if (!listener) throw new Error('main did not subscribe to the workspace events');
    const [open] = fake.electron.BrowserWindow.instances;
    const closing = new fake.electron.BrowserWindow({});
    closing.webContents.isDestroyed.mockReturnValue(true);
    listener({ name: 'data.changed', payload: { method: 'principles.create', entities: ['principle'] } });
    expect(open?.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'data.changed', { method: 'principles.create', entities: ['principle'] });
    expect(closing.webContents.send).not.toHaveBeenCalled();
  });

  it('hides developer menu items in a packaged build', async () => {
    await boot();
    const template = fake.electron.Menu.buildFromTemplate.mock.calls[0]?.[0];
    expect(JSON.stringify(template)).not.toContain('toggleDevTools');
  });

  it('shows an error and quits, its window destroyed first, when the workspace cannot be opened', async () => {
    fake.openWorkspace.mockImplementation(() => {
      throw new Error('SQLITE_CANTOPEN: unable to open database file');
    });
    await boot();
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, detail] = fake.electron.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toMatch(/could not open/i);
    expect(detail).toContain('/resolved/data');
    expect(detail).toContain('SQLITE_CANTOPEN');
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.electron.BrowserWindow.instances).toHaveLength(0);
    expect(fake.electron.BrowserWindow.created).toHaveLength(1);
    expect(fake.electron.BrowserWindow.created[0]?.destroyed).toBe(true);
  });

  it('brings the first window forward when a second instance starts', async () => {
    await boot();
    const [window] = fake.electron.BrowserWindow.instances;
    fake.appListeners.get('second-instance')?.({}, [], '/');
    expect(window?.restore).toHaveBeenCalled();
    expect(window?.focus).toHaveBeenCalled();
  });

  it('reopens a window for a second instance when the first has none (macOS)', async () => {
    await boot();
    const [first] = fake.electron.BrowserWindow.instances;
    first?.listeners.get('closed')?.();
    fake.appListeners.get('second-instance')?.({}, [], '/');
    expect(fake.electron.BrowserWindow.instances).toHaveLength(2);
  });

  it('closes the workspace when the app quits', async () => {
    await boot();
    expect(fake.workspace.close).not.toHaveBeenCalled();
    fake.appListeners.get('will-quit')?.({});
    expect(fake.workspace.close).toHaveBeenCalledTimes(1);
    fake.appListeners.get('will-quit')?.({});
    expect(fake.workspace.close).toHaveBeenCalledTimes(1);
  });
});

describe('start order (issue 10: the window loads while the workspace opens)', () => {
  /** The workspace open, held until the test settles it. */
  function holdOpen() {
    let resolve!: (workspace: unknown) => void;
    let reject!: (error: unknown) => void;
    const pending = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    fake.openWorkspace.mockImplementation(() => pending);
    return { resolve: () => resolve(fake.workspace), reject };
  }

  const APP_FRAME = frame('app://principled/index.html');

  it('creates the window, after app:// and the IPC handler, before the workspace open resolves', async () => {
    const open = holdOpen();
    await boot();
    expect(fake.openWorkspace).toHaveBeenCalledTimes(1);
    const [window] = fake.electron.BrowserWindow.instances;
    expect(fake.electron.BrowserWindow.instances).toHaveLength(1);
    expect(window?.loadURL).toHaveBeenCalledWith('app://principled/index.html');
    const order = (mock: { mock: { invocationCallOrder: number[] } }) => mock.mock.invocationCallOrder[0] ?? Infinity;
    expect(order(fake.electron.session.defaultSession.webRequest.onBeforeRequest)).toBeLessThan(order(window!.loadURL));
    expect(order(fake.electron.protocol.handle)).toBeLessThan(order(window!.loadURL));
    expect(order(fake.electron.ipcMain.handle)).toBeLessThan(order(window!.loadURL));
    // The open's synchronous part must not delay the renderer process's start.
    expect(order(window!.loadURL)).toBeLessThan(order(fake.openWorkspace));
    // Notifications start with the workspace, not before; its events then reach the window.
    expect(fake.workspace.dispatch).not.toHaveBeenCalledWith('feedback.owed', undefined);

    open.resolve();
    await flush();
    expect(fake.workspace.dispatch).toHaveBeenCalledWith('feedback.owed', undefined);
    const payload = { method: 'principles.create', entities: ['principle'] };
    for (const [listener] of fake.workspace.subscribe.mock.calls) listener({ name: 'data.changed', payload });
    expect(window?.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'data.changed', payload);
    expect(fake.electron.BrowserWindow.instances).toHaveLength(1);
  });

  it("answers a call made before the open once the workspace is open, with the workspace's answer", async () => {
    const open = holdOpen();
    await boot();
    const reply: ApiResult<unknown> = { ok: true, value: [{ id: 'p1' }] };
    fake.workspace.call.mockResolvedValueOnce(reply);
    let answered = false;
    const pending = registeredInvokeHandler()(APP_FRAME, 'principles.list', { limit: 5 }).finally(() => {
      answered = true;
    });
    await flush();
    expect(answered).toBe(false);
    expect(rendererDispatches()).toEqual([]);

    open.resolve();
    expect(await pending).toBe(reply);
    expect(rendererDispatches()).toEqual([['principles.list', { limit: 5 }]]);
  });

  it('refuses a call from an untrusted sender at once, while the workspace is still opening', async () => {
    holdOpen();
    await boot();
    const result = await Promise.race([
      registeredInvokeHandler()(frame('https://evil.example/'), 'principles.list', {}),
      flush().then(() => 'still waiting' as const),
    ]);
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
  });

  it('destroys the window before the error dialog when the open fails, and a waiting call gets an error result', async () => {
    const open = holdOpen();
    await boot();
    const [window] = fake.electron.BrowserWindow.instances;
    const pending = registeredInvokeHandler()(APP_FRAME, 'principles.list', {});
    open.reject(new Error('SQLITE_CANTOPEN: unable to open database file'));
    const result = await pending;
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/could not open its data/i) } });
    expect(window?.destroy).toHaveBeenCalledTimes(1);
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    expect(window!.destroy.mock.invocationCallOrder[0]).toBeLessThan(fake.electron.dialog.showErrorBox.mock.invocationCallOrder[0]!);
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(rendererDispatches()).toEqual([]);
    // Quitting: neither macOS's activate nor a second instance brings an empty window back.
    fake.appListeners.get('activate')?.({});
    fake.appListeners.get('second-instance')?.({}, [], '/');
    expect(fake.electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('closes a workspace that finishes opening after the app began to quit', async () => {
    const open = holdOpen();
    await boot();
    fake.appListeners.get('will-quit')?.({});
    open.resolve();
    await flush();
    expect(fake.workspace.close).toHaveBeenCalledTimes(1);
    expect(fake.workspace.dispatch).not.toHaveBeenCalledWith('feedback.owed', undefined);
  });

  it('opens no second window for activate or a second instance while the workspace opens, and one again once the first is closed', async () => {
    holdOpen();
    await boot();
    const [first] = fake.electron.BrowserWindow.instances;
    fake.appListeners.get('activate')?.({});
    fake.appListeners.get('second-instance')?.({}, [], '/');
    expect(fake.electron.BrowserWindow.instances).toHaveLength(1);
    expect(first?.focus).toHaveBeenCalled();

    first?.listeners.get('closed')?.();
    fake.appListeners.get('activate')?.({});
    expect(fake.electron.BrowserWindow.created).toHaveLength(2);
  });
});

describe('IPC handler', () => {
  it('refuses a sender frame from another origin with FORBIDDEN', async () => {
    await boot();
    const handler = registeredInvokeHandler();
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///tmp/x.html', 'about:blank']) {
      const result = await handler(frame(url), 'principles.list', {});
      expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    expect(rendererDispatches()).toEqual([]);
  });

  it('refuses a missing or disposed sender frame', async () => {
    const { createInvokeHandler } = await boot();
    const handler = createInvokeHandler(fake.workspace);
    const disposed = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect((await handler({ senderFrame: null }, 'x', {})).ok).toBe(false);
    const result = await handler(disposed as unknown as Parameters<InvokeHandler>[0], 'x', {});
    expect(result.ok ? null : result.error.code).toBe('FORBIDDEN');
    expect(rendererDispatches()).toEqual([]);
  });

  it('passes calls from the app origin through to the workspace', async () => {
    await boot();
    const reply: ApiResult<unknown> = { ok: true, value: [{ id: 'p1' }] };
    fake.workspace.call.mockResolvedValueOnce(reply);
    const result = await registeredInvokeHandler()(frame('app://principled/index.html'), 'principles.list', { limit: 5 });
    expect(fake.workspace.call).toHaveBeenCalledWith('principles.list', { limit: 5 });
    expect(result).toBe(reply);
  });

  it('returns a thrown workspace error as an INTERNAL result without the stack', async () => {
    await boot();
    const error = new Error('secret detail');
    fake.workspace.call.mockImplementationOnce(() => {
      throw error;
    });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = await registeredInvokeHandler()(frame('app://principled/index.html'), 'principles.list', {});
    consoleError.mockRestore();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).not.toContain('secret detail');
      expect(JSON.stringify(result)).not.toContain(error.stack?.split('\n')[1]?.trim() ?? 'n/a');
    }
  });

  it('rejects a non-string method as VALIDATION', async () => {
    await boot();
    const result = await registeredInvokeHandler()(frame('app://principled/index.html'), 42, {});
    expect(result.ok ? null : result.error.code).toBe('VALIDATION');
    expect(rendererDispatches()).toEqual([]);
  });
});

describe('app:// protocol handler', () => {
  let base: string;
  let root: string;
  let handle: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'principled-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Principled</title>');
    writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
    const { createAppProtocolHandler } = await boot();
    handle = createAppProtocolHandler(root);
  });

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  // Electron hands the handler whatever URL the renderer produced, so tests
  // pass raw strings rather than letting `new Request` normalise them first.
  const get = (url: string, method = 'GET') => handle({ url, method } as Request);

  it('serves index.html with the CSP header', async () => {
    const response = await get('app://principled/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<title>Principled</title>');
  });

  it('serves / as index.html and assets with their type', async () => {
    expect((await get('app://principled/')).status).toBe(200);
    const script = await get('app://principled/assets/index.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses path traversal in every spelling', async () => {
    for (const url of [
      'app://principled/../../etc/passwd',
      'app://principled/../secret.txt',
      'app://principled/..%2Fsecret.txt',
      'app://principled/assets/..%2F..%2Fsecret.txt',
      'app://principled/%2e%2e/secret.txt',
      'app://principled/%2e%2e%2fsecret.txt',
      'app://principled/..%5Csecret.txt',
      'app://principled/%2Fetc%2Fpasswd',
      'app://principled/index.html%00.js',
    ]) {
      const response = await get(url);
      expect([403, 404], url).toContain(response.status);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      const body = await response.text();
      expect(body, url).not.toContain('TOP SECRET');
      expect(body, url).not.toContain('root:');
    }
    expect((await get('app://principled/..%2Fsecret.txt')).status).toBe(403);
  });

  it('maps URLs to files under the folder before touching the disk', async () => {
    const { resolveAppPath } = await import('../../electron/main');
    expect(resolveAppPath(root, 'app://principled/assets/index.js')).toEqual({ ok: true, file: join(root, 'assets', 'index.js') });
    expect(resolveAppPath(root, 'app://principled/')).toEqual({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://principled/..%2F..%2Fetc%2Fpasswd')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'app://principled/assets/..%2F..%2F..%2Fsecret.txt')).toEqual({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'app://principled/%E0%A4%A')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'https://principled/index.html')).toEqual({ ok: false, status: 404 });
  });

  it('refuses a symlink that leads out of the folder', async () => {
    const response = await get('app://principled/assets/link.txt');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('answers 404 for missing files and other hosts', async () => {
    expect((await get('app://principled/nope.js')).status).toBe(404);
    expect((await get('app://principled/assets')).status).toBe(404);
    expect((await get('app://evil/index.html')).status).toBe(404);
  });

  it('only answers GET and HEAD', async () => {
    expect((await get('app://principled/index.html', 'POST')).status).toBe(405);
    const head = await get('app://principled/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('overdue feedback', () => {
  it('shows an OS notification at start for feedback that is overdue, and not for what is merely owed', async () => {
    fake.workspace.dispatch.mockImplementation((method: string) =>
      method === 'feedback.owed'
        ? {
            ok: true,
            value: [
              { loopId: 'l1', slotId: 's1', slotTitle: 'Ownership', candidateName: 'Grace', roleTitle: 'Engineer', dueAt: null, state: 'overdue' },
              { loopId: 'l2', slotId: 's2', slotTitle: 'Trust', candidateName: 'Alan', roleTitle: 'Engineer', dueAt: null, state: 'owed' },
            ],
          }
        : { ok: true, value: null },
    );
    await boot();
    expect(fake.electron.Notification.shown).toEqual([
      { title: 'Feedback overdue', body: 'Your feedback on Grace (Ownership, Engineer) is overdue.' },
    ]);
  });
});
