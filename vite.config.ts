import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { META_CONTENT_SECURITY_POLICY } from './core/security/csp';

// The renderer is plain static files: Electron loads them through its app://
// protocol and the browser host serves them from 127.0.0.1.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [
    react(),
    {
      // One CSP source: the same policy the hosts send as a header goes into the page itself.
      name: 'principled-csp',
      transformIndexHtml: (html) => html.replace('%CONTENT_SECURITY_POLICY%', META_CONTENT_SECURITY_POLICY),
    },
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
  },
});
