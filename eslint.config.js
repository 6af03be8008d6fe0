// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The import rules of ARCHITECTURE.md: the renderer reaches data only through
// the API contract; core/ and db/ stay free of Electron and React.
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'crypto', 'url', 'util', 'net'];

const rendererPatterns = [
  { group: NODE_BUILTINS, message: 'The renderer runs in a sandbox: no Node built-ins.' },
  { group: ['electron'], message: 'The renderer talks to Electron only through window.principled.' },
  { group: ['**/db', '**/db/**'], message: 'The renderer reaches data only through the API client.' },
  { group: ['**/core/server', '**/core/server/**'], message: 'Handlers and dispatch run behind a transport, never in the renderer.' },
  { group: ['**/host', '**/host/**'], message: 'The browser host is a server; the renderer calls it over HTTP.' },
];
const rendererRule = { 'no-restricted-imports': ['error', { patterns: rendererPatterns }] };

// A feature links to another by route; only routing/RouteView.tsx knows which screen draws which route.
const featureRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...rendererPatterns,
        { group: ['../*/*Screen', '../*/*Screen.tsx', '**/routing/RouteView'], message: 'A feature never imports another feature\'s screen: link to it with a route.' },
      ],
    },
  ],
};

const coreDbRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['electron'], message: 'core/ and db/ run under plain Node too: no Electron.' },
        { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand'], message: 'core/ and db/ hold no UI.' },
        { group: ['**/renderer', '**/renderer/**'], message: 'core/ and db/ never depend on the UI.' },
      ],
    },
  ],
};

const preloadRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: NODE_BUILTINS, message: 'The sandboxed preload gets only the Electron bridge.' },
        { group: ['**/db', '**/db/**', '**/core/server', '**/core/server/**', '**/core/rules/**'], message: 'The preload imports only contract types.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.tools/**', '.tsbuild/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...rendererRule },
  },
  { files: ['renderer/features/**/*.{ts,tsx}'], rules: featureRule },
  { files: ['core/**/*.ts', 'db/**/*.ts'], rules: coreDbRule },
  { files: ['electron/preload.ts'], rules: preloadRule },
);
