import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { exchangeLaunchSecret } from '../support/host';

const secretOf = (link: string) => new URL(link).hash.replace('#launch=', '');

describe('npm run web: the printed launch link', () => {
  it('takes a free port when the asked one is taken, prints a link naming it, and prints a fresh one on Enter', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'principled-launch-'));
    let host: RunningHost | undefined;
    try {
      host = await startBrowserHost(dir, taken);
      expect(host.port).not.toBe(taken);
      expect(host.launchUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#launch=[0-9a-f]{64}$`));
      expect(host.output()).toContain(`Port ${taken} is in use, so Principled took port ${host.port} instead.`);

      const base = host.url.replace(/\/$/, '');
      const first = secretOf(host.launchUrl);
      expect(await exchangeLaunchSecret(base, first)).not.toBeNull();
      expect(await exchangeLaunchSecret(base, first)).toBeNull();

      // After closing the browser: Enter in the terminal prints a new link that works.
      const fresh = await host.newLaunchUrl();
      expect(fresh).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#launch=`));
      expect(secretOf(fresh)).not.toBe(first);
      const session = await exchangeLaunchSecret(base, secretOf(fresh));
      expect(session).not.toBeNull();
      const res = await fetch(`${base}/api/workspace.get`, { method: 'POST', headers: session?.headers });
      expect(res.status).toBe(200);
    } finally {
      await host?.stop();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
      removeDir(dir);
    }
  }, 60_000);
});
