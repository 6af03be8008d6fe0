import { useMemo, useState } from 'react';
import { Combobox } from '../../components/Combobox';
import { Control } from '../../components/Control';
import { FormError } from '../../components/FormFooter';
import { useEditorForm } from '../../components/useEditorForm';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { InviteInput } from '../../../core/api/contract/sync';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { activeMembers, useTeam } from '../../stores/team';
import { useMemoryDraft } from './memoryDraft';

/** An invitation for one member: text to send by a channel they trust, used once by their device to join. */
export function InviteForm() {
  const me = useApp((s) => s.settings?.me ?? null);
  const members = useTeam((s) => s.members);
  const invite = useApiMutation('sync.invite');
  const [made, setMade] = useState<{ name: string; text: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const options = useMemo(
    () => activeMembers(members).filter((m) => m.id !== me).map((m) => ({ value: m.id, label: m.name, ...(m.title ? { hint: `— ${m.title}` } : {}) })),
    [members, me],
  );
  const draft = useMemoryDraft(() => ({ memberId: '' }));
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => (f.memberId ? fieldErrorsFromSchema(InviteInput, f) : { memberId: 'Choose whom to invite' }),
    submit: (f) => invite(f),
    onSaved: ({ invitation }) => {
      setCopied(false);
      setMade({ name: members.find((m) => m.id === draft.value.memberId)?.name ?? 'them', text: invitation });
    },
    cancelOnEscape: false,
    shortcutScope: 'form',
  });

  async function copy(text: string) {
    await navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  return (
    <form ref={formRef} className="editor sync-form" aria-labelledby="invite-title" onSubmit={(e) => void save(e)} noValidate>
      <h3 id="invite-title">Invite a member</h3>
      <Control label="Member to invite" error={errors.memberId} hint="They join from their own computer; add them on the Team screen first.">
        {(p) => (
          <Combobox
            {...p}
            options={options}
            value={draft.value.memberId}
            onChange={(memberId) => {
              setMade(null);
              change(() => ({ memberId }), 'memberId');
            }}
            emptyLabel="Nobody chosen"
          />
        )}
      </Control>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Make an invitation
        </button>
      </div>
      {made && (
        <div className="invitation" data-testid="invitation">
          <Control
            label={`Invitation for ${made.name}`}
            hint={`Send it to ${made.name} by a channel you trust (it lets one device join as ${made.name}, once). When their device asks to join, confirm it in the list above.`}
          >
            {(p) => <textarea {...p} readOnly rows={4} value={made.text} onFocus={(e) => e.currentTarget.select()} />}
          </Control>
          <div className="actions">
            <button type="button" onClick={() => void copy(made.text)}>
              Copy the invitation
            </button>
            <span role="status">{copied ? 'Copied' : ''}</span>
          </div>
        </div>
      )}
    </form>
  );
}
