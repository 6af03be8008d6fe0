import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../electron/menu';

function submenuOf(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  const submenu = item?.submenu;
  if (!Array.isArray(submenu)) throw new Error('expected an array submenu');
  return submenu as MenuItemConstructorOptions[];
}

function rolesIn(item: MenuItemConstructorOptions | undefined): string[] {
  return submenuOf(item).flatMap((entry) => (entry.role ? [entry.role] : []));
}

function allItems(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}

const byLabel = (template: MenuItemConstructorOptions[], label: string) =>
  template.find((item) => item.label?.replace('&', '') === label);

describe('buildMenuTemplate', () => {
  it('has an Edit menu with the standard editing roles', () => {
    const edit = byLabel(buildMenuTemplate('linux'), 'Edit');
    expect(rolesIn(edit)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('puts Quit in File on Windows and Linux, with no app menu', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const template = buildMenuTemplate(platform);
      expect(template[0]?.role).not.toBe('appMenu');
      expect(rolesIn(byLabel(template, 'File'))).toEqual(['quit']);
    }
  });

  it('leads with the app menu on macOS', () => {
    const template = buildMenuTemplate('darwin');
    expect(template[0]?.role).toBe('appMenu');
    expect(rolesIn(template[0])).toContain('quit');
    expect(rolesIn(byLabel(template, 'File'))).toEqual(['close']);
  });

  it('offers reload and devtools only in development', () => {
    const roles = (isDev: boolean) => rolesIn(byLabel(buildMenuTemplate('linux', { isDev }), 'View'));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(false)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
  });

  it('has Window and Help menus', () => {
    const template = buildMenuTemplate('linux');
    expect(template.map((item) => item.role ?? item.label?.replace('&', ''))).toEqual([
      'File',
      'Edit',
      'View',
      'windowMenu',
      'help',
    ]);
  });

  it('relies on roles only: no click handlers, no custom accelerators', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      for (const item of allItems(buildMenuTemplate(platform, { isDev: true }))) {
        expect(item.click).toBeUndefined();
        expect(item.accelerator).toBeUndefined();
      }
    }
  });
});
