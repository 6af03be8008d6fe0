import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER, TOKEN_META } from '../../host/server';
import { startTestHost, TEST_TOKEN } from '../support/host';

type Host = Awaited<ReturnType<typeof startTestHost>>;

/** node:http rather than fetch, so the Host header can be forged as a DNS-rebinding page would. */
function send(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(path, base);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const apiHeaders = { 'Content-Type': 'application/json', [TOKEN_HEADER]: TEST_TOKEN };

describe('browser host security', () => {
  let host: Host;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('hands the page its token inside index.html, with a strict CSP and no CORS', async () => {
    const res = await send(host.base, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<meta name="${TOKEN_META}" content="${TEST_TOKEN}">`);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const none = await send(host.base, '/api/workspace.get', { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).error.code).toBe('FORBIDDEN');
    const wrong = await send(host.base, '/api/workspace.get', {
      method: 'POST',
      headers: { ...apiHeaders, [TOKEN_HEADER]: 'x'.repeat(TEST_TOKEN.length) },
    });
    expect(wrong.status).toBe(403);
  });

  it('refuses a forged Host header (DNS rebinding)', async () => {
    const res = await send(host.base, '/api/workspace.get', { method: 'POST', headers: { ...apiHeaders, Host: 'evil.example:80' } });
    expect(res.status).toBe(421);
    const page = await send(host.base, '/', { headers: { Host: 'evil.example' } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain(TEST_TOKEN);
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

  it('serves only files inside the renderer folder', async () => {
    expect((await send(host.base, '/assets/app.js')).status).toBe(200);
    expect((await send(host.base, '/assets/missing.js')).status).toBe(404);
    const traversal = await send(host.base, '/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.body).not.toContain('root:');
    const encoded = await send(host.base, '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd.txt');
    expect(encoded.status).toBe(404);
  });
});
