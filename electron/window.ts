import { BrowserWindow } from 'electron';
import type { WebPreferences } from 'electron';

/**
 * The renderer gets no Node, no Electron internals and no way to loosen its
 * own sandbox; all it can reach is the two functions the preload exposes.
 * Several of these are already Electron's defaults, and are spelled out so a
 * future default change or a stray override cannot weaken them unnoticed.
 */
export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
}

export function createMainWindow({ preloadPath, url }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    title: 'Principled',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: buildWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(url).catch((error: unknown) => {
    console.error(`Principled could not load ${url}:`, error);
  });
  return window;
}
