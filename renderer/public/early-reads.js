/* global window */
// The first screen's reads, asked for while the app's bundle is still downloading and compiling: without this
// they left only once the bundle had run, so the first screen waited for the bundle and then for the server, one
// after the other. The transport (renderer/api/earlyReads.ts) takes each answer once, for the same method and
// input; anything not taken is simply dropped. Browser mode only (Electron's bridge has no HTTP queue to jump).
// The header, the storage key and the inputs match core/api/contract/browserSession.ts and the stores' reads;
// test/unit/earlyReads.test.ts keeps them in step.
(function () {
  try {
    if (window.principled || /^#launch=/.test(window.location.hash)) return;
    var token = localStorage.getItem('principled-session-token');
    if (!token) return;
    var screen = window.location.hash.replace(/^#\/?/, '').split('/')[0];
    // Home's reads first: the host answers one at a time, in the order asked, and the team's names are the largest.
    var reads = screen === '' || screen === 'home' ? [['home.get'], ['feedback.owed']] : [];
    reads.push(['recovery.status'], ['workspace.get'], ['settings.get'], ['team.names', { includeLeft: true }]);
    var early = {};
    reads.forEach(function (read) {
      var body = read[1] === undefined ? '' : JSON.stringify(read[1]);
      early[read[0] + ' ' + body] = fetch('./api/' + encodeURIComponent(read[0]), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Principled-Session': token },
        body: body,
      });
    });
    window.__principledEarlyReads = early;
  } catch {
    // Nothing is lost: the app reads everything itself when it starts.
  }
})();
