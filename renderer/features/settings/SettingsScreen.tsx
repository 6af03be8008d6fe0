import { Link } from '../../routing/Link';
import { to, type SettingsSection } from '../../routing/routes';
import { useEffect, useMemo, useState } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import type { ApiResult } from '../../../core/api/contract/result';
import { SettingsUpdateInput, type Settings } from '../../../core/api/contract/settings';
import { fieldErrorsFromApi, fieldErrorsFromSchema } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApp } from '../../stores/app';
import { BackupsSection } from './BackupsSection';
import { TransferSection } from '../transfer/TransferSection';
import { RetentionSection } from './RetentionSection';
import { PrivacySection } from './PrivacySection';
import { activeMembers, useTeam } from '../../stores/team';
import { Combobox } from '../../components/Combobox';
import { Control } from '../../components/Control';
import { numberFrom } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import { EditorsSection } from './EditorsSection';
import { TrainingCountsSection } from '../training/TrainingCountsSection';
import { AppearanceSection } from './AppearanceSection';
import { DeviceOwner } from '../sync/DeviceOwner';
import { TeamSyncSection } from '../sync/TeamSyncSection';
import { useSyncStatus } from '../sync/useSyncStatus';

/** `section`: the part a link led to (the plaintext notice's link leads to the encrypt form). */
export function SettingsScreen({ section }: { section?: SettingsSection | undefined }) {
  const { settings, workspace, loadSettings } = useApp();
  const loadTeam = useTeam((s) => s.load);
  // A new key starts the form afresh from the saved settings (after a save or a discard).
  const [formKey, setFormKey] = useState(0);
  // In a team "me" is this device's owner: no switch.
  const inTeam = useSyncStatus().data?.mode === 'team';

  useEffect(() => {
    void loadSettings();
    void loadTeam();
  }, [loadSettings, loadTeam]);

  return (
    <section className="single settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {settings ? (
        <>
          {inTeam ? <DeviceOwner me={settings.me} /> : <WhoAmI settings={settings} />}
          <SettingsForm key={formKey} settings={settings} onReset={() => setFormKey((k) => k + 1)} />
          <EditorsSection settings={settings} />
          <TrainingCountsSection settings={settings} />
        </>
      ) : (
        <p className="placeholder" aria-busy="true">
          Loading…
        </p>
      )}
      {workspace && (
        <section className="settings-section" aria-labelledby="data-title">
          <h2 id="data-title">Your data</h2>
          <p>
            Your data lives in <code className="path">{workspace.dataFile}</code>
          </p>
          <p className="field-hint">
            One file on this computer holds everything: principles, questions, people, loops and feedback. Back it up like any
            other important file. Principled {workspace.appVersion}.
          </p>
        </section>
      )}
      <TeamSyncSection />
      <AppearanceSection />
      <BackupsSection />
      <TransferSection />
      <PrivacySection focusEncrypt={section === 'privacy'} />
      <RetentionSection />
    </section>
  );
}

/** Choosing "me" takes effect at once: it decides authorship and what feedback is visible. */
function WhoAmI({ settings }: { settings: Settings }) {
  const members = useTeam((s) => s.members);
  const { notify, setMe } = useApp();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const choices = useMemo(() => activeMembers(members), [members]);
  const current = members.find((m) => m.id === settings.me);
  const options = useMemo(
    () => [
      ...(current && current.status === 'left' ? [{ value: current.id, label: current.name, hint: '(left)' }] : []),
      ...choices.map((m) => ({ value: m.id, label: m.name, ...(m.title ? { hint: `— ${m.title}` } : {}) })),
    ],
    [choices, current],
  );

  async function choose(memberId: string) {
    setBusy(true);
    setError(undefined);
    const result = await setMe(memberId || null);
    setBusy(false);
    if (!result.ok) {
      setError(fieldErrorsFromApi(result.error).memberId ?? result.error.message);
      return;
    }
    const name = members.find((m) => m.id === memberId)?.name;
    notify('info', name ? `You are now ${name}` : 'Nobody is chosen as you on this machine');
  }

  return (
    <section className="settings-section" aria-labelledby="me-title">
      <h2 id="me-title">Who are you?</h2>
      <p className="field-hint">
        This decides who is recorded as the author of what you write on this computer, what you may change, and which feedback
        you can see: feedback stays hidden from you until you have submitted your own.
      </p>
      <p className="field-hint" data-testid="me-is-a-choice">
        <strong>“Me” is a choice, not a password.</strong> On a shared computer anyone at it can switch here and then read what
        that person may read; every switch is recorded in the activity log, which is all that stops it. Each person proving who
        they are comes with team sync.
      </p>
      <Control
        label="I am"
        error={error}
        hint={
          choices.length === 0 ? (
            <>
              Nobody is on the team yet.{' '}
              <Link to={to.creating('team')} className="link">
                Add yourself on the Team screen
              </Link>
            </>
          ) : undefined
        }
      >
        {(p) => (
          <Combobox
            {...p}
            options={options}
            value={settings.me ?? ''}
            disabled={busy}
            onChange={(id) => void choose(id)}
            emptyLabel="Nobody chosen yet"
          />
        )}
      </Control>
    </section>
  );
}

