import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CandidateName, candidateNameText, SEALED_NAME_WORDS } from '../../renderer/components/candidateName';

describe('a candidate name as the renderer shows it', () => {
  it('a blank name (a candidate held blind on this device) is said in muted words, a readable one as it is', () => {
    const blind = renderToString(createElement(CandidateName, { name: '' }));
    expect(blind).toContain('Name not readable on this device yet');
    expect(blind).toContain('class="muted sealed-name"');
    expect(renderToString(createElement(CandidateName, { name: 'Ada Lovelace' }))).toBe('Ada Lovelace');
    expect(candidateNameText('')).toBe(SEALED_NAME_WORDS);
    expect(candidateNameText('Ada Lovelace')).toBe('Ada Lovelace');
  });
});
