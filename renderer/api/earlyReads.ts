import type { ChangeMark } from '../../core/api/contract/browserSession';
import type { ApiResult } from '../../core/api/contract/result';

/**
 * Reads that public/early-reads.js sent before the bundle ran, keyed by method and request body, each the answer
 * the API gave. Each is handed out once, to the first call with the same method and input; later calls (a
 * refresh) read afresh. A batch that failed (no session, the host gone) rejects, and the caller sends its own.
 */
declare global {
  interface Window {
    __principledEarlyReads?: Record<string, Promise<ApiResult<unknown>>>;
    /** The host's change mark before the early reads ran; null if a batch failed. */
    __principledEarlyMark?: Promise<ChangeMark | null>;
  }
}

export const earlyReadKey = (method: string, body: string) => `${method} ${body}`;

export function takeEarlyRead(method: string, body: string): Promise<ApiResult<unknown>> | undefined {
  const early = window.__principledEarlyReads;
  if (!early) return undefined;
  const key = earlyReadKey(method, body);
  const response = early[key];
  delete early[key];
  return response;
}

/** The early reads' change mark, once: later connections compare with what the stream itself said. */
export async function takeEarlyMark(): Promise<ChangeMark | null> {
  const mark = window.__principledEarlyMark;
  delete window.__principledEarlyMark;
  return (await mark) ?? null;
}
