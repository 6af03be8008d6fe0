import { useState } from 'react';
import { readThemeChoice, setThemeChoice, THEME_CHOICES, type ThemeChoice } from '../../theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light, dark, or whatever the OS uses: kept on this device only, applied at once. */
export function AppearanceSection() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);

  function choose(next: ThemeChoice) {
    setThemeChoice(next);
    setChoice(next);
  }

  return (
    <section className="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset>
        <legend>Theme</legend>
        <div className="radio-options">
          {THEME_CHOICES.map((c) => (
            <label key={c} className={`radio-option${choice === c ? ' selected' : ''}`}>
              <input type="radio" name="theme" value={c} checked={choice === c} onChange={() => choose(c)} />
              {LABELS[c]}
            </label>
          ))}
        </div>
        <p className="field-hint">System follows your computer’s light or dark setting. The choice is kept on this device only.</p>
      </fieldset>
    </section>
  );
}
