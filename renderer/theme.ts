/**
 * The colour theme: the OS preference unless pinned in Settings → Appearance. A per-device UI choice, so it lives in
 * localStorage, not the workspace. public/theme-boot.js reads the same key before first paint; keep them in step.
 */
export const THEME_KEY = 'principled.theme';
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Pins the theme on <html> (styles.css keys color-scheme on data-theme) and remembers the choice. */
export function setThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Without storage the choice lasts until the page reloads.
  }
}
