import { useState } from 'react';
import { STARTER_PRINCIPLES } from '../../../core/rules/starterPrinciples';
import { useApp } from '../../stores/app';
import { JoinWelcome } from '../sync/JoinWelcome';
import { useSyncStatus } from '../sync/useSyncStatus';

export function Welcome() {
  const { start, go } = useApp();
  const [busy, setBusy] = useState(false);
  // A device that joined a team waits for the team's data rather than starting a workspace of its own.
  const joined = useSyncStatus().data?.mode === 'team';
  const choose = async (starter: boolean) => {
    setBusy(true);
    const started = await start(starter);
    setBusy(false);
    // The first thing to do in a new workspace is to write the culture down.
    if (started) go('principles');
  };
  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to Principled</h1>
      <p className="lead">
        Fair, evidence-based interviews start with your culture. Write down the handful of principles every hire must show;
        your question bank, interview kits and ratings all tie back to them.
      </p>
      <p>
        Everything stays in a file on this computer; nothing is sent to us. A team shares only signed, encrypted files through a
        folder it already syncs.
      </p>
      {!joined && (
        <div className="choices">
          <button type="button" className="choice primary" disabled={busy} onClick={() => void choose(true)}>
            <strong>Start from the starter set</strong>
            <span>
              {STARTER_PRINCIPLES.length} principles in plain words, marked as drafts. Principles evolve: rewrite them in your own
              words.
            </span>
          </button>
          <button type="button" className="choice" disabled={busy} onClick={() => void choose(false)}>
            <strong>Start blank</strong>
            <span>Write your principles from scratch.</span>
          </button>
        </div>
      )}
      <JoinWelcome />
    </main>
  );
}
