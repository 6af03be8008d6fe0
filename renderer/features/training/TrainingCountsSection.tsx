import { useState } from 'react';
import { SettingsUpdateInput, type Settings } from '../../../core/api/contract/settings';
import { TRAINING_COUNT_MAX, TRAINING_SETTING_KEYS, TRAINING_SETTING_LABELS, type TrainingSettings } from '../../../core/rules/training/paths';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';
import { FormError } from '../../components/FormFooter';
import { numberFrom } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import { useApp } from '../../stores/app';

type Form = Record<keyof TrainingSettings, string>;

const formOf = (t: TrainingSettings): Form =>
  Object.fromEntries(TRAINING_SETTING_KEYS.map((k) => [k, String(t[k])])) as Form;

/** Settings → Training: how many real loops each step of the two training paths asks for. */
export function TrainingCountsSection({ settings }: { settings: Settings }) {
  const { may, why } = useAccess();
  const { notify, loadSettings } = useApp();
  const [form, setForm] = useState<Form>(() => formOf(settings.training));
  const [errors, setErrors] = useState<Partial<Record<keyof TrainingSettings, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const readOnly = !may('settings.update');
  const dirty = TRAINING_SETTING_KEYS.some((k) => form[k] !== String(settings.training[k]));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const training = Object.fromEntries(TRAINING_SETTING_KEYS.map((k) => [k, numberFrom(form[k])])) as Record<keyof TrainingSettings, number>;
    const parsed = SettingsUpdateInput.safeParse({ training });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[1]), i.message])));
      return;
    }
    setSaving(true);
    setError(null);
    const r = await api.call('settings.update', { training });
    setSaving(false);
    if (!r.ok) return setError(r.error.message);
    await loadSettings();
    notify('info', 'Saved the training counts');
  }

  return (
    <form className="settings-section" aria-labelledby="training-counts-title" onSubmit={(e) => void save(e)} noValidate>
      <h2 id="training-counts-title">Training</h2>
      <p className="field-hint">
        How many loops each training step asks for, counted from loops that have started. 0 skips a step.
        {readOnly ? ` ${why('settings.update')}` : ''}
      </p>
      <fieldset className="bare" disabled={readOnly || saving}>
        {TRAINING_SETTING_KEYS.map((key) => (
          <Control key={key} label={TRAINING_SETTING_LABELS[key]} error={errors[key]}>
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                max={TRAINING_COUNT_MAX}
                step={1}
                value={form[key]}
                onChange={(e) => {
                  setForm((f) => ({ ...f, [key]: e.target.value }));
                  setErrors((x) => ({ ...x, [key]: undefined }));
                }}
              />
            )}
          </Control>
        ))}
      </fieldset>
      <FormError message={error} />
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="primary" disabled={!dirty || saving}>
            Save training counts
          </button>
        </div>
      )}
    </form>
  );
}
