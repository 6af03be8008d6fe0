import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { READ_BATCH_MAX, READ_BATCH_PATH, SESSION_HEADER, type ReadBatchAnswer } from '../core/api/contract/browserSession';
import { isMethodName, methods } from '../core/api/contract/methods';
import { EVENTS_PATH } from '../core/api/contract/events';
import type { ApiResult } from '../core/api/contract/result';
import { CONTENT_SECURITY_POLICY } from '../core/security/csp';
import type { Workspace } from '../core/server/workspace';
import { READ_ONLY_SERVICES } from '../core/server/workspaceFiles';
import { LAUNCH_SCRIPT, LAUNCH_SCRIPT_PATH, LAUNCH_STYLE, LAUNCH_STYLE_PATH, NOTICE_HTML, SESSION_PATH } from './launchPage';
import { countChanges, type ChangeCount } from './changeCount';
import { streamEvents } from './events';
import { readCookie, sessionCookie, sessionCookieName, type Sessions } from './session';
import { CONTENT_TYPES, decodePath, readStatic } from './staticFiles';

/** Generous enough for any real form, small enough that a runaway body cannot exhaust memory. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_SESSION_BODY_BYTES = 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface HostOptions {
  workspace: Workspace;
  rendererDir: string;
  sessions: Sessions;
}

/**
 * The browser host: the same renderer and API as the desktop app, for
 * 127.0.0.1 only, and only for whoever opened the link printed in the
 * terminal (see session.ts). The Host check stops DNS rebinding, the session
 * token in a header stops other local users and pages, and no CORS headers are
 * ever sent. The session cookie only picks the app or the notice page: other
 * servers on 127.0.0.1 receive it too.
 */
export function createHostServer(options: HostOptions): Server {
  const changes = countChanges(options.workspace);
  const server = createServer((req, res) => {
    handle(server, options, changes, req, res).catch((error: unknown) => {
      console.error('[principled] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', 'Something went wrong; nothing was changed.'));
      else res.end();
    });
  });
  return server;
}

