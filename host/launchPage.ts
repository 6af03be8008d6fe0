// What a browser without a session gets instead of the app: no app bundle and
// nothing secret, only a way to trade the link's one-time secret for a session.

import { SESSION_TOKEN_KEY } from '../core/api/contract/browserSession';

export const LAUNCH_SCRIPT_PATH = '/launch.js';
export const LAUNCH_STYLE_PATH = '/launch.css';
export const SESSION_PATH = '/session';

export const NOTICE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${LAUNCH_STYLE_PATH}" />
    <title>Principled</title>
  </head>
  <body>
    <main>
      <h1>Principled</h1>
      <p id="status" role="status">Open the link printed in the terminal where you started Principled.</p>
      <p>Each link works once. To get a new one, press Enter in that terminal.</p>
    </main>
    <script src="${LAUNCH_SCRIPT_PATH}"></script>
  </body>
</html>
`;

// A separate file, not an inline script: the CSP allows scripts from 'self' only.
export const LAUNCH_SCRIPT = `(() => {
  const status = document.getElementById('status');
  const launch = () => {
    const match = /^#launch=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!match) return;
    // Out of the address bar (and history) before anything else happens.
    history.replaceState(null, '', location.pathname + location.search);
    status.textContent = 'Opening Principled…';
    fetch('${SESSION_PATH}', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ secret: match[1] }),
    })
      .then(async (response) => {
        if (!response.ok) {
          status.textContent = 'That link was already used. Press Enter in the terminal where you started Principled for a new one, then open it.';
          return;
        }
        // The API's credential: localStorage belongs to this origin, port included, so no other local server's page can read it.
        localStorage.setItem(${JSON.stringify(SESSION_TOKEN_KEY)}, (await response.json()).token);
        location.replace('/');
      })
      .catch(() => {
        status.textContent = 'Cannot reach Principled. Is it still running in the terminal?';
      });
  };
  launch();
  // A link pasted into this same tab changes only the fragment: no new page load.
  addEventListener('hashchange', launch);
})();
`;

export const LAUNCH_STYLE = `body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; }
main { max-width: 34rem; margin: 15vh auto 0; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; }
`;
