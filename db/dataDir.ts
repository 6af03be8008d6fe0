import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'Principled';

/**
 * Where the workspace lives: `--data-dir X` (or `--data-dir=X`) wins, then the
 * PRINCIPLED_DATA_DIR variable, then the OS app-data folder.
 */
export function resolveDataDir(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  fallback: string,
): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir' && argv[i + 1]) return argv[i + 1] as string;
    if (arg?.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  const fromEnv = env.PRINCIPLED_DATA_DIR;
  if (fromEnv && fromEnv.trim()) return fromEnv;
  return fallback;
}

/**
 * The same folder Electron's `app.getPath('userData')` gives, so the browser
 * host and the desktop app open one workspace by default.
 */
export function defaultAppDataDir(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER_NAME);
}
