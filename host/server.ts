import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiResult } from '../core/api/contract/result';
import { CONTENT_SECURITY_POLICY } from '../core/security/csp';
import type { Workspace } from '../core/server/workspace';

export const TOKEN_HEADER = 'x-principled-token';
export const TOKEN_META = 'principled-token';
/** Generous enough for any real form, small enough that a runaway body cannot exhaust memory. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

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
  token: string;
}

/**
 * The browser host: the same renderer and API as the desktop app, for
 * 127.0.0.1 only. The Host check stops DNS rebinding; the token (handed to the
 * page inside index.html, which other origins cannot read) stops other local
 * pages from calling the API; no CORS headers are ever sent.
 */
export function createHostServer(options: HostOptions): Server {
  const server = createServer((req, res) => {
    handle(server, options, req, res).catch((error: unknown) => {
      console.error('[principled] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', 'Something went wrong; nothing was changed.'));
      else res.end();
    });
  });
  return server;
}

async function handle(server: Server, options: HostOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hostAllowed(server, req.headers.host)) {
    sendJson(res, 421, failure('FORBIDDEN', 'This host name is not allowed'));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith('/api/')) {
    await handleApi(options, decodeURIComponent(url.pathname.slice('/api/'.length)), req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, failure('FORBIDDEN', 'Method not allowed'));
    return;
  }
  await serveStatic(options, url.pathname, res);
}

function hostAllowed(server: Server, host: string | undefined): boolean {
  const address = server.address();
  if (!host || !address || typeof address === 'string') return false;
  return host === `127.0.0.1:${address.port}` || host === `localhost:${address.port}`;
}

async function handleApi(options: HostOptions, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, failure('FORBIDDEN', 'Use POST for API calls'));
    return;
  }
  if (!tokenMatches(options.token, req.headers[TOKEN_HEADER])) {
    sendJson(res, 403, failure('FORBIDDEN', 'Missing or wrong API token; reload the page'));
    return;
  }
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`) {
    sendJson(res, 403, failure('FORBIDDEN', 'Cross-origin calls are not allowed'));
    return;
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(res, 415, failure('VALIDATION', 'input: send the input as application/json'));
    return;
  }
  const body = await readBody(req);
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

function tokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serveStatic(options: HostOptions, pathname: string, res: ServerResponse): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(options.rendererDir, relative));
  if (!file.startsWith(options.rendererDir + sep)) {
    sendText(res, 404, 'Not found');
    return;
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    // Unknown paths fall back to the app, so a reload on any screen still works.
    if (extname(file)) return sendText(res, 404, 'Not found');
    return serveStatic(options, '/', res);
  }
  const ext = extname(file);
  if (ext === '.html') {
    const html = content
      .toString('utf8')
      .replace('</head>', `  <meta name="${TOKEN_META}" content="${options.token}">\n  </head>`);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': CONTENT_TYPES['.html'], 'Cache-Control': 'no-store' });
    res.end(html);
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
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
