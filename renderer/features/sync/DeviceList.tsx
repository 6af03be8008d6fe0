import { useState } from 'react';
import type { SyncDevice } from '../../../core/api/contract/sync';
import { formatTime } from '../../components/format';
import { useMay } from '../../components/useAccess';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

const deviceWords = (d: SyncDevice) => `${d.ownerName}'s ${d.name || 'device'}`;

/** The team's devices: who owns each, whether it may sync, when it was last heard from and how far it got; confirm and revoke. */
export function DeviceList({ devices }: { devices: SyncDevice[] }) {
  const notify = useApp((s) => s.notify);
  const may = useMay();
  const confirmDevice = useApiMutation('sync.confirmDevice');
  const revokeDevice = useApiMutation('sync.revokeDevice');
  const [revoking, setRevoking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(run: () => ReturnType<typeof confirmDevice>, done: string) {
    setBusy(true);
    const result = await run();
    setBusy(false);
    setRevoking(null);
    notify(result.ok ? 'info' : 'error', result.ok ? done : result.error.message);
  }

  return (
    <table className="grid sync-devices" aria-label="Devices">
      <thead>
        <tr>
          <th scope="col">Owner</th>
          <th scope="col">Device</th>
          <th scope="col">State</th>
          <th scope="col">Last seen</th>
          <th scope="col">Last change applied</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.deviceId}>
            <td>{d.ownerName}</td>
            <td>{d.name || 'Unnamed device'}</td>
            <td>{d.state}</td>
            <td>{d.lastSeen ? formatTime(d.lastSeen) : 'Not yet'}</td>
            <td>{d.lastApplied > 0 ? `change ${d.lastApplied}` : 'None yet'}</td>
            <td className="row-actions">
              {d.state === 'waiting for confirmation' && may('sync.confirmDevice') && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => void act(() => confirmDevice({ deviceId: d.deviceId }), `Confirmed ${deviceWords(d)}: the team's data is on its way to it`)}
                >
                  Confirm {deviceWords(d)}
                </button>
              )}
              {d.state === 'confirmed' && may('sync.revokeDevice') && revoking !== d.deviceId && (
                <button type="button" disabled={busy} onClick={() => setRevoking(d.deviceId)}>
                  Revoke {deviceWords(d)}…
                </button>
              )}
              {revoking === d.deviceId && (
                <span className="confirm-revoke" role="group" aria-label={`Revoke ${deviceWords(d)}?`}>
                  <span>Its changes so far stay; later ones are refused by every device.</span>{' '}
                  <button type="button" className="danger" disabled={busy} onClick={() => void act(() => revokeDevice({ deviceId: d.deviceId }), `Revoked ${deviceWords(d)}`)}>
                    Yes, revoke it
                  </button>
                  <button type="button" onClick={() => setRevoking(null)}>
                    Keep it
                  </button>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
