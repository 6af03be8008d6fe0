import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import type { BuildEnvironmentOptions } from 'vite';

interface PackageJson {
  type?: string;
  main?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
}

const readPackage = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/**
 * Whether main.cjs can require() the package as it is installed. ESM-only
 * packages (uuid) cannot be relied on that way, so they are bundled instead.
 */
function isRequirable(name: string): boolean {
  const pkg = readPackage(`node_modules/${name}/package.json`);
  return pkg.type !== 'module' || pkg.main?.endsWith('.cjs') === true || JSON.stringify(pkg.exports ?? {}).includes('"require"');
}

// Production dependencies stay in node_modules (electron-builder ships them):
// better-sqlite3-multiple-ciphers is a native addon and pdfkit reads its fonts from its own
// folder, and bundling either breaks them. Our own code is always bundled.
const runtimeDependencies = Object.keys(readPackage('package.json').dependencies ?? {}).filter(isRequirable);
const dependencyPattern = (names: string[]) => new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(/|$)`);

const builtins = [/^node:/, ...builtinModules];

function nodeBuild(entry: string, emptyOutDir: boolean, external: (string | RegExp)[]): BuildEnvironmentOptions {
  return {
    target: 'node22',
    outDir: 'dist/electron',
    emptyOutDir,
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: entry,
      external,
      output: {
        format: 'cjs',
        entryFileNames: '[name].cjs',
        // One self-contained file per entry: a sandboxed preload can only
        // require('electron'), never a sibling chunk.
        codeSplitting: false,
      },
    },
  };
}

/**
 * Two environments instead of one multi-entry build, because a shared chunk
 * between main and preload is exactly what the sandbox cannot load.
 */
export default defineConfig({
  publicDir: false,
  environments: {
    electronMain: {
      consumer: 'server',
      resolve: { noExternal: true },
      build: nodeBuild('electron/main.ts', true, [
        'electron',
        ...builtins,
        ...(runtimeDependencies.length > 0 ? [dependencyPattern(runtimeDependencies)] : []),
      ]),
    },
    // The background worker (imports, exports, backups) runs from its own file beside main.cjs.
    electronWorker: {
      consumer: 'server',
      resolve: { noExternal: true },
      build: nodeBuild('core/server/backgroundWorker.ts', false, [
        ...builtins,
        ...(runtimeDependencies.length > 0 ? [dependencyPattern(runtimeDependencies)] : []),
      ]),
    },
    electronPreload: {
      consumer: 'server',
      resolve: { noExternal: true },
      // Nothing but electron: the sandbox has no node_modules to load from.
      build: nodeBuild('electron/preload.ts', false, ['electron']),
    },
  },
  builder: {
    // Main first: it empties dist/electron, then the worker and the preload land beside it.
    async buildApp(builder) {
      const { electronMain, electronWorker, electronPreload } = builder.environments;
      if (!electronMain || !electronWorker || !electronPreload) throw new Error('Electron build environments are missing');
      await builder.build(electronMain);
      await builder.build(electronWorker);
      await builder.build(electronPreload);
    },
  },
});
