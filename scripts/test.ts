// `npm test`: every check the project has, in one command, ending with one
// "Tests: N passed, N failed" line that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { notPassed, readReport } from './testReport';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Principled needs Node 22.12 or newer (this is ${process.version}). better-sqlite3(-multiple-ciphers) 13 crashes on older Node.`);
  process.exit(1);
}

const resultsDir = join('test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

interface Step {
  name: string;
  command: string[];
  /** A vitest JSON report whose counts go into the total. */
  report?: string;
}

const vitest = (project: string): Step => {
  const report = join(resultsDir, `${project}.json`);
  return {
    name: `vitest ${project}`,
    command: ['npx', 'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    report,
  };
};

const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '-b'] },
  { name: 'lint', command: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'api docs up to date', command: ['npx', 'tsx', 'scripts/apiDocs.ts'] },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'] },
  vitest('unit'),
  { name: 'security scan', command: ['npx', 'tsx', 'scripts/securityScan.ts'] },
  vitest('e2e'),
];

let passed = 0;
let failed = 0;
const summary: string[] = [];


for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = performance.now();
  const run = spawnSync(step.command[0] as string, step.command.slice(1), { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  let detail = '';
  const report = step.report ? readReport(step.report) : null;
  if (step.report) {
    // Tests that did not pass (failed, or never ran because a file failed to load) are failures;
    // so is a runner that exits non-zero with every test green, e.g. on an unhandled error.
    const missing = report ? report.numTotalTests - report.numPassedTests : 0;
    passed += report?.numPassedTests ?? 0;
    failed += missing || (ok ? 0 : 1);
    detail = report ? ` ${report.numPassedTests}/${report.numTotalTests} tests` : ' (no report)';
  } else if (ok) passed += 1;
  else failed += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name.padEnd(22)} ${seconds.padStart(6)} s${detail}`);
  if (report) summary.push(...notPassed(report));
}

console.log('\n━━ summary ━━');
for (const line of summary) console.log(line);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
