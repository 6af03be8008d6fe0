/**
 * Reads that public/early-reads.js sent before the bundle ran, keyed by method and request body. Each is
 * handed out once, to the first call with the same method and input; later calls (a refresh) read afresh.
 */
declare global {
  interface Window {
    __principledEarlyReads?: Record<string, Promise<Response>>;
  }
}

export const earlyReadKey = (method: string, body: string) => `${method} ${body}`;

export function takeEarlyRead(method: string, body: string): Promise<Response> | undefined {
  const early = window.__principledEarlyReads;
  if (!early) return undefined;
  const key = earlyReadKey(method, body);
  const response = early[key];
  delete early[key];
  return response;
}
