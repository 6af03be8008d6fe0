import { useState } from 'react';
import type { Settings } from '../../../core/api/contract/settings';
import { CAPABILITY_LABELS } from '../../../core/api/contract/team';
import { EDITABLE_AREAS, type EditableArea, type EditorSettings } from '../../../core/rules/access';
import { CAPABILITIES, type Capability } from '../../../core/rules/planTypes';
import { api } from '../../api/transport';
import { FormError } from '../../components/FormFooter';
import { useAccess } from '../../components/useAccess';
import { useApp } from '../../stores/app';

const AREA_LABELS: Record<EditableArea, string> = { principles: 'Principles', questions: 'Question bank', roles: 'Roles' };

/** Founders and admins always may; these are the capabilities that may besides them. */
const OFFERED = CAPABILITIES.filter((c) => c !== 'founder' && c !== 'admin');

/** "Who may edit": which capabilities, besides founders and admins, may edit principles, questions and roles. */
export function EditorsSection({ settings }: { settings: Settings }) {
  const { may, why } = useAccess();
  const { notify, loadSettings } = useApp();
  const [editors, setEditors] = useState<EditorSettings>(settings.editors);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const readOnly = !may('settings.update');
  const dirty = JSON.stringify(editors) !== JSON.stringify(settings.editors);

  const toggle = (area: EditableArea, capability: Capability, on: boolean) =>
    setEditors((e) => ({ ...e, [area]: OFFERED.filter((c) => (c === capability ? on : e[area].includes(c))) }));

  async function save() {
    setSaving(true);
    setError(null);
    const r = await api.call('settings.update', {
      editors: { principles: [...editors.principles], questions: [...editors.questions], roles: [...editors.roles] },
    });
    setSaving(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    await loadSettings();
    notify('info', 'Saved who may edit');
  }

  return (
    <section className="settings-section" aria-labelledby="editors-title">
      <h2 id="editors-title">Who may edit</h2>
      <p className="field-hint">
        Founders and admins may always edit principles, questions and roles. Tick who else may.
        {readOnly ? ` ${why('settings.update')}` : ''}
      </p>
      <fieldset className="bare" disabled={readOnly || saving}>
        {EDITABLE_AREAS.map((area) => (
          <fieldset key={area} className="editor-area" aria-label={`Who may edit ${AREA_LABELS[area].toLowerCase()}`}>
            <legend>{AREA_LABELS[area]}</legend>
            {OFFERED.map((c) => (
              <label key={c} className="check">
                <input type="checkbox" checked={editors[area].includes(c)} onChange={(e) => toggle(area, c, e.target.checked)} />{' '}
                {CAPABILITY_LABELS[c]}
              </label>
            ))}
          </fieldset>
        ))}
      </fieldset>
      <FormError message={error} />
      {!readOnly && (
        <div className="actions">
          <button type="button" className="primary" disabled={!dirty || saving} onClick={() => void save()}>
            Save who may edit
          </button>
          {dirty && (
            <button type="button" onClick={() => setEditors(settings.editors)}>
              Discard changes
            </button>
          )}
        </div>
      )}
    </section>
  );
}
