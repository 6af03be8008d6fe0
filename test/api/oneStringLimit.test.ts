import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { tooLargeForOneString } from '../../core/server/backgroundTasks';

describe('a workspace too large for the one string an export or a download hands back', () => {
  it('is refused as a CONFLICT naming its size and the limit, not as INTERNAL', () => {
    expect(tooLargeForOneString('a download', 1_000, 1_000)).toBeNull();
    const refused = tooLargeForOneString('a download', 3_000_000, 2_000_000)?.toApiError();
    expect(refused?.code).toBe('CONFLICT');
    expect(refused?.message).toContain('about 3 MB; at most 2 MB');
    expect(refused?.message).toContain('Nothing was changed');
    // An export learns it is too long only from JSON.stringify failing, without a length.
    expect(tooLargeForOneString('an export', null, 2_000_000)?.toApiError().message).toContain('as one piece (at most 2 MB)');
  });

  it('the large benchmark workspace (1.25 GB) cannot be one base64 string in this Node', () => {
    const base64Chars = Math.ceil(1_250_000_000 / 3) * 4;
    expect(base64Chars).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(tooLargeForOneString('a download', base64Chars)).not.toBeNull();
  });
});
