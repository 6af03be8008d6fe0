import { describe, expect, it } from 'vitest';
import { commandScore, rankCommands, screenHint, stepKeys, takesText, themeCommands, type Command, type KeyPress } from '../../renderer/components/palette/paletteModel';

const COMMANDS: Command[] = [
  { id: 'go.home', label: 'Home', keywords: ['go', 'dashboard'] },
  { id: 'go.loops', label: 'Loops', keywords: ['go', 'interviews'] },
  { id: 'go.candidates', label: 'Candidates', keywords: ['go'] },
  { id: 'go.questions', label: 'Question bank', keywords: ['go'] },
  { id: 'new.candidate', label: 'New candidate', keywords: ['add', 'create'] },
  { id: 'new.loop', label: 'Plan a new loop', keywords: ['create', 'interview'] },
  { id: 'help', label: 'Keyboard shortcuts', keywords: ['help', 'keys'] },
];

describe('rankCommands', () => {
  const cases: { query: string; expected: string[] }[] = [
    { query: '', expected: COMMANDS.map((c) => c.id) },
    { query: '   ', expected: COMMANDS.map((c) => c.id) },
    { query: 'loops', expected: ['go.loops'] },
    { query: 'LOO', expected: ['go.loops', 'new.loop'] },
    { query: 'loop', expected: ['go.loops', 'new.loop'] },
    { query: 'new cand', expected: ['new.candidate'] },
    { query: 'cand', expected: ['go.candidates', 'new.candidate'] },
    { query: 'add', expected: ['new.candidate'] },
    { query: 'help', expected: ['help'] },
    { query: 'question', expected: ['go.questions'] },
    { query: 'bank', expected: ['go.questions'] },
    { query: 'interview', expected: ['new.loop', 'go.loops'] },
    // A person's name matches no command: loose letters in order are not a match.
    { query: 'Ada Lovelace', expected: [] },
    { query: 'hm', expected: [] },
    { query: 'oops', expected: [] },
  ];
  it.each(cases)('"$query" ranks $expected', ({ query, expected }) => {
    expect(rankCommands(query, COMMANDS).map((c) => c.id)).toEqual(expected);
  });

  it('scores a label that starts with the query above a later word that does', () => {
    const plan = { id: 'a', label: 'Plan a new loop' };
    const loops = { id: 'b', label: 'Loops' };
    expect(commandScore('loop', loops)).toBeGreaterThan(commandScore('loop', plan));
    expect(commandScore('plan', plan)).toBeGreaterThan(commandScore('loop', plan));
  });
});

describe('stepKeys', () => {
  type Row = { name: string; pending: boolean; press: KeyPress; expected: ReturnType<typeof stepKeys> };
  const none = { pending: false, action: null, handled: false };
  const rows: Row[] = [
    { name: 'Ctrl+K opens the palette', pending: false, press: { key: 'k', ctrl: true }, expected: { pending: false, action: { kind: 'palette' }, handled: true } },
    { name: 'Cmd+K opens the palette', pending: false, press: { key: 'k', meta: true }, expected: { pending: false, action: { kind: 'palette' }, handled: true } },
    { name: 'Ctrl+K works while typing in a field', pending: false, press: { key: 'k', ctrl: true, inField: true }, expected: { pending: false, action: { kind: 'palette' }, handled: true } },
    { name: 'Ctrl+K after g cancels the g', pending: true, press: { key: 'K', ctrl: true }, expected: { pending: false, action: { kind: 'palette' }, handled: true } },
    { name: 'k alone does nothing', pending: false, press: { key: 'k' }, expected: none },
    { name: 'Ctrl+Alt+K is not the palette', pending: false, press: { key: 'k', ctrl: true, alt: true }, expected: none },
    { name: '? opens the shortcuts', pending: false, press: { key: '?' }, expected: { pending: false, action: { kind: 'help' }, handled: true } },
    { name: '? in a field is a question mark', pending: false, press: { key: '?', inField: true }, expected: none },
    { name: 'g waits for a letter', pending: false, press: { key: 'g' }, expected: { pending: true, action: null, handled: true } },
    { name: 'g in a field is a g', pending: false, press: { key: 'g', inField: true }, expected: none },
    { name: 'g then l goes to Loops', pending: true, press: { key: 'l' }, expected: { pending: false, action: { kind: 'go', screen: 'loops' }, handled: true } },
    { name: 'g then h goes Home', pending: true, press: { key: 'h' }, expected: { pending: false, action: { kind: 'go', screen: 'home' }, handled: true } },
    { name: 'g then q goes to the question bank', pending: true, press: { key: 'q' }, expected: { pending: false, action: { kind: 'go', screen: 'questions' }, handled: true } },
    { name: 'g then s goes to Settings', pending: true, press: { key: 'S' }, expected: { pending: false, action: { kind: 'go', screen: 'settings' }, handled: true } },
    { name: 'g then x drops the g', pending: true, press: { key: 'x' }, expected: none },
    { name: 'g then ? drops the g and opens the shortcuts', pending: true, press: { key: '?' }, expected: { pending: false, action: { kind: 'help' }, handled: true } },
    { name: 'g then g waits again', pending: true, press: { key: 'g' }, expected: { pending: true, action: null, handled: true } },
    { name: 'g then a click into a field: the letter is typed', pending: true, press: { key: 'l', inField: true }, expected: none },
    { name: 'l without g does nothing', pending: false, press: { key: 'l' }, expected: none },
    { name: 'Ctrl+L is the browser’s', pending: true, press: { key: 'l', ctrl: true }, expected: none },
  ];
  it.each(rows)('$name', ({ pending, press, expected }) => {
    expect(stepKeys(pending, press)).toEqual(expected);
  });
});

