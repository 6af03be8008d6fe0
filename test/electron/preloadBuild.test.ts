import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuilder } from 'vite';

// A sandboxed preload is loaded as a classic script whose require() knows only
// a handful of Electron modules, so the built file must be CommonJS and
// self-contained. This builds it for real with vite.electron.config.ts.
describe('preload build', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'principled-preload-'));
    const builder = await createBuilder({
      configFile: 'vite.electron.config.ts',
      logLevel: 'silent',
      environments: { electronPreload: { build: { outDir, emptyOutDir: true } } },
    });
    const preload = builder.environments.electronPreload;
    if (!preload) throw new Error('vite.electron.config.ts has no electronPreload environment');
    await builder.build(preload);
    code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
  }, 60_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('emits a single preload.cjs', () => {
    expect(readdirSync(outDir)).toEqual(['preload.cjs']);
  });

  it('is CommonJS that requires nothing but electron', () => {
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).not.toMatch(/\bimport\(/);
  });

  it('exposes the bridge under window.principled', () => {
    expect(code).toContain('exposeInMainWorld("principled"');
    expect(code).toContain('"principled:api"');
    expect(code).toContain('"principled:event"');
  });
});
