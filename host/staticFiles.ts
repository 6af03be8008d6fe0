import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The decoded path, or null when its percent-encoding is malformed (a client error, not ours). */
export function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

export type StaticFile =
  | { kind: 'file'; ext: string; content: Buffer }
  /** Nothing there, and the path looks like a screen rather than a file: the app answers it. */
  | { kind: 'app' }
  | { kind: 'not-found' };

/**
 * Reads a file of the built renderer. Anything that would leave the build
 * folder — `..` segments, encoded or not, or a symlink pointing out — is
 * refused as not found, checked on the real paths of both.
 */
export async function readStatic(rendererDir: string, decodedPath: string): Promise<StaticFile> {
  const relative = decodedPath === '/' ? 'index.html' : decodedPath.replace(/^\/+/, '');
  if (relative.includes('\0') || relative.split(/[\\/]/).includes('..')) return { kind: 'not-found' };
  const missing: StaticFile = extname(relative) ? { kind: 'not-found' } : { kind: 'app' };
  let root: string;
  let file: string;
  try {
    root = await realpath(rendererDir);
    file = await realpath(join(rendererDir, relative));
  } catch {
    return missing;
  }
  if (!file.startsWith(root + sep)) return { kind: 'not-found' };
  try {
    return { kind: 'file', ext: extname(file), content: await readFile(file) };
  } catch {
    // A folder, or a file that went away: the same as nothing there.
    return missing;
  }
}
