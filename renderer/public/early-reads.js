/* global window */
// The first screen's reads, asked for while the app's bundle is still downloading and compiling: without this
// they left only once the bundle had run, so the first screen waited for the bundle and then for the server, one
// after the other. They go as two batched requests (the host's read batch answers each read as /api/<method>
// would): six requests at once took all six of the browser's connections to the host, and the bundle's own files
// queued behind them. The transport (renderer/api/earlyReads.ts) takes each answer once, for the same method and
// input; anything not taken is simply dropped. Browser mode only (Electron's bridge has no HTTP queue to jump).
// The header, the storage key, the batch path and the inputs match core/api/contract/browserSession.ts and the
// stores' reads; test/unit/earlyReads.test.ts keeps them in step.
(function () {
  try {
    if (window.principled || /^#launch=/.test(window.location.hash)) return;
    var token = localStorage.getItem('principled-session-token');
    if (!token) return;
    var screen = window.location.hash.replace(/^#\/?/, '').split('/')[0];
    // Home's reads and the shell's in the first batch; the team's names, the largest answer, on their own.
    var first = screen === '' || screen === 'home' ? [['home.get'], ['feedback.owed']] : [];
    first.push(['recovery.status'], ['workspace.get'], ['settings.get']);
    var batches = [first, [['team.names', { includeLeft: true }]]];
    var early = {};
    var marks = batches.map(function (reads) {
      var answers = fetch('./api-reads', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Principled-Session': token },
        body: JSON.stringify(
          reads.map(function (read) {
            return { method: read[0], input: read[1] };
          }),
        ),
      }).then(function (response) {
        if (!response.ok) throw new Error('read batch refused: ' + response.status);
        return response.json();
      });
      reads.forEach(function (read, index) {
        var body = read[1] === undefined ? '' : JSON.stringify(read[1]);
        var answer = answers.then(function (batch) {
          return batch.results[index];
        });
        // Handled here too, so an answer nobody takes cannot fail loudly; the taker still sees a failure.
        answer.catch(function () {});
        early[read[0] + ' ' + body] = answer;
      });
      return answers.then(function (batch) {
        return { instance: batch.instance, changes: batch.changes };
      });
    });
    window.__principledEarlyReads = early;
    // The host's change mark as of the earlier batch: if the event stream opens at the same mark, nothing these
    // reads answered has changed since, and the app need not read it all again (renderer/api/serverEvents.ts).
    window.__principledEarlyMark = Promise.all(marks).then(
      function (both) {
        var a = both[0];
        var b = both[1];
        return a.instance === b.instance ? { instance: a.instance, changes: Math.min(a.changes, b.changes) } : null;
      },
      function () {
        return null;
      },
    );
  } catch {
    // Nothing is lost: the app reads everything itself when it starts.
  }
})();
