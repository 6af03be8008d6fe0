import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../db/lock';
import { removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';

describe('one writer per data folder', () => {
  let dir: string;
  let hosts: RunningHost[];
  const start = async () => {
    const host = await startBrowserHost(dir);
    hosts.push(host);
    return host;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'principled-writer-'));
    hosts = [];
  });
  afterEach(async () => {
    for (const host of hosts) await host.crash();
    removeDir(dir);
  });

  it('refuses a second browser host on the same folder with a clear message, and allows one once the first stops', async () => {
    const first = await start();
    await expect(startBrowserHost(dir)).rejects.toThrow(/already open in another Principled window or browser host/);
    await first.stop();
    await (await start()).stop();
  }, 60_000);

  it('opens the folder again after the host holding it was killed outright', async () => {
    await (await start()).crash();
    await (await start()).stop();
  }, 60_000);

  it('is not kept out by a lock file from the old version naming a live process', async () => {
    // After a reboot the old lock's process id can belong to anything alive: here, the test runner itself.
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    const host = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await host.stop();
  }, 60_000);
});
