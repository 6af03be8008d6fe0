import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every package the tests, the benchmark and the scripts import must be in package.json: one that only
// arrives as another package's dependency can vanish or change version under them on any install.
const FOLDERS = ['test', 'bench', 'scripts'];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP = new Set(['node_modules', 'results']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static and type imports, re-exports, `import()` and `require()`. */
export function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The package a specifier loads from node_modules, or null for a relative path or a Node built-in. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  if (builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0] ?? '')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

describe('declared dependencies', () => {
  it.each<[string, string, string[]]>([
    ['static, default and named imports', `import a from 'left-pad';\nimport { b } from "zod";`, ['left-pad', 'zod']],
    ['type-only imports and re-exports', `import type { T } from 'playwright-core';\nexport * from 'vite';\nexport { x } from 'esbuild';`, ['playwright-core', 'vite', 'esbuild']],
    ['dynamic import and require, with subpaths', `const m = await import('@scope/pkg/sub/path');\nconst r = require('lodash/fp');`, ['@scope/pkg', 'lodash']],
    ['built-ins with and without node:, and relative paths', `import fs from 'node:fs';\nimport p from 'fs/promises';\nimport x from './x';\nimport y from '../../y';`, []],
    ['a side-effect import', `import 'some-polyfill';`, ['some-polyfill']],
  ])('finds the packages in %s', (_name, source, expected) => {
    expect(specifiersOf(source).flatMap((s) => packageOf(s) ?? [])).toEqual(expected);
  });

  it('every package imported in test/, bench/ and scripts/ is in dependencies or devDependencies', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    const files = FOLDERS.flatMap((folder) => sourceFiles(folder));
    expect(files.length).toBeGreaterThan(20);
    const undeclared = files.flatMap((file) =>
      specifiersOf(readFileSync(file, 'utf8')).flatMap((specifier) => {
        const pkg = packageOf(specifier);
        return pkg && !declared.has(pkg) ? [`${pkg} (${relative('.', file)} imports '${specifier}')`] : [];
      }),
    );
    expect(undeclared).toEqual([]);
  });
});
