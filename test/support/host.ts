import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ApiClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import { createHostServer, TOKEN_HEADER } from '../../host/server';
import { tempWorkspace } from './workspace';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** The real HTTP host on an ephemeral loopback port, with a tiny stand-in renderer folder; close removes both folders. */
export async function startTestHost() {
  const t = tempWorkspace();
  const rendererDir = mkdtempSync(join(tmpdir(), 'principled-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const server = createHostServer({ workspace: t.workspace, rendererDir, token: TEST_TOKEN });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const raw = async (method: string, input: unknown): Promise<ApiResult<unknown>> => {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: TEST_TOKEN },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    return (await response.json()) as ApiResult<unknown>;
  };
  const client: ApiClient = createClient(raw);
  return {
    base,
    client,
    raw,
    file: t.workspace.file,
    rendererDir,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      t.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}
