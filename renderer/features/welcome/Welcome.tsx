import { useState } from 'react';
import { STARTER_PRINCIPLES } from '../../../core/rules/starterPrinciples';
import { useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { EncryptWorkspaceForm } from '../settings/EncryptWorkspaceForm';
import { JoinWelcome } from '../sync/JoinWelcome';
import { useSyncStatus } from '../sync/useSyncStatus';

export function Welcome() {
  const { start, go } = useApp();
  const [busy, setBusy] = useState(false);
  const [notNow, setNotNow] = useState(false);
  const [joining, setJoining] = useState(false);
  // A device that joined a team waits for the team's data rather than starting a workspace of its own.
  const joined = useSyncStatus().data?.mode === 'team';
  const lock = useApiQuery('privacy.lockState', undefined);
  const sealedBy = lock.data?.sealedBy;
  // Encrypted before its first principle, so nothing of it is ever written in plain: the desktop app's keychain did
  // it already when the OS has one; otherwise (browser mode, Linux without a keyring) the passphrase is the way.
  const askPassphrase = !joined && !joining && !notNow && sealedBy === null;
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
      {askPassphrase ? (
        <EncryptWorkspaceForm
          title="Protect this workspace with a passphrase"
          titleLevel={2}
          intro={
            <p>
              Interview feedback is personal data. With a passphrase the workspace file and its backups are encrypted: Principled
              asks for it when it starts and after it locks itself when unused.
            </p>
          }
          submitLabel="Encrypt and continue"
          secondary={(encrypting) => (
            <button type="button" disabled={encrypting} onClick={() => setNotNow(true)}>
              Not now
            </button>
          )}
          onEncrypted={() => undefined}
        />
      ) : (
        !joined &&
        !joining &&
        // Until the key's state is known the step it may need is not skipped by a quick click.
        (lock.data || lock.error) && (
          <>
            {sealedBy === null && (
              <p className="notice-inline" role="note">
                Not encrypted: anyone who can read this computer&apos;s files can read the workspace. Settings → Privacy encrypts it
                at any time.
              </p>
            )}
            {sealedBy === 'passphrase' && (
              <p className="privacy-state" role="status">
                Encrypted with your passphrase.
              </p>
            )}
            <div className="choices">
              <button type="button" className="choice primary" disabled={busy} onClick={() => void choose(true)}>
                <strong>Start from the starter set</strong>
                <span>
                  {STARTER_PRINCIPLES.length} principles in plain words, marked as drafts. Principles evolve: rewrite them in your
                  own words.
                </span>
              </button>
              <button type="button" className="choice" disabled={busy} onClick={() => void choose(false)}>
                <strong>Start blank</strong>
                <span>Write your principles from scratch.</span>
              </button>
            </div>
          </>
        )
      )}
      <JoinWelcome onJoining={setJoining} />
    </main>
  );
}
