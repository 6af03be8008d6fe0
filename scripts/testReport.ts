import { readFileSync } from 'node:fs';

/** The parts of a vitest JSON report `npm test` reads. */
export interface Report {
  numPassedTests: number;
  numTotalTests: number;
  testResults?: { name: string; status: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
}

export function readReport(path: string): Report | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Report;
  } catch {
    return null;
  }
}

// eslint-disable-next-line no-control-regex -- terminal colours in vitest's messages
const COLOURS = /\u001b\[[0-9;]*m/g;
const firstLine = (text: string | undefined) => (text ?? '').replace(COLOURS, '').trim().split('\n')[0]?.slice(0, 300) ?? '';

/**
 * Each test that did not pass, and each file that failed without a test to blame (it did not load), in a line:
 * CI keeps only the end of the log, so the summary names them again with the first line of why.
 */
export function notPassed(report: Report): string[] {
  const lines: string[] = [];
  for (const file of report.testResults ?? []) {
    const name = file.name.replace(/^.*?\/test\//, 'test/');
    const tests = (file.assertionResults ?? []).filter((t) => t.status !== 'passed');
    for (const t of tests) lines.push(`     ${t.status} ${name} > ${t.fullName}${t.failureMessages?.length ? `: ${firstLine(t.failureMessages[0])}` : ''}`);
    if (tests.length === 0 && file.status !== 'passed') lines.push(`     ${file.status} ${name}: ${firstLine(file.message)}`);
  }
  return lines;
}
