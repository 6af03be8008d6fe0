// One policy for every way the renderer is loaded (Electron's app:// protocol,
// the browser host, and the meta tag in index.html): nothing from the network,
// no inline script, no eval.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Sent as a header by both hosts. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** For the <meta> tag in index.html, where browsers ignore (and warn about) frame-ancestors. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
