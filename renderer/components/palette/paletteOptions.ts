import { to } from '../../routing/routes';
import type { Route } from '../../routing/routes';
import type { ThemeChoice } from '../../theme';
import { rankCommands, SCREEN_KEYS, themeCommands, type Command } from './paletteModel';
import type { PaletteFinds } from './usePaletteSearch';
import { candidateNameText } from '../candidateName';

export interface PaletteOption extends Command {
  /** A second, quieter line: a role, a status, an email. */
  detail?: string | undefined;
  /** Where choosing it goes, or what it does. */
  target: Route | 'help' | { theme: ThemeChoice };
}

export interface PaletteGroup {
  id: string;
  heading: string;
  options: PaletteOption[];
}

export interface PaletteAbilities {
  newCandidate: boolean;
  newLoop: boolean;
  /** The theme choice in use, marked among the "Switch theme" actions. */
  theme: ThemeChoice;
}

const statusWord = (s: string) => s.replace(/_/g, ' ');

/** The fixed commands: every screen, then the common actions the user may take. */
function commands(finds: PaletteFinds, can: PaletteAbilities): { go: PaletteOption[]; actions: PaletteOption[] } {
  const go = SCREEN_KEYS.map((k) => ({ id: `go-${k.screen}`, label: k.label, keywords: ['go', 'open', 'screen'], target: { screen: k.screen } }));
  const actions: PaletteOption[] = [];
  if (can.newCandidate) actions.push({ id: 'new-candidate', label: 'New candidate', keywords: ['add', 'create'], target: to.creating('candidates') });
  // A loop starts from its candidate, so "new loop" opens the candidates to pick one.
  if (can.newLoop) actions.push({ id: 'new-loop', label: 'Plan a new loop', detail: 'Pick the candidate first', keywords: ['create', 'add', 'interview'], target: { screen: 'candidates' } });
  for (const o of finds.owed) {
    actions.push({
      id: `owed-${o.loopId}-${o.slotId ?? 'none'}`,
      label: `Write my feedback: ${candidateNameText(o.candidateName)}`,
      detail: `${o.slotTitle}, ${o.roleTitle}${o.state === 'overdue' ? ' (overdue)' : ''}`,
      keywords: ['feedback', 'owed', 'write', 'scorecard', o.roleTitle],
      target: to.feedback(o.loopId),
    });
  }
  for (const t of themeCommands(can.theme)) actions.push({ id: t.id, label: t.label, detail: t.detail, keywords: t.keywords, target: { theme: t.theme } });
  actions.push({ id: 'help', label: 'Keyboard shortcuts', keywords: ['help', 'keys', 'shortcuts'], target: 'help' });
  return { go, actions };
}

/** The palette's groups for what was typed, empty groups left out. */
export function paletteGroups(query: string, finds: PaletteFinds, can: PaletteAbilities): PaletteGroup[] {
  const { go, actions } = commands(finds, can);
  const groups: PaletteGroup[] = [
    { id: 'go', heading: 'Go to', options: rankCommands(query, go) },
    { id: 'actions', heading: 'Actions', options: rankCommands(query, actions) },
    {
      id: 'candidates',
      heading: 'Candidates',
      options: finds.candidates.map((c) => ({ id: `candidate-${c.id}`, label: candidateNameText(c.name), detail: c.email || statusWord(c.status), target: to.record('candidates', c.id) })),
    },
    {
      id: 'loops',
      heading: 'Open loops',
      options: finds.loops.map((l) => ({ id: `loop-${l.id}`, label: candidateNameText(l.candidateName), detail: `${l.roleTitle}, ${statusWord(l.status)}`, target: to.loop(l.id) })),
    },
    {
      id: 'questions',
      heading: 'Questions',
      options: finds.questions.map((q) => ({ id: `question-${q.id}`, label: q.text, target: to.record('questions', q.id) })),
    },
    {
      id: 'people',
      heading: 'People',
      options: finds.people.map((m) => ({
        id: `person-${m.id}`,
        label: m.name,
        detail: [m.title, m.status === 'left' ? 'left' : ''].filter(Boolean).join(', ') || undefined,
        target: to.record('team', m.id),
      })),
    },
  ];
  return groups.filter((g) => g.options.length > 0);
}
