import { useMay } from '../../components/useAccess';
import { useApp } from '../../stores/app';
import { ConflictList } from './ConflictList';
import { DeviceList } from './DeviceList';
import { InviteForm } from './InviteForm';
import { MakeTeamForm } from './MakeTeamForm';
import { UnlockForm } from './UnlockForm';
import { useSyncStatus } from './useSyncStatus';

/** Settings' "Team sync": make a team when solo; in a team, the status, unlock, the devices and invitations. */
export function TeamSyncSection() {
  const { data: status, error } = useSyncStatus();
  const me = useApp((s) => s.settings?.me ?? null);
  const may = useMay();
  return (
    <section className="settings-section team-sync" aria-labelledby="sync-title">
      <h2 id="sync-title">Team sync</h2>
      {error && <p className="form-error">{error.message}</p>}
      {!status ? (
        <p className="placeholder" aria-busy="true">
          Loading…
        </p>
      ) : status.mode === 'solo' ? (
        <>
          <p>This workspace lives on this computer only. A team keeps a full copy on each member&apos;s computer and needs no server: changes travel as encrypted files through a shared folder.</p>
          {may('sync.makeTeam') && me ? (
            <MakeTeamForm />
          ) : (
            <p className="field-hint">{me ? 'Only founders and admins may make a team.' : 'Choose who you are above first: the team is made in your name.'}</p>
          )}
        </>
      ) : (
        <>
          <p className={`sync-summary sync-${status.state.replace(' ', '-')}`}>
            <strong>{status.summary}</strong>
          </p>
          {/* Waits and problems repeat their first line as the summary; "in sync" may carry a note of its own
              (a device that keeps the folder from shrinking). */}
          {(status.details.length > 1 || ((status.state === 'in sync' || status.state === 'syncing') && status.details.length > 0)) && (
            <ul className="sync-details" aria-label="Sync details">
              {status.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          <p className="field-hint">
            Synced through <code className="path">{status.folder}</code>.
            {status.quarantined > 0 && ` ${status.quarantined} changes from other devices were refused because their authors were not allowed to make them.`}
          </p>
          {status.state === 'locked' && <UnlockForm />}
          <h3>Devices</h3>
          <DeviceList devices={status.devices} />
          {may('sync.invite') && status.state !== 'locked' && <InviteForm />}
          <h3>Conflicts resolved</h3>
          <ConflictList />
        </>
      )}
    </section>
  );
}
