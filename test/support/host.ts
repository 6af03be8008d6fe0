import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_HEADER } from '../../core/api/contract/browserSession';
import { createClient, type ApiClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import { createHostServer } from '../../host/server';
import { Sessions } from '../../host/session';
import { tempWorkspace } from './workspace';

/** Stands in for the built app: the notice page must never contain this. */
export const APP_SCRIPT = 'assets/app.js';

export interface SignedIn {
  /** The `name=value` cookie: it gets a browser the app's page, nothing more. */
  cookie: string;
  /** What the API trusts, sent in the session header. */
  token: string;
  /** The headers of an API call as the app sends them. */
  headers: Record<string, string>;
}

/** Trades a launch secret for a session as the launch page does; null when refused. */
export async function exchangeLaunchSecret(base: string, secret: string): Promise<SignedIn | null> {
  const response = await fetch(`${base}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret }),
  });
  if (!response.ok) return null;
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { token } = (await response.json()) as { token: string };
  return { cookie, token, headers: { 'Content-Type': 'application/json', [SESSION_HEADER]: token } };
}

/** The real HTTP host on an ephemeral loopback port, with a tiny stand-in renderer folder, already signed in. */
export async function startTestHost() {
  const t = tempWorkspace();
  const rendererDir = mkdtempSync(join(tmpdir(), 'principled-renderer-'));
  writeFileSync(
    join(rendererDir, 'index.html'),
    `<!doctype html><html><head><title>t</title></head><body><script type="module" src="./${APP_SCRIPT}"></script></body></html>`,
  );
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, APP_SCRIPT), 'console.log(1)');
  const sessions = new Sessions();
  const server = createHostServer({ workspace: t.workspace, rendererDir, sessions });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const session = await exchangeLaunchSecret(base, sessions.issueLaunchSecret());
  if (!session) throw new Error('the test host refused its own launch secret');
  const raw = async (method: string, input: unknown): Promise<ApiResult<unknown>> => {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: session.headers,
      body: input === undefined ? '' : JSON.stringify(input),
    });
    return (await response.json()) as ApiResult<unknown>;
  };
  const client: ApiClient = createClient(raw);
  return {
    base,
    cookie: session.cookie,
    token: session.token,
    apiHeaders: session.headers,
    sessions,
    client,
    raw,
    file: t.workspace.file,
    rendererDir,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(rendererDir, { recursive: true, force: true });
      t.close();
    },
  };
}
