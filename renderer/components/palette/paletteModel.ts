/**
 * The command palette's pure parts: how commands rank against what was typed, and the
 * "g then a letter" key sequence that stands in for Ctrl+1–9 where the browser owns those.
 * No React and no DOM here, so the rules are tested as tables.
 */

export type ScreenName = 'home' | 'loops' | 'candidates' | 'roles' | 'team' | 'principles' | 'questions' | 'practice' | 'activity' | 'settings';

/** Screens in sidebar order, each with its Ctrl+digit (Electron) and its "g" letter (anywhere). */
export const SCREEN_KEYS: readonly { screen: ScreenName; label: string; digit: string; letter: string }[] = [
  { screen: 'home', label: 'Home', digit: '1', letter: 'h' },
  { screen: 'loops', label: 'Loops', digit: '2', letter: 'l' },
  { screen: 'candidates', label: 'Candidates', digit: '3', letter: 'c' },
  { screen: 'roles', label: 'Roles', digit: '4', letter: 'r' },
  { screen: 'team', label: 'Team', digit: '5', letter: 't' },
  { screen: 'principles', label: 'Principles', digit: '6', letter: 'p' },
  { screen: 'questions', label: 'Question bank', digit: '7', letter: 'q' },
  { screen: 'activity', label: 'Activity', digit: '8', letter: 'a' },
  { screen: 'settings', label: 'Settings', digit: '9', letter: 's' },
];

/** The hint shown beside a screen's link: Ctrl+digit in the desktop app, "G then letter" in a browser, which owns Ctrl+1–9. */
export function screenHint(screen: ScreenName, desktop: boolean): string {
  const keys = SCREEN_KEYS.find((k) => k.screen === screen);
  if (!keys) return '';
  return desktop ? `Ctrl+${keys.digit}` : `G ${keys.letter.toUpperCase()}`;
}

export interface Command {
  id: string;
  label: string;
  /** Other words the command answers to ("go", "new", "add"…). */
  keywords?: readonly string[];
}

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * How well `query` names a command: 0 for no match, higher is better. Every word typed must
 * match, as the start of a word of the label or keywords (so "new cand" finds "New candidate");
 * a whole label that starts with the query beats a word inside it. No loose subsequence
 * matching: a person's name typed into the palette must not light up half the commands.
 */
export function commandScore(query: string, command: Command): number {
  const typed = words(query);
  if (typed.length === 0) return 1;
  const label = command.label.toLowerCase();
  const labelWords = words(command.label);
  const keywordWords = (command.keywords ?? []).flatMap(words);
  let score = 0;
  for (const t of typed) {
    if (labelWords.some((w) => w.startsWith(t))) score += labelWords.includes(t) ? 4 : 3;
    else if (keywordWords.some((w) => w.startsWith(t))) score += keywordWords.includes(t) ? 2 : 1;
    else return 0;
  }
  if (label.startsWith(query.trim().toLowerCase())) score += 5;
  return score;
}

/** The commands that match, best first; equal scores keep the given order. */
export function rankCommands<C extends Command>(query: string, commands: readonly C[]): C[] {
  return commands
    .map((command, index) => ({ command, index, score: commandScore(query, command) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((r) => r.command);
}

/** The theme choices as renderer/theme.ts names them (it touches the DOM, so it is not imported here; tsc checks they agree where both meet). */
export type ThemeName = 'system' | 'light' | 'dark';
const THEME_LABELS: Record<ThemeName, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export interface ThemeCommand extends Command {
  theme: ThemeName;
  detail?: string | undefined;
}

/**
 * "Switch theme" as one command per choice (light, dark, system), so typing "dark" goes straight
 * to it. The choice in use stays listed, marked, so the palette also answers "which theme is this?".
 */
export function themeCommands(current: ThemeName): ThemeCommand[] {
  return (Object.keys(THEME_LABELS) as ThemeName[]).map((theme) => ({
    id: `theme-${theme}`,
    label: `Switch theme: ${THEME_LABELS[theme]}`,
    detail: theme === current ? 'In use' : theme === 'system' ? 'Follow the computer’s setting' : undefined,
    keywords: ['theme', 'appearance', 'colour', 'color', 'mode', ...(theme === 'system' ? ['os', 'auto'] : [])],
    theme,
  }));
}

/** Inputs that take no typed letters: on these, "?" and "g" are shortcuts, not text. */
const KEYLESS_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether a focused element takes typed text (then "?" and "g" are left to it). `tagName` as the DOM gives it. */
export function takesText(tagName: string, inputType: string, contentEditable: boolean): boolean {
  const tag = tagName.toUpperCase();
  if (tag === 'INPUT') return !KEYLESS_INPUTS.has(inputType.toLowerCase());
  return contentEditable || tag === 'TEXTAREA' || tag === 'SELECT';
}

/** A key as the sequence sees it: what was pressed, and whether the user was typing in a field. */
export interface KeyPress {
  key: string;
  ctrl?: boolean;
  meta?: boolean;
  alt?: boolean;
  inField?: boolean;
}

export type KeyAction = { kind: 'palette' } | { kind: 'help' } | { kind: 'go'; screen: ScreenName } | null;

export interface KeyStep {
  /** True while a "g" waits for its letter. */
  pending: boolean;
  action: KeyAction;
  /** Whether the page should swallow the key (preventDefault). */
  handled: boolean;
}

/**
 * One step of the global key handling. Ctrl/Cmd+K opens the palette from anywhere, even a
 * field; "?" and the "g" sequence only outside fields, so typing a "g" in a name stays a "g".
 * A "g" followed by anything that is not a screen letter is dropped, and that key acts alone.
 */
export function stepKeys(pending: boolean, press: KeyPress): KeyStep {
  const mod = Boolean(press.ctrl || press.meta);
  const key = press.key.toLowerCase();
  if (mod && !press.alt && key === 'k') return { pending: false, action: { kind: 'palette' }, handled: true };
  if (mod || press.alt || press.inField) return { pending: false, action: null, handled: false };
  if (pending) {
    const target = SCREEN_KEYS.find((k) => k.letter === key);
    if (target) return { pending: false, action: { kind: 'go', screen: target.screen }, handled: true };
    return stepKeys(false, press);
  }
  if (press.key === '?') return { pending: false, action: { kind: 'help' }, handled: true };
  if (key === 'g') return { pending: true, action: null, handled: true };
  return { pending: false, action: null, handled: false };
}