describe('screenHint', () => {
  it.each([
    { screen: 'home', desktop: true, hint: 'Ctrl+1' },
    { screen: 'home', desktop: false, hint: 'G H' },
    { screen: 'loops', desktop: false, hint: 'G L' },
    { screen: 'settings', desktop: true, hint: 'Ctrl+9' },
    { screen: 'questions', desktop: false, hint: 'G Q' },
  ] as const)('$screen on desktop=$desktop is $hint', ({ screen, desktop, hint }) => {
    expect(screenHint(screen, desktop)).toBe(hint);
  });
});

describe('takesText', () => {
  it.each([
    { tag: 'INPUT', type: 'text', editable: false, text: true },
    { tag: 'INPUT', type: 'search', editable: false, text: true },
    { tag: 'INPUT', type: 'email', editable: false, text: true },
    { tag: 'INPUT', type: 'date', editable: false, text: true },
    { tag: 'INPUT', type: 'checkbox', editable: false, text: false },
    { tag: 'INPUT', type: 'radio', editable: false, text: false },
    { tag: 'INPUT', type: 'button', editable: false, text: false },
    { tag: 'TEXTAREA', type: '', editable: false, text: true },
    { tag: 'SELECT', type: '', editable: false, text: true },
    { tag: 'DIV', type: '', editable: true, text: true },
    { tag: 'BUTTON', type: '', editable: false, text: false },
    { tag: 'A', type: '', editable: false, text: false },
    { tag: 'BODY', type: '', editable: false, text: false },
  ])('$tag $type (editable: $editable) takes text: $text', ({ tag, type, editable, text }) => {
    expect(takesText(tag, type, editable)).toBe(text);
  });
});

describe('switch theme', () => {
  // As the palette lists them: among the other actions, ranked by the same rules.
  const OTHERS: Command[] = COMMANDS.filter((c) => !c.id.startsWith('go.'));
  const find = (query: string, current: 'system' | 'light' | 'dark' = 'system') =>
    rankCommands(query, [...OTHERS, ...themeCommands(current)]).map((c) => c.id);

  it('offers system, light and dark, marking the one in use', () => {
    expect(themeCommands('dark').map((c) => [c.label, c.theme, c.detail === 'In use'])).toEqual([
      ['Switch theme: System', 'system', false],
      ['Switch theme: Light', 'light', false],
      ['Switch theme: Dark', 'dark', true],
    ]);
    expect(themeCommands('system').find((c) => c.theme === 'system')?.detail).toBe('In use');
  });

  it.each([
    { query: 'theme', expected: ['theme-system', 'theme-light', 'theme-dark'] },
    { query: 'switch theme', expected: ['theme-system', 'theme-light', 'theme-dark'] },
    { query: 'dark', expected: ['theme-dark'] },
    { query: 'light', expected: ['theme-light'] },
    { query: 'dark mode', expected: ['theme-dark'] },
    { query: 'appearance', expected: ['theme-system', 'theme-light', 'theme-dark'] },
    { query: 'theme sys', expected: ['theme-system'] },
    // Theme words stay out of the other actions' way.
    { query: 'new', expected: ['new.candidate', 'new.loop'] },
  ])('"$query" finds $expected', ({ query, expected }) => {
    expect(find(query)).toEqual(expected);
  });
});
