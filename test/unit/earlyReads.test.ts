import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { READ_BATCH_PATH, SESSION_HEADER, SESSION_TOKEN_KEY } from '../../core/api/contract/browserSession';

const SCRIPT = readFileSync('renderer/public/early-reads.js', 'utf8');

interface Sent {
  url: string;
  headers: Record<string, string>;
  reads: { method: string; input?: unknown }[];
}

/** Runs the page's early-reads script as the browser would, against a stand-in window and host. */
function runEarlyReads(hash: string, token: string | null, { bridge = false, status = 200 } = {}) {
  const sent: Sent[] = [];
  const window: Record<string, unknown> = { location: { hash } };
  if (bridge) window.principled = {};
  const context = {
    window,
    localStorage: { getItem: (key: string) => (key === SESSION_TOKEN_KEY ? token : null) },
    fetch: (url: string, init: { headers: Record<string, string>; body: string }) => {
      const reads = JSON.parse(init.body) as Sent['reads'];
      sent.push({ url, headers: init.headers, reads });
      // The host's answer: one result per read, in order, naming the read it answers.
      const answer = { instance: 'host-1', changes: 7 + sent.length, results: reads.map((r) => ({ ok: true, value: r.method })) };
      return Promise.resolve({ ok: status === 200, status, json: () => Promise.resolve(answer) });
    },
  };
  runInNewContext(SCRIPT, context);
  return {
    sent,
    early: window.__principledEarlyReads as Record<string, Promise<unknown>> | undefined,
    mark: window.__principledEarlyMark as Promise<unknown> | undefined,
  };
}

describe('the first screen reads sent before the bundle runs (public/early-reads.js)', () => {
  it.each([
    ['', true],
    ['#/home', true],
    ['#/', true],
    ['#/loops', false],
    ['#/questions/new', false],
  ])('on %j sends the shell reads in two batches, and Home\'s first when Home opens (%s)', async (hash, home) => {
    const { sent, early } = runEarlyReads(hash, 'tok');
    // Two requests, whatever the screen: the bundle's own files keep the browser's other connections.
    expect(sent.map((s) => s.url)).toEqual([`.${READ_BATCH_PATH}`, `.${READ_BATCH_PATH}`]);
    expect(sent.map((s) => s.reads.map((r) => r.method))).toEqual([
      [...(home ? ['home.get', 'feedback.owed'] : []), 'recovery.status', 'workspace.get', 'settings.get'],
      ['team.names'],
    ]);
    for (const s of sent) expect(s.headers[SESSION_HEADER]).toBe('tok');
    // The keys are what the transport looks up: method, a space, and the body it would send for the same input.
    const reads = sent.flatMap((s) => s.reads);
    expect(Object.keys(early ?? {})).toEqual(reads.map((r) => `${r.method} ${r.input === undefined ? '' : JSON.stringify(r.input)}`));
    // The team store reads everyone, those who left included: the same input, or the answer is never taken.
    expect(reads.find((r) => r.method === 'team.names')?.input).toEqual({ includeLeft: true });
    // Each key is handed its own read's answer out of its batch.
    for (const [key, answer] of Object.entries(early ?? {})) expect(await answer).toEqual({ ok: true, value: key.split(' ')[0] });
  });

  it("keeps the earlier batch's change mark, which the event stream is compared with", async () => {
    // The stand-in host counts 8 changes before the first batch and 9 before the second.
    expect(await runEarlyReads('#/home', 'tok').mark).toEqual({ instance: 'host-1', changes: 8 });
    expect(await runEarlyReads('#/home', 'tok', { status: 403 }).mark).toBeNull();
  });

  it('hands the transport a failure when the host refuses the batch, so the app sends its own reads', async () => {
    const { early } = runEarlyReads('#/home', 'tok', { status: 403 });
    const answers = Object.values(early ?? {});
    expect(answers).toHaveLength(6);
    for (const answer of answers) await expect(answer).rejects.toThrow('read batch refused: 403');
  });

  it('sends nothing without a session, while a launch link signs in, or inside Electron', () => {
    expect(runEarlyReads('#/home', null).sent).toEqual([]);
    expect(runEarlyReads('#launch=abc', 'tok').sent).toEqual([]);
    expect(runEarlyReads('#/home', 'tok', { bridge: true }).sent).toEqual([]);
  });
});
