import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../core/api/contract/events';
import { value } from '../support/company';
import { startTestHost } from '../support/host';

/** Reads the stream until `want` appears in it (the test's own timeout bounds the wait). */
async function readUntil(body: ReadableStream<Uint8Array>, want: string): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(want)) {
    const { value: chunk, done } = await reader.read();
    if (done) break;
    text += decoder.decode(chunk, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe('the browser host streams events', () => {
  let host: Awaited<ReturnType<typeof startTestHost>>;
  const aborts: AbortController[] = [];
  beforeEach(async () => {
    host = await startTestHost();
  });
  afterEach(async () => {
    for (const a of aborts.splice(0)) a.abort();
    await host.close();
  });

  it('refuses the stream without the session token', async () => {
    const response = await fetch(`${host.base}${EVENTS_PATH}`, { headers: { Cookie: host.cookie } });
    expect(response.status).toBe(403);
  });

  it('sends a data.changed event to one page when another writes', async () => {
    const abort = new AbortController();
    aborts.push(abort);
    const response = await fetch(`${host.base}${EVENTS_PATH}`, { headers: host.apiHeaders, signal: abort.signal });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    const body = response.body;
    if (!body) throw new Error('no stream');
    expect(await readUntil(body, ': open')).toContain(': open');
    value(await host.client.call('workspace.start', { starter: false }));
    const text = await readUntil(body, 'event: data.changed');
    expect(text).toContain('event: data.changed\ndata: {"method":"workspace.start","entities":["workspace"]}\n\n');
  });
});
