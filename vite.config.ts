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
    {
      // The theme's classic script blocks the parser until it is fetched and run; Vite puts the bundle's tags after
      // it, so the bundle was only asked for once that round trip was over (~30-190 ms of a page load here). Last
      // in <head>, it still runs before the body is parsed and anything is painted.
      name: 'principled-theme-boot-last',
      transformIndexHtml: {
        order: 'post',
        handler: (html) => {
          const tag = /\s*<script src="\.\/theme-boot\.js"><\/script>/;
          const found = tag.exec(html);
          if (!found) throw new Error('index.html: the theme-boot script tag is missing');
          return html.replace(tag, '').replace('</head>', `${found[0].trimEnd().replace(/^\s*/, '  ')}\n  </head>`);
        },
      },
    },
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
  },
});
