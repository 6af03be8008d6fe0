import { useState } from 'react';
import { JoinTeamForm } from './JoinTeamForm';
import { UnlockForm } from './UnlockForm';
import { useSyncStatus } from './useSyncStatus';

/**
 * The welcome screen's way into a team. Once joined, this waits in words (for the admin to confirm, then for the
 * team's data); the shell replaces it when the data arrives, as `workspace.get` then says the workspace started.
 */
export function JoinWelcome({ onJoining }: { onJoining?: (joining: boolean) => void }) {
  const { data: status } = useSyncStatus();
  const [joining, setJoiningState] = useState(false);
  // The welcome screen puts its own first-run step away while the join form is open: one thing asked at a time.
  const setJoining = (next: boolean) => {
    setJoiningState(next);
    onJoining?.(next);
  };
  if (status?.mode === 'team') {
    return (
      <section className="sync-joined" aria-labelledby="joined-title">
        <h2 id="joined-title">Joining your team</h2>
        <p role="status" data-testid="join-status">
          {status.summary}
        </p>
        {status.state === 'locked' ? (
          <UnlockForm />
        ) : (
          <p className="field-hint">Ask the admin who invited you to confirm this device in Settings, Team sync. This screen moves on by itself.</p>
        )}
      </section>
    );
  }
  if (joining) return <JoinTeamForm onCancel={() => setJoining(false)} />;
  return (
    <div className="choices">
      <button type="button" className="choice" onClick={() => setJoining(true)}>
        <strong>Join a team</strong>
        <span>Your team already uses Principled: join it with the invitation an admin sent you.</span>
      </button>
    </div>
  );
}
