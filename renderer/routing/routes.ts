/**
 * Where the user is, as a discriminated union: each screen says exactly what it can show, so "a new
 * record" is its own case rather than an id spelled "new", and a loop's kit always has its slot.
 * The URL hash is the only place these are spelled as text, so links, "open in new tab" and the
 * back button all work.
 */
export const SCREENS = ['home', 'principles', 'questions', 'team', 'roles', 'candidates', 'loops', 'training', 'practice', 'science', 'evidence', 'activity', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

/** Screens that list records beside an editor for one of them. */
export const LIST_SCREENS = ['questions', 'team', 'roles', 'candidates'] as const;
export type ListScreen = (typeof LIST_SCREENS)[number];

/** What a list screen has open beside its list. */
export type Opened = { kind: 'new' } | { kind: 'record'; id: string };

/** One loop and which of its pages: the plan, my feedback, the debrief, a hire's check-ins, or one interviewer's kit. */
export type LoopView = { view: 'plan' | 'feedback' | 'debrief' | 'checkins' } | { view: 'kit'; slotId: string };

/** The parts of Settings a link can lead straight to. */
export const SETTINGS_SECTIONS = ['privacy'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type Route =
  | { screen: Exclude<Screen, ListScreen | 'loops' | 'settings'> }
  | { screen: 'settings'; section?: SettingsSection }
  | { screen: ListScreen; open?: Opened }
  | { screen: 'loops'; loop?: { id: string } & LoopView };

const isListScreen = (s: string): s is ListScreen => (LIST_SCREENS as readonly string[]).includes(s);
const isScreen = (s: string): s is Screen => (SCREENS as readonly string[]).includes(s);

// The word a URL uses for "a new one"; ids are UUIDv7, so it can never be an id.
const NEW = 'new';

export function routeFromHash(hash: string): Route {
  const [screen = '', a, b, c] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return '';
      }
    });
  if (!isScreen(screen)) return { screen: 'home' };
  if (isListScreen(screen)) {
    if (!a) return { screen };
    return { screen, open: a === NEW ? { kind: 'new' } : { kind: 'record', id: a } };
  }
  if (screen === 'loops') {
    if (!a) return { screen };
    if (b === 'kit' && c) return { screen, loop: { id: a, view: 'kit', slotId: c } };
    if (b === 'feedback' || b === 'debrief' || b === 'checkins') return { screen, loop: { id: a, view: b } };
    return { screen, loop: { id: a, view: 'plan' } };
  }
  if (screen === 'settings') return (SETTINGS_SECTIONS as readonly string[]).includes(a ?? '') ? { screen, section: a as SettingsSection } : { screen };
  return { screen };
}

function parts(route: Route): string[] {
  if (route.screen === 'loops') {
    const loop = 'loop' in route ? route.loop : undefined;
    if (!loop) return ['loops'];
    if (loop.view === 'kit') return ['loops', loop.id, 'kit', loop.slotId];
    return loop.view === 'plan' ? ['loops', loop.id] : ['loops', loop.id, loop.view];
  }
  if (route.screen === 'settings') return route.section ? ['settings', route.section] : ['settings'];
  if ('open' in route && route.open) return [route.screen, route.open.kind === 'new' ? NEW : route.open.id];
  return [route.screen];
}

export const hashOf = (route: Route): string => `#/${parts(route).map(encodeURIComponent).join('/')}`;

/** The id a list screen has open, if it is a record (not the new-record form). */
export const openedId = (open: Opened | undefined): string | undefined => (open?.kind === 'record' ? open.id : undefined);

/** Shorthands for the routes every screen links to. */
export const to = {
  screen: (screen: Screen): Route => ({ screen }),
  record: (screen: ListScreen, id: string): Route => ({ screen, open: { kind: 'record', id } }),
  creating: (screen: ListScreen): Route => ({ screen, open: { kind: 'new' } }),
  loop: (id: string): Route => ({ screen: 'loops', loop: { id, view: 'plan' } }),
  feedback: (loopId: string): Route => ({ screen: 'loops', loop: { id: loopId, view: 'feedback' } }),
  debrief: (loopId: string): Route => ({ screen: 'loops', loop: { id: loopId, view: 'debrief' } }),
  checkins: (loopId: string): Route => ({ screen: 'loops', loop: { id: loopId, view: 'checkins' } }),
  settings: (section: SettingsSection): Route => ({ screen: 'settings', section }),
  kit: (loopId: string, slotId: string): Route => ({ screen: 'loops', loop: { id: loopId, view: 'kit', slotId } }),
};
