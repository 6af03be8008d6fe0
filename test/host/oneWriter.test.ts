import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir, startBrowserHost } from '../support/browserHost';

describe('one writer per data folder', () => {
  it('refuses a second browser host on the same folder with a clear message, and allows one once the first stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'principled-writer-'));
    try {
      const first = await startBrowserHost(dir);
      try {
        await expect(startBrowserHost(dir)).rejects.toThrow(/already open in another Principled window or browser host/);
      } finally {
        await first.stop();
      }
      const again = await startBrowserHost(dir);
      await again.stop();
    } finally {
      removeDir(dir);
    }
  }, 60_000);
});