interface Form {
  companyName: string;
  founderRuleThreshold: string;
  priorHires: string;
  feedbackDueHours: string;
}

const toInput = (f: Form) => ({
  companyName: f.companyName,
  founderRuleThreshold: numberFrom(f.founderRuleThreshold),
  priorHires: numberFrom(f.priorHires),
  feedbackDueHours: numberFrom(f.feedbackDueHours),
});

const fromSettings = (s: Settings): Form => ({
  companyName: s.companyName,
  founderRuleThreshold: String(s.founderRuleThreshold),
  priorHires: String(s.priorHires),
  feedbackDueHours: String(s.feedbackDueHours),
});

function SettingsForm({ settings, onReset }: { settings: Settings; onReset(): void }) {
  // Settings have no revision; the draft lives until it is saved or discarded.
  const draft = useDraft<Form>('settings', () => fromSettings(settings));
  const form = draft.value;
  const { notify, loadSettings } = useApp();
  const saved = fromSettings(settings);
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const { may, why } = useAccess();
  const readOnly = !may('settings.update');
  const { errors, clearError, formError, saving, save, cancel: discard } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(SettingsUpdateInput, toInput(f)),
    submit: async (f): Promise<ApiResult<Settings | null>> => {
      const input = toInput(f);
      // Send only what changed, so the activity log says what really changed.
      const changed = Object.fromEntries(
        Object.entries(input).filter(([key]) => f[key as keyof Form] !== saved[key as keyof Form]),
      ) as Partial<typeof input>;
      // Nothing changed is a save that needs no round trip: the form still starts afresh.
      if (Object.keys(changed).length === 0) return { ok: true, value: null };
      return api.call('settings.update', changed);
    },
    onSaved: async (value) => {
      if (value) {
        await loadSettings();
        notify('info', 'Settings saved');
      } else notify('info', 'Nothing to save');
      onReset();
    },
    onCancel: onReset,
    // The settings are a page, not a panel: there is nothing for Escape to close.
    cancelOnEscape: false,
    readOnly,
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    clearError(key);
  };

  const number = (key: Exclude<keyof Form, 'companyName'>, label: string, hint: string, min: number) => (
    <Control label={label} error={errors[key]} hint={hint}>
      {(p) => (
        <input {...p} type="number" inputMode="numeric" min={min} step={1} value={form[key]} onChange={(e) => set(key, e.target.value)} />
      )}
    </Control>
  );

  return (
    <form className="editor settings-form" onSubmit={save} aria-label="Workspace settings" noValidate>
      {draft.restored && dirty && <p className="notice-inline">Restored your unsaved changes.</p>}
      {readOnly && <p className="field-hint access-hint">Changing workspace settings: {why('settings.update')}</p>}
      <fieldset className="bare" disabled={readOnly}>
        <section className="settings-section" aria-labelledby="company-title">
          <h2 id="company-title">Company</h2>
          <Field
            label="Company name"
            value={form.companyName}
            onChange={(v) => set('companyName', v)}
            error={errors.companyName}
            max={LIMITS.companyName}
          />
        </section>
        <section className="settings-section" aria-labelledby="rules-title">
          <h2 id="rules-title">Hiring rules</h2>
          {number(
            'founderRuleThreshold',
            'Founders interview every candidate until this many hires',
            'While the company has made fewer hires, every loop without a founder is warned. The usual choice is 50.',
            0,
          )}
          {number(
            'priorHires',
            'Hires made before Principled',
            'People you hired before using Principled; they count towards the founder rule.',
            0,
          )}
          <p className="hires-made" role="status">
            Hires so far: <strong>{settings.hiresMade}</strong>
            <span className="field-hint">
              {' '}
              ({settings.priorHires} before Principled, {settings.hiresMade - settings.priorHires} in Principled)
            </span>
          </p>
          {number(
            'feedbackDueHours',
            'Feedback due time (hours)',
            'How long after an interview ends its feedback is due; later feedback is flagged as overdue. The usual choice is 24.',
            1,
          )}
        </section>
      </fieldset>
      <FormError message={formError} />
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            Save settings
          </button>
          {dirty && (
            <button type="button" onClick={discard}>
              Discard changes
            </button>
          )}
          <span className="shortcut-hint">Ctrl+S to save</span>
        </div>
      )}
    </form>
  );
}
