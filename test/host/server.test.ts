import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { READ_BATCH_MAX, READ_BATCH_PATH, SESSION_HEADER } from '../../core/api/contract/browserSession';
import { APP_SCRIPT, exchangeLaunchSecret, startTestHost } from '../support/host';

type Host = Awaited<ReturnType<typeof startTestHost>>;

/** node:http rather than fetch, so the Host header can be forged as a DNS-rebinding page would. */
function send(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(base);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    // The path goes out exactly as written: URL() would fix up the malformed ones these tests send.
    const req = request({ host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const NOTICE = 'Open the link printed in the terminal where you started Principled';

describe('browser host security', () => {
  let host: Host;
  let apiHeaders: Record<string, string>;
  const countPrinciples = async () => {
    const list = await host.raw('principles.list', { includeArchived: true });
    return (list as { value: unknown[] }).value.length;
  };
  beforeAll(async () => {
    host = await startTestHost();
    apiHeaders = host.apiHeaders;
  });
  afterAll(async () => {
    await host.close();
  });

  it('serves the app only to a session, with a strict CSP and no CORS', async () => {
    const res = await send(host.base, '/', { headers: { Cookie: host.cookie } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(APP_SCRIPT);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('gives a browser without a session only the notice page: no app bundle, no secret', async () => {
    const unusedSecret = host.sessions.issueLaunchSecret();
    const sessionId = host.cookie.split('=')[1] as string;
    for (const path of ['/', '/index.html', '/questions']) {
      const res = await send(host.base, path);
      expect(res.status, path).toBe(200);
      expect(res.body, path).toContain(NOTICE);
      expect(res.body, path).toContain('<script src="/launch.js">');
      expect(res.body, path).not.toContain(APP_SCRIPT);
      expect(res.body, path).not.toContain(unusedSecret);
      expect(res.body, path).not.toContain(sessionId);
    }
    const script = await send(host.base, '/launch.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain('history.replaceState');
    expect(script.body).not.toContain(unusedSecret);
  });

  it('refuses API calls without a session token, and writes nothing', async () => {
    const before = await countPrinciples();
    const create = JSON.stringify({ name: 'Sneaked in', summary: 'by another local user' });
    const none = await send(host.base, '/api/principles.create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: create,
    });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).error.code).toBe('FORBIDDEN');
    expect(none.headers['set-cookie']).toBeUndefined();
    expect(await countPrinciples()).toBe(before);
  });

  // Browsers send 127.0.0.1's cookies to every port on it: any local server the owner's browser visits gets this cookie.
  it('refuses an API call that carries the session cookie but no token, and writes nothing; with the token it works', async () => {
    const before = await countPrinciples();
    const cookieOnly = await send(host.base, '/api/principles.create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: host.cookie },
      body: JSON.stringify({ name: 'Sneaked in', summary: 'with a cookie sent to another port' }),
    });
    expect(cookieOnly.status).toBe(403);
    expect(JSON.parse(cookieOnly.body).error.message).toMatch(/^Not signed in: open the link printed in the terminal/);
    expect(await countPrinciples()).toBe(before);

    const withToken = await send(host.base, '/api/principles.create', {
      method: 'POST',
      headers: { ...apiHeaders, Cookie: host.cookie },
      body: JSON.stringify({ name: 'Signed in', summary: 'the app itself' }),
    });
    expect(withToken.status).toBe(200);
    expect(JSON.parse(withToken.body).ok).toBe(true);
    expect(await countPrinciples()).toBe(before + 1);
  });

  it('refuses a wrong token, the cookie’s value as a token, and the token in a cookie', async () => {
    const id = host.cookie.split('=')[1] as string;
    const before = await countPrinciples();
    const create = JSON.stringify({ name: 'Sneaked in', summary: 'with a guessed token' });
    const attempts: Record<string, string>[] = [
      { [SESSION_HEADER]: '0'.repeat(host.token.length) },
      { [SESSION_HEADER]: host.token.slice(1) },
      { [SESSION_HEADER]: `${host.token}0` },
      { [SESSION_HEADER]: id },
      { [SESSION_HEADER]: '' },
      { Cookie: `${host.cookie}; ${SESSION_HEADER}=${host.token}` },
      { Authorization: `Bearer ${host.token}` },
    ];
    for (const headers of attempts) {
      const res = await send(host.base, '/api/principles.create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: host.cookie, ...headers },
        body: create,
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await countPrinciples()).toBe(before);
  });

  it('never puts the token in a response to a request without the launch secret', async () => {
    for (const cookie of [undefined, host.cookie]) {
      for (const path of ['/', '/index.html', '/questions', '/launch.js', '/launch.css', '/assets/app.js', '/assets/missing.js']) {
        const res = await send(host.base, path, { headers: cookie ? { Cookie: cookie } : {} });
        expect(res.body, path).not.toContain(host.token);
        expect(JSON.stringify(res.headers), path).not.toContain(host.token);
      }
    }
    const refused = await send(host.base, '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: host.cookie },
      body: JSON.stringify({ secret: 'f'.repeat(64) }),
    });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toMatch(/token/);
  });

  it('refuses a forged Host header (DNS rebinding)', async () => {
    const res = await send(host.base, '/api/workspace.get', { method: 'POST', headers: { ...apiHeaders, Host: 'evil.example:80' } });
    expect(res.status).toBe(421);
    const page = await send(host.base, '/', { headers: { Host: 'evil.example', Cookie: host.cookie } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain(APP_SCRIPT);
  });

  it('refuses cross-origin calls and does not answer preflights', async () => {
    const cross = await send(host.base, '/api/workspace.get', {
      method: 'POST',
      headers: { ...apiHeaders, Origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    const preflight = await send(host.base, '/api/workspace.get', {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const exchange = await send(host.base, '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1' },
      body: JSON.stringify({ secret: host.sessions.issueLaunchSecret() }),
    });
    expect(exchange.status).toBe(403);
    expect(exchange.headers['set-cookie']).toBeUndefined();
  });

  it('answers a malformed body or wrong content type with VALIDATION', async () => {
    const bad = await send(host.base, '/api/principles.list', { method: 'POST', headers: apiHeaders, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('VALIDATION');
    const text = await send(host.base, '/api/principles.list', {
      method: 'POST',
      headers: { ...apiHeaders, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
  });

  it('answers a batch of reads in order, each as its own call would, and only with a session', async () => {
    const reads = [
      { method: 'principles.list', input: { includeArchived: true } },
      { method: 'workspace.get' },
      { method: 'principles.list', input: { includeArchived: 'yes' } },
      // A service that changes nothing, which the page's first batch asks for.
      { method: 'recovery.status' },
    ];
    const batch = await send(host.base, READ_BATCH_PATH, { method: 'POST', headers: apiHeaders, body: JSON.stringify(reads) });
    expect(batch.status).toBe(200);
    const { results } = JSON.parse(batch.body) as { results: { ok: boolean; value?: unknown; error?: { code: string; message: string } }[] };
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual(await host.raw('principles.list', { includeArchived: true }));
    expect(results[3]).toEqual(await host.raw('recovery.status', undefined));
    expect(results[3]?.ok).toBe(true);
    expect(results[1]).toEqual(await host.raw('workspace.get', undefined));
    expect(results[2]?.error?.code).toBe('VALIDATION');
    expect(results[2]?.error?.message).toContain('includeArchived');
    const signedOut = await send(host.base, READ_BATCH_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: host.cookie },
      body: JSON.stringify(reads),
    });
    expect(signedOut.status).toBe(403);
    expect(signedOut.body).not.toContain('"value"');
    const cross = await send(host.base, READ_BATCH_PATH, { method: 'POST', headers: { ...apiHeaders, Origin: 'http://evil.example' }, body: JSON.stringify(reads) });
    expect(cross.status).toBe(403);
  });

  it('never runs a write from a read batch, and refuses a batch that is not a short list', async () => {
    const before = await countPrinciples();
    const sneaked = [
      { method: 'principles.create', input: { name: 'Batched in', summary: 'as a read' } },
      { method: 'no.such' },
      { method: 'backups.create' },
    ];
    const batch = await send(host.base, READ_BATCH_PATH, { method: 'POST', headers: apiHeaders, body: JSON.stringify(sneaked) });
    const { results } = JSON.parse(batch.body) as { results: { ok: boolean; error: { code: string; message: string } }[] };
    expect(results.map((r) => r.error.message)).toEqual([
      'input[0].method: only reads can be batched',
      'input[1].method: only reads can be batched',
      'input[2].method: only reads can be batched',
    ]);
    expect(await countPrinciples()).toBe(before);
    const tooMany = Array.from({ length: READ_BATCH_MAX + 1 }, () => ({ method: 'workspace.get' }));
    for (const body of [JSON.stringify(tooMany), '[]', '{"method":"workspace.get"}', '{not json']) {
      const refused = await send(host.base, READ_BATCH_PATH, { method: 'POST', headers: apiHeaders, body });
      expect(refused.status, body).toBe(400);
      expect(JSON.parse(refused.body).error.code, body).toBe('VALIDATION');
    }
  });

  it('lets the browser keep the hashed build files, and asks again for everything else', async () => {
    expect((await send(host.base, '/assets/app.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await send(host.base, '/launch.js')).headers['cache-control']).toBe('no-cache');
    expect((await send(host.base, '/')).headers['cache-control']).toBe('no-store');
  });

  it('serves only files inside the renderer folder', async () => {
    expect((await send(host.base, '/assets/app.js')).status).toBe(200);
    expect((await send(host.base, '/assets/missing.js')).status).toBe(404);
    const traversal = await send(host.base, '/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.body).not.toContain('root:');
    const encoded = await send(host.base, '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd.txt');
    expect(encoded.status).toBe(404);
    const raw = await send(host.base, '/assets/../../../../etc/passwd.txt');
    expect(raw.status).toBe(404);
    const backslash = await send(host.base, '/assets%5c..%5c..%5c..%5cetc%5cpasswd.txt');
    expect(backslash.status).toBe(404);
  });

  it('does not follow a symlink out of the renderer folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'principled-outside-'));
    try {
      writeFileSync(join(outside, 'secret.txt'), 'outside the build folder');
      mkdirSync(join(outside, 'dir'));
      writeFileSync(join(outside, 'dir', 'inner.js'), 'outside the build folder');
      symlinkSync(join(outside, 'secret.txt'), join(host.rendererDir, 'leak.txt'));
      symlinkSync(join(outside, 'dir'), join(host.rendererDir, 'linked'));
      for (const path of ['/leak.txt', '/linked/inner.js']) {
        const res = await send(host.base, path, { headers: { Cookie: host.cookie } });
        expect(res.status, path).toBe(404);
        expect(res.body, path).not.toContain('outside the build folder');
      }
      // A link that stays inside the folder is fine.
      symlinkSync(join(host.rendererDir, APP_SCRIPT), join(host.rendererDir, 'alias.js'));
      expect((await send(host.base, '/alias.js')).status).toBe(200);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('answers malformed percent-encoding with 400, and logs no error or stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const path of ['/%E0%A4%A', '/assets/%zz.js', '/api/%E0%A4%A']) {
        const res = await send(host.base, path, { method: path.startsWith('/api/') ? 'POST' : 'GET', headers: apiHeaders });
        expect(res.status, path).toBe(400);
        expect(res.body, path).not.toMatch(/URIError|at /);
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});

describe('launch link and session cookie', () => {
  let host: Host;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('trades the launch secret for a session exactly once', async () => {
    const secret = host.sessions.issueLaunchSecret();
    const first = await exchangeLaunchSecret(host.base, secret);
    expect(first).not.toBeNull();
    expect(await exchangeLaunchSecret(host.base, secret)).toBeNull();
    const res = await send(host.base, '/api/workspace.get', { method: 'POST', headers: first?.headers });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).ok).toBe(true);
  });

  it('replaces the token with each new link, and keeps earlier ones working until the host stops', async () => {
    const first = await exchangeLaunchSecret(host.base, host.sessions.issueLaunchSecret());
    const second = await exchangeLaunchSecret(host.base, host.sessions.issueLaunchSecret());
    expect(second?.token).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.token).not.toBe(first?.token);
    for (const session of [first, second]) {
      const res = await send(host.base, '/api/workspace.get', { method: 'POST', headers: session?.headers });
      expect(res.status).toBe(200);
    }
  });

  it('refuses a wrong secret, and an older link once a newer one is printed', async () => {
    const older = host.sessions.issueLaunchSecret();
    const newer = host.sessions.issueLaunchSecret();
    expect(await exchangeLaunchSecret(host.base, 'f'.repeat(newer.length))).toBeNull();
    expect(await exchangeLaunchSecret(host.base, older)).toBeNull();
    expect(await exchangeLaunchSecret(host.base, newer)).not.toBeNull();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie that ends with the browser, and gives the token only in the body', async () => {
    const res = await send(host.base, '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ secret: host.sessions.issueLaunchSecret() }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token } = JSON.parse(res.body) as { token: string };
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers['set-cookie']).toHaveLength(1);
    expect(JSON.stringify(res.headers)).not.toContain(token);
    const cookie = (res.headers['set-cookie'] as string[])[0] as string;
    const [pair, ...attributes] = cookie.split(';').map((s) => s.trim());
    const port = new URL(host.base).port;
    expect(pair).toMatch(new RegExp(`^principled-session-${port}=[0-9a-f]{64}$`));
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/');
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
  });

  it('refuses an exchange that is not a JSON POST', async () => {
    const secret = host.sessions.issueLaunchSecret();
    const get = await send(host.base, `/session?secret=${secret}`);
    expect(get.status).toBe(405);
    const form = await send(host.base, '/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `secret=${secret}`,
    });
    expect(form.status).toBe(415);
    // Neither attempt used the secret up.
    expect(await exchangeLaunchSecret(host.base, secret)).not.toBeNull();
  });
});
