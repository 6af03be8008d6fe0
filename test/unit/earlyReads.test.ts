import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SESSION_HEADER, SESSION_TOKEN_KEY } from '../../core/api/contract/browserSession';

const SCRIPT = readFileSync('renderer/public/early-reads.js', 'utf8');

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs the page's early-reads script as the browser would, against a stand-in window. */
function runEarlyReads(hash: string, token: string | null, bridge = false) {
  const sent: Sent[] = [];
  const window: Record<string, unknown> = { location: { hash } };
  if (bridge) window.principled = {};
  const context = {
    window,
    localStorage: { getItem: (key: string) => (key === SESSION_TOKEN_KEY ? token : null) },
    fetch: (url: string, init: { headers: Record<string, string>; body: string }) => {
      sent.push({ url, headers: init.headers, body: init.body });
      return Promise.resolve({ url });
    },
  };
  runInNewContext(SCRIPT, context);
  return { sent, early: window.__principledEarlyReads as Record<string, unknown> | undefined };
}

describe('the first screen reads sent before the bundle runs (public/early-reads.js)', () => {
  it.each([
    ['', true],
    ['#/home', true],
    ['#/', true],
    ['#/loops', false],
    ['#/questions/new', false],
  ])('on %j sends the shell reads, and Home\'s first when Home opens (%s)', (hash, home) => {
    const { sent, early } = runEarlyReads(hash, 'tok');
    const methods = sent.map((s) => s.url.replace('./api/', ''));
    expect(methods).toEqual([
      ...(home ? ['home.get', 'feedback.owed'] : []),
      'recovery.status',
      'workspace.get',
      'settings.get',
      'team.names',
    ]);
    for (const s of sent) expect(s.headers[SESSION_HEADER]).toBe('tok');
    // The keys are what the transport looks up: method, a space, and the body it would send for the same input.
    expect(Object.keys(early ?? {})).toEqual(sent.map((s) => `${s.url.replace('./api/', '')} ${s.body}`));
    // The team store reads everyone, those who left included: the same input, or the answer is never taken.
    expect(sent.find((s) => s.url.endsWith('team.names'))?.body).toBe(JSON.stringify({ includeLeft: true }));
  });

  it('sends nothing without a session, while a launch link signs in, or inside Electron', () => {
    expect(runEarlyReads('#/home', null).sent).toEqual([]);
    expect(runEarlyReads('#launch=abc', 'tok').sent).toEqual([]);
    expect(runEarlyReads('#/home', 'tok', true).sent).toEqual([]);
  });
});

