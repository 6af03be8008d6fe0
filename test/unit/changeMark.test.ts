import { describe, expect, it } from 'vitest';
import { missedChanges } from '../../renderer/api/changeMark';

const mark = (instance: string, changes: number) => ({ instance, changes });

describe('whether a page opening its event stream missed a change (renderer/api/changeMark.ts)', () => {
  it.each([
    ['same host, same count: nothing missed', mark('a', 3), mark('a', 3), false],
    ['a change between the reads and the stream', mark('a', 3), mark('a', 4), true],
    ['the host restarted (its count starts again)', mark('a', 3), mark('b', 3), true],
    ['no early reads to compare with', null, mark('a', 0), true],
    ['a stream that said nothing', mark('a', 0), null, true],
  ])('%s', (_name, known, opened, missed) => {
    expect(missedChanges(known, opened)).toBe(missed);
  });
});
