import { useTeam } from '../../stores/team';

/** In a team "me" is who owns this device: shown in place of Settings' "I am" switch, which the API refuses. */
export function DeviceOwner({ me }: { me: string | null }) {
  const name = useTeam((s) => s.members.find((m) => m.id === me)?.name);
  return (
    <section className="settings-section" aria-labelledby="me-title">
      <h2 id="me-title">Who are you?</h2>
      <p>
        You are <strong data-testid="device-owner">{name ?? 'not known yet'}</strong> on this device.
      </p>
      <p className="field-hint">
        In a team, “me” is the owner of this device and cannot be switched: everything written here is signed by this
        device as theirs. Someone else works on their own computer, with their own invitation.
      </p>
    </section>
  );
}
