import { describe, expect, it } from 'vitest';
import { notPassed } from '../../scripts/testReport';

describe('the test summary names what did not pass', () => {
  it('each test not passed with the first line of why, and a file that failed without a test to blame', () => {
    const lines = notPassed({
      numPassedTests: 1,
      numTotalTests: 3,
      testResults: [
        {
          name: '/home/ci/work/main/test/api/a.test.ts',
          status: 'failed',
          assertionResults: [
            { fullName: 'suite passes', status: 'passed' },
            { fullName: 'suite breaks', status: 'failed', failureMessages: ['\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at a.test.ts:3:4'] },
            { fullName: 'suite waits', status: 'skipped' },
          ],
        },
        { name: '/home/ci/work/main/test/unit/b.test.ts', status: 'failed', message: 'Error: Cannot find module x\n    at load', assertionResults: [] },
        { name: '/home/ci/work/main/test/unit/c.test.ts', status: 'passed', assertionResults: [{ fullName: 'fine', status: 'passed' }] },
      ],
    });
    expect(lines).toEqual([
      '     failed test/api/a.test.ts > suite breaks: AssertionError: expected 1 to be 2',
      '     skipped test/api/a.test.ts > suite waits',
      '     failed test/unit/b.test.ts: Error: Cannot find module x',
    ]);
  });

  it('nothing when everything passed', () => {
    expect(notPassed({ numPassedTests: 1, numTotalTests: 1, testResults: [{ name: '/x/test/unit/c.test.ts', status: 'passed', assertionResults: [{ fullName: 'fine', status: 'passed' }] }] })).toEqual([]);
  });
});
