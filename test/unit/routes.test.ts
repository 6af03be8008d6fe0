import { describe, expect, it } from 'vitest';
import { hashOf, routeFromHash, to, type Route } from '../../renderer/routing/routes';

const ID = '0193a5b0-7c1e-7000-8000-000000000001';
const SLOT = '0193a5b0-7c1e-7000-8000-000000000002';

describe('routes', () => {
  const table: [string, Route, string][] = [
    ['home', { screen: 'home' }, '#/home'],
    ['settings', to.screen('settings'), '#/settings'],
    ["settings' privacy section (the plaintext notice's link)", to.settings('privacy'), '#/settings/privacy'],
    ['a list with nothing open', { screen: 'team' }, '#/team'],
    ['a new record (no "new" id)', to.creating('candidates'), '#/candidates/new'],
    ['one record', to.record('roles', ID), `#/roles/${ID}`],
    ['the loop list', { screen: 'loops' }, '#/loops'],
    ['a loop plan', to.loop(ID), `#/loops/${ID}`],
    ['my feedback', to.feedback(ID), `#/loops/${ID}/feedback`],
    ['the debrief', to.debrief(ID), `#/loops/${ID}/debrief`],
    ['a hire\'s check-ins', to.checkins(ID), `#/loops/${ID}/checkins`],
    ['the calibration', to.screen('science'), '#/science'],
    ['a kit names its slot', to.kit(ID, SLOT), `#/loops/${ID}/kit/${SLOT}`],
  ];
  it.each(table)('%s: route ↔ hash', (_name, route, hash) => {
    expect(hashOf(route)).toBe(hash);
    expect(routeFromHash(hash)).toEqual(route);
  });

  it('"new" is a kind of opening, never an id', () => {
    expect(routeFromHash('#/team/new')).toEqual({ screen: 'team', open: { kind: 'new' } });
  });

  it.each([
    ['an unknown screen', '#/nowhere/1', { screen: 'home' }],
    ['an empty hash', '', { screen: 'home' }],
    ['a kit without its slot is the plan', `#/loops/${ID}/kit`, to.loop(ID)],
    ['an unknown loop view is the plan', `#/loops/${ID}/elsewhere`, to.loop(ID)],
    ['a screen without records ignores the rest', '#/settings/x/y', { screen: 'settings' }],
    ['bad escapes do not throw', '#/roles/%E0%A4%A', { screen: 'roles' }],
  ] as [string, string, Route][])('%s', (_name, hash, route) => {
    expect(routeFromHash(hash)).toEqual(route);
  });

  it('ids with reserved characters survive the round trip', () => {
    const odd = to.record('questions', 'a/b c');
    expect(routeFromHash(hashOf(odd))).toEqual(odd);
  });
});
