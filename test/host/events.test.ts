import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { READ_BATCH_PATH } from '../../core/api/contract/browserSession';
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
    expect(await readUntil(body, 'event: stream.open')).toMatch(/^event: stream\.open\ndata: \{"instance":"[0-9a-f-]{36}","changes":0\}\n\n/);
    value(await host.client.call('workspace.start', { starter: false }));
    const text = await readUntil(body, 'event: data.changed');
    expect(text).toContain('event: data.changed\ndata: {"method":"workspace.start","entities":["workspace"]}\n\n');
  });

  it("opens the stream at the change mark of the host's read batches, and moves it on with each change", async () => {
    const batch = async () => {
      const response = await fetch(`${host.base}${READ_BATCH_PATH}`, {
        method: 'POST',
        headers: host.apiHeaders,
        body: JSON.stringify([{ method: 'workspace.get' }]),
      });
      return (await response.json()) as { instance: string; changes: number };
    };
    const open = async () => {
      const abort = new AbortController();
      aborts.push(abort);
      const response = await fetch(`${host.base}${EVENTS_PATH}`, { headers: host.apiHeaders, signal: abort.signal });
      const text = await readUntil(response.body as ReadableStream<Uint8Array>, '}\n\n');
      return JSON.parse(/data: (.*)\n/.exec(text)?.[1] ?? 'null') as { instance: string; changes: number };
    };
    const before = await batch();
    const opened = await open();
    expect(opened).toEqual({ instance: before.instance, changes: before.changes });
    value(await host.client.call('workspace.start', { starter: false }));
    expect(await open()).toEqual({ instance: before.instance, changes: before.changes + 1 });
    expect((await batch()).changes).toBe(before.changes + 1);
  });
});
