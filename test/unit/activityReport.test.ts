import { describe, expect, it } from 'vitest';
import { ACTIVITY_REPORT_MS, shouldReport } from '../../renderer/features/lock/activityThrottle';

describe('the page reports use to the idle lock at most once in ACTIVITY_REPORT_MS', () => {
  it.each([
    { last: null, now: 5, report: true },
    { last: 1_000, now: 1_000, report: false },
    { last: 1_000, now: 1_000 + ACTIVITY_REPORT_MS - 1, report: false },
    { last: 1_000, now: 1_000 + ACTIVITY_REPORT_MS, report: true },
  ])('last report $last, use at $now: $report', ({ last, now, report }) => {
    expect(shouldReport(last, now)).toBe(report);
  });
});
