import { createClient, type ApiClient, type Transport } from '../../core/api/contract/client';
import type { PrincipledBridge } from '../../core/api/contract/bridge';
import type { ApiResult } from '../../core/api/contract/result';

declare global {
  interface Window {
    principled?: PrincipledBridge;
  }
}

const unreachable = (detail: string): ApiResult<never> => ({
  ok: false,
  error: { code: 'INTERNAL', message: `Cannot reach Principled (${detail}). Your changes were not saved; try again.` },
});

/** Same page, two hosts: inside Electron the preload bridge exists; in a browser, the loopback host's HTTP API. */
function detectTransport(): Transport {
  const bridge = window.principled;
  if (bridge) return (method, input) => bridge.invoke(method, input);
  const token = document.querySelector<HTMLMetaElement>('meta[name="principled-token"]')?.content ?? '';
  return async (method, input) => {
    try {
      const response = await fetch(`./api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Principled-Token': token },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      return (await response.json()) as ApiResult<unknown>;
    } catch (error) {
      return unreachable(error instanceof Error ? error.message : 'network error');
    }
  };
}

export const api: ApiClient = createClient(detectTransport());
