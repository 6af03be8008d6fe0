import { createElement, lazy, Suspense, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyScreen } from '../../renderer/routing/lazyScreen';

function Greeting({ name }: { name: string }) {
  return createElement('p', null, `Hello ${name}`);
}

const inSuspense = (Screen: ComponentType<{ name: string }>) =>
  renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, createElement(Screen, { name: 'Ada' })));

describe('lazyScreen', () => {
  it('suspends while its chunk is still on its way', () => {
    const { Screen } = lazyScreen(() => new Promise<ComponentType<{ name: string }>>(() => undefined));
    expect(inSuspense(Screen)).toContain('loading');
  });

  it('renders at once once its chunk was loaded ahead, where React.lazy still suspends on its first render', async () => {
    let imports = 0;
    const importer = () => {
      imports++;
      return Promise.resolve(Greeting);
    };
    const screen = lazyScreen(importer);
    await screen.load();
    await screen.load();
    expect(imports).toBe(1);
    expect(inSuspense(screen.Screen)).toContain('Hello Ada');

    // The behaviour it replaces: the same module loaded ahead, yet lazy learns of it only through its own render.
    const loadedAhead = importer().then((component) => ({ default: component }));
    await loadedAhead;
    const Lazy = lazy(() => loadedAhead);
    expect(inSuspense(Lazy)).toContain('loading');
  });

  it('tries a chunk that failed again on the next load', async () => {
    let attempt = 0;
    const screen = lazyScreen(() => (++attempt === 1 ? Promise.reject(new Error('chunk gone')) : Promise.resolve(Greeting)));
    await expect(screen.load()).rejects.toThrow('chunk gone');
    await screen.load();
    expect(inSuspense(screen.Screen)).toContain('Hello Ada');
  });
});