async function handle(server: Server, options: HostOptions, changes: ChangeCount, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const port = boundPort(server);
  if (port === null || !hostAllowed(port, req.headers.host)) {
    sendJson(res, 421, failure('FORBIDDEN', 'This host name is not allowed'));
    return;
  }
  const path = requestPath(req.url);
  if (path === null) {
    sendText(res, 400, 'Bad request');
    return;
  }
  if (path === SESSION_PATH) {
    await handleSession(options, port, req, res);
    return;
  }
  if (path.startsWith('/api/') || path === EVENTS_PATH || path === READ_BATCH_PATH) {
    if (!options.sessions.isValidToken(singleHeader(req.headers[SESSION_HEADER.toLowerCase()]))) {
      sendJson(res, 403, failure('FORBIDDEN', 'Not signed in: open the link printed in the terminal where you started Principled'));
      return;
    }
    if (path === EVENTS_PATH) streamEvents(options.workspace, changes, req, res, SECURITY_HEADERS);
    else if (path === READ_BATCH_PATH) await handleReadBatch(options, changes, req, res);
    else await handleApi(options, path.slice('/api/'.length), req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, failure('FORBIDDEN', 'Method not allowed'));
    return;
  }
  if (path === LAUNCH_SCRIPT_PATH) return sendAsset(res, '.js', LAUNCH_SCRIPT);
  if (path === LAUNCH_STYLE_PATH) return sendAsset(res, '.css', LAUNCH_STYLE);
  const signedIn = options.sessions.isValid(readCookie(req.headers.cookie, sessionCookieName(port)));
  await serveStatic(options, path, signedIn, res);
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

function boundPort(server: Server): number | null {
  const address = server.address();
  return address && typeof address === 'object' ? address.port : null;
}

function hostAllowed(port: number, host: string | undefined): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function requestPath(url: string | undefined): string | null {
  let pathname: string;
  try {
    pathname = new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return null;
  }
  return decodePath(pathname);
}

/** Same-origin JSON only: a cross-origin page would need a preflight, which is never answered. */
function refuseForeignRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'POST') {
    sendJson(res, 405, failure('FORBIDDEN', 'Use POST'));
    return true;
  }
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`) {
    sendJson(res, 403, failure('FORBIDDEN', 'Cross-origin calls are not allowed'));
    return true;
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(res, 415, failure('VALIDATION', 'input: send the input as application/json'));
    return true;
  }
  return false;
}

async function handleSession(options: HostOptions, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (refuseForeignRequest(req, res)) return;
  const body = await readBody(req, MAX_SESSION_BODY_BYTES);
  let secret: unknown;
  try {
    secret = body === null ? undefined : (JSON.parse(body) as { secret?: unknown }).secret;
  } catch {
    secret = undefined;
  }
  const session = typeof secret === 'string' ? options.sessions.exchange(secret) : null;
  if (session === null) {
    sendJson(res, 403, failure('FORBIDDEN', 'This link was already used or is not valid; press Enter in the terminal for a new one'));
    return;
  }
  // The token only in the body: the launch page keeps it where other origins cannot read it.
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Set-Cookie': sessionCookie(port, session.id),
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify({ token: session.token }));
}

async function handleApi(options: HostOptions, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (refuseForeignRequest(req, res)) return;
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) {
    sendJson(res, 413, failure('VALIDATION', `input: the request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`));
    return;
  }
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body) : undefined;
  } catch {
    sendJson(res, 400, failure('VALIDATION', 'input: not valid JSON'));
    return;
  }
  sendJson(res, 200, await options.workspace.call(method, input));
}

/** `[{ method, input }, …]` of read methods, answered with their results in the same order and the change mark before them. */
async function handleReadBatch(options: HostOptions, changes: ChangeCount, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (refuseForeignRequest(req, res)) return;
  const body = await readBody(req, MAX_BODY_BYTES);
  let reads: unknown;
  try {
    reads = body === null ? null : JSON.parse(body);
  } catch {
    reads = null;
  }
  if (!Array.isArray(reads) || reads.length === 0 || reads.length > READ_BATCH_MAX) {
    sendJson(res, 400, failure('VALIDATION', `input: send a list of 1 to ${READ_BATCH_MAX} reads as JSON`));
    return;
  }
  const answer: ReadBatchAnswer = { instance: changes.instance, changes: changes.current(), results: [] };
  for (const [index, read] of reads.entries()) {
    const { method, input } = (read ?? {}) as { method?: unknown; input?: unknown };
    if (typeof method !== 'string' || !isMethodName(method) || !(methods[method].kind === 'read' || READ_ONLY_SERVICES.has(method))) {
      answer.results.push(failure('VALIDATION', `input[${index}].method: only reads can be batched`));
    } else {
      answer.results.push(await options.workspace.call(method, input));
    }
  }
  sendJson(res, 200, answer);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serveStatic(options: HostOptions, path: string, signedIn: boolean, res: ServerResponse): Promise<void> {
  // Unknown paths are screens of the app, so a reload on any screen still works.
  const found = await readStatic(options.rendererDir, path);
  const file = found.kind === 'app' ? await readStatic(options.rendererDir, '/') : found;
  if (file.kind !== 'file') {
    sendText(res, 404, 'Not found');
    return;
  }
  if (file.ext === '.html') {
    // The app itself only for a session; everyone else learns how to get one.
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES['.html'], 'Cache-Control': 'no-store' });
    res.end(signedIn ? file.content : NOTICE_HTML);
    return;
  }
  sendAsset(res, file.ext, file.content, path.startsWith('/assets/'));
}

function sendAsset(res: ServerResponse, ext: string, content: string | Buffer, hashedName = false): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    // The build names everything under assets/ by its content's hash, so a cached copy is never stale: the page
    // loads without asking again for its scripts (and Chromium keeps their compiled code).
    'Cache-Control': hashedName ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(content);
}

function failure(code: 'FORBIDDEN' | 'VALIDATION' | 'INTERNAL', message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
