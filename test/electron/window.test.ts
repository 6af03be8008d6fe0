import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  class FakeBrowserWindow {
    static instances: FakeBrowserWindow[] = [];
    readonly listeners = new Map<string, () => void>();
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly show = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      FakeBrowserWindow.instances.push(this);
    }
    once(event: string, listener: () => void) {
      this.listeners.set(event, listener);
      return this;
    }
  }
  return { BrowserWindow: FakeBrowserWindow };
});
vi.mock('electron', () => electron);

import { buildWebPreferences, createMainWindow } from '../../electron/window';

beforeEach(() => {
  electron.BrowserWindow.instances.length = 0;
});

describe('buildWebPreferences', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(buildWebPreferences('/app/dist/electron/preload.cjs')).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });

  it('sets nothing that loosens the defaults', () => {
    const prefs = buildWebPreferences('/p.cjs');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('partition');
  });
});

describe('createMainWindow', () => {
  it('creates a hidden window with the hardened preferences and loads the given URL', () => {
    createMainWindow({ preloadPath: '/p.cjs', url: 'app://principled/index.html' });
    const [window] = electron.BrowserWindow.instances;
    expect(window).toBeDefined();
    expect(window?.options.show).toBe(false);
    expect(window?.options.webPreferences).toEqual(buildWebPreferences('/p.cjs'));
    expect(window?.loadURL).toHaveBeenCalledWith('app://principled/index.html');
  });

  it('shows the window once it has painted', () => {
    createMainWindow({ preloadPath: '/p.cjs', url: 'app://principled/index.html' });
    const window = electron.BrowserWindow.instances[0];
    expect(window?.show).not.toHaveBeenCalled();
    window?.listeners.get('ready-to-show')?.();
    expect(window?.show).toHaveBeenCalledTimes(1);
  });
});
