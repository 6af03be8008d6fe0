// `npm run security`: electronegativity over the Electron shell and the
// renderer, failing on any HIGH or MEDIUM finding and on any scan that did not
// really happen (crash, timeout, nothing scanned, unparseable file).
//
// Why sources and not dist/: electronegativity only reads .js/.jsx/.ts/.tsx/
// .html, so the built main.cjs and preload.cjs would be skipped without a word
// (a scan of dist/ reports our navigation and permission handlers as missing).
// It parses TypeScript itself, and its findings then point at lines people edit.
//
// Usage: npx tsx scripts/securityScan.ts [--online] [--keep]
//   --online  also run AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK (needs network)
//   --keep    leave the staged sources and the JSON report in the temp folder
// Exit codes: 0 clean, 1 HIGH/MEDIUM findings, 2 the scan itself failed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { META_CONTENT_SECURITY_POLICY } from '../core/security/csp';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER_FLAG = '--electronegativity-worker';
const SCAN_TIMEOUT_MS = 180_000;

/** What is staged for the scanner, relative to the project root. */
const SCANNED_DIRS = ['electron', 'renderer'];
const SCANNED_EXTENSIONS = new Set(['.ts', '.tsx', '.js', '.jsx', '.html', '.htm']);
// package.json tells the scanner the Electron version (its defaults differ by
// version) and feeds the npm-script checks for risky Chromium switches.
const SCANNED_FILES = ['package.json'];

/**
 * Its only job is comparing the Electron version with GitHub's release list,
 * so it needs the network, its answer changes by the day rather than with our
 * code, and its HTTP call has no timeout. Dependency freshness is npm's job;
 * `--online` runs it anyway.
 */
const ONLINE_ONLY_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** electronegativity cannot follow `webPreferences: buildWebPreferences(...)`,
 * so the object literal that function returns is staged as if it were passed
 * inline, and the scanner judges the real values. */
const WINDOW_SOURCE = 'electron/window.ts';
const PREFS_STAGED = 'electron/__webPreferences.scan.ts';

type Severity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
const SEVERITIES: readonly Severity[] = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const FAILING: ReadonlySet<Severity> = new Set(['HIGH', 'MEDIUM']);

interface Finding {
  id: string;
  file: string;
  line: number;
  column: number;
  severity: Severity;
  confidence: string;
  manualReview: boolean;
  description: string;
  sample: string;
  /** Set on findings from the staged buildWebPreferences() literal. */
  fromBuiltPreferences?: boolean;
}

interface Report {
  electronVersion: string;
  checks: { global: number; atomic: number };
  files: string[];
  errors: { file: string; message: string; tolerable: boolean }[];
  findings: Finding[];
}

// ---------------------------------------------------------------------------
// Worker: runs inside a child process so a hung request or a crash in the tool
// can be timed out and reported, and its console noise stays out of our output.

interface EngIssue {
  id: string;
  file: string;
  location?: { line?: number; column?: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
  description?: string;
  sample?: string;
}
interface EngResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: EngIssue[];
}
type EngRun = (options: Record<string, unknown>, forCli: boolean) => Promise<EngResult>;

async function runWorker(input: string, reportFile: string, electronVersion: string, excluded: string[]): Promise<void> {
  const require = createRequire(import.meta.url);
  const run = require('@doyensec/electronegativity') as EngRun;
  const { list_files: listFiles } = require('@doyensec/electronegativity/dist/util') as {
    list_files: (dir: string) => Promise<string[] | undefined>;
  };
  // The same listing the tool's directory loader uses, so "files scanned" is its count, not ours.
  const files = (await listFiles(input)) ?? [];
  const result = await run(
    { input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: excluded },
    false,
  );
  const report: Report = {
    electronVersion,
    checks: { global: result.globalChecks, atomic: result.atomicChecks },
    files: files.map((file) => relative(input, file)),
    errors: result.errors.map((e) => ({ file: relative(input, e.file), message: e.message, tolerable: e.tolerable })),
    findings: result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      severity: issue.severity.name as Severity,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview === true,
      description: issue.description ?? '',
      sample: issue.sample ?? '',
    })),
  };
  writeFileSync(reportFile, JSON.stringify(report, null, 2));
}

// ---------------------------------------------------------------------------
// Staging.

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.isFile() && SCANNED_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
  });
}

/**
 * index.html carries a placeholder the Vite build fills with the real policy;
 * the scanner must judge that policy, not the placeholder.
 */
const BUILD_PLACEHOLDERS: Readonly<Record<string, string>> = {
  '%CONTENT_SECURITY_POLICY%': META_CONTENT_SECURITY_POLICY,
};

function copyInto(stage: string, file: string): void {
  const target = join(stage, relative(ROOT, file));
  mkdirSync(dirname(target), { recursive: true });
  if (!/\.html?$/.test(file)) {
    copyFileSync(file, target);
    return;
  }
  let html = readFileSync(file, 'utf8');
  for (const [placeholder, value] of Object.entries(BUILD_PLACEHOLDERS)) html = html.replaceAll(placeholder, value);
  const unresolved = html.match(/%[A-Z][A-Z0-9_]*%/);
  if (unresolved) fail(`${relative(ROOT, file)} has a build placeholder ${unresolved[0]} this scan does not know how to fill`);
  writeFileSync(target, html);
}

function parseSource(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

function findAll<T extends ts.Node>(node: ts.Node, test: (n: ts.Node) => n is T): T[] {
  const found: T[] = [];
  const visit = (n: ts.Node): void => {
    if (test(n)) found.push(n);
    n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** The literal returned by buildWebPreferences, and the line it starts on. */
function webPreferencesLiteral(): { text: string; line: number } {
  const source = parseSource(WINDOW_SOURCE);
  const fn = findAll(source, ts.isFunctionDeclaration).find((f) => f.name?.text === 'buildWebPreferences');
  const returned = fn ? findAll(fn, ts.isReturnStatement)[0]?.expression : undefined;
  if (!returned || !ts.isObjectLiteralExpression(returned)) {
    fail(`${WINDOW_SOURCE}: buildWebPreferences() no longer returns an object literal; update securityScan.ts`);
  }
  return { text: returned.getText(source), line: source.getLineAndCharacterOfPosition(returned.getStart(source)).line + 1 };
}

const PREFS_HEADER_LINES = 3;
/** Stages the literal; returns a function mapping staged lines onto window.ts. */
function stageWebPreferences(stage: string): (stagedLine: number) => number {
  const { text, line } = webPreferencesLiteral();
  const body = [
    `import { BrowserWindow } from 'electron';`,
    `const preloadPath = 'preload.cjs';`,
    `new BrowserWindow({ webPreferences:`,
    `${text} });`,
    '',
  ].join('\n');
  writeFileSync(join(stage, PREFS_STAGED), body);
  // Findings on the staged `new BrowserWindow` line land on the literal's first line.
  return (stagedLine) => Math.max(line, line + stagedLine - (PREFS_HEADER_LINES + 1));
}

/**
 * True when window.ts has exactly one `new BrowserWindow(...)` and its
 * webPreferences are `buildWebPreferences(...)`, i.e. the staged literal is the
 * whole story for that window.
 */
function windowUsesBuiltPreferences(): boolean {
  const source = parseSource(WINDOW_SOURCE);
  const windows = findAll(source, ts.isNewExpression).filter((n) => n.expression.getText(source) === 'BrowserWindow');
  const options = windows.length === 1 ? windows[0]?.arguments?.[0] : undefined;
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (p) =>
      ts.isPropertyAssignment(p) &&
      p.name.getText(source) === 'webPreferences' &&
      ts.isCallExpression(p.initializer) &&
      p.initializer.expression.getText(source) === 'buildWebPreferences',
  );
}

// ---------------------------------------------------------------------------
// Reviewed exceptions. Each names one check at one place, says why, and is
// re-verified on every run; anything that stops matching shows up again.

interface Exception {
  ids: string[];
  file: string;
  matches: (finding: Finding) => boolean;
  holds: () => boolean;
  reason: string;
}

/** bridge in preload.ts is an object literal with exactly invoke and on, and is what gets exposed. */
function preloadExposesOnlyBridge(): boolean {
  const source = parseSource('electron/preload.ts');
  const exposed = findAll(source, ts.isCallExpression).filter((c) => c.expression.getText(source).endsWith('exposeInMainWorld'));
  const args = exposed.length === 1 ? exposed[0]?.arguments : undefined;
  if (!args || args[0]?.getText(source) !== "'principled'" || args[1]?.getText(source) !== 'bridge') return false;
  const bridge = findAll(source, ts.isVariableDeclaration).find((d) => d.name.getText(source) === 'bridge')?.initializer;
  if (!bridge || !ts.isObjectLiteralExpression(bridge)) return false;
  const names = bridge.properties.map((p) => p.name?.getText(source)).sort();
  return names.join(',') === 'invoke,on';
}

const readSource = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const EXCEPTIONS: Exception[] = [
  {
    ids: ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK'],
    file: WINDOW_SOURCE,
    // Only the real call site: findings inside the staged literal are never excepted here.
    matches: (f) => !f.fromBuiltPreferences && f.sample.includes('new BrowserWindow('),
    holds: windowUsesBuiltPreferences,
    reason:
      'The options come from buildWebPreferences(), which the tool cannot follow; its literal is scanned on its own ' +
      'in the same run and asserted by test/electron/window.test.ts.',
  },
  {
    ids: ['AUXCLICK_JS_CHECK'],
    file: WINDOW_SOURCE,
    matches: (f) => f.fromBuiltPreferences === true,
    holds: () => readSource('electron/security.ts').includes("return { action: 'deny' };"),
    reason:
      "Wants disableBlinkFeatures: 'Auxclick', which is not a Blink runtime feature (electron/electron#10315), so it " +
      'would do nothing. Middle-click opens go through setWindowOpenHandler, which denies every new window.',
  },
  {
    ids: ['PRELOAD_JS_CHECK'],
    file: WINDOW_SOURCE,
    matches: (f) => f.fromBuiltPreferences === true && f.sample.startsWith('preload: preloadPath'),
    holds: preloadExposesOnlyBridge,
    reason:
      'Reviewed: electron/preload.ts exposes only invoke() and on(), forwards payloads without the IPC event, and ' +
      'never hands ipcRenderer to the page (test/electron/preload.test.ts).',
  },
  {
    ids: ['OPEN_EXTERNAL_JS_CHECK'],
    file: 'electron/security.ts',
    matches: (f) => f.sample.startsWith('if (isExternalLinkAllowed(url))'),
    holds: () => readSource('electron/security.ts').includes('EXTERNAL_LINK_ALLOWLIST: readonly string[] = [];'),
    reason: 'Reviewed: only https URLs whose exact origin is in EXTERNAL_LINK_ALLOWLIST reach openExternal, and that list is empty.',
  },
];

function exceptionFor(finding: Finding): Exception | undefined {
  return EXCEPTIONS.find((e) => e.ids.includes(finding.id) && e.file === finding.file && e.matches(finding) && e.holds());
}

// ---------------------------------------------------------------------------
// Main.

class ScanFailure extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

function fail(message: string, detail?: string): never {
  throw new ScanFailure(message, detail);
}

function readReport(file: string): Report {
  if (!existsSync(file)) fail('electronegativity wrote no report');
  const report = JSON.parse(readFileSync(file, 'utf8')) as Partial<Report>;
  if (!Array.isArray(report.files) || !Array.isArray(report.findings) || !Array.isArray(report.errors) || !report.checks) {
    fail(`the report at ${file} is not in the expected shape`);
  }
  return report as Report;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
}

function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const [i, row] of rows.entries()) {
    console.log(pad(row, widths).trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const online = args.includes('--online');
  const keep = args.includes('--keep');
  const require = createRequire(import.meta.url);
  const electronVersion = (require('electron/package.json') as { version: string }).version;

  const work = mkdtempSync(join(tmpdir(), 'principled-security-'));
  const stage = join(work, 'app');
  const reportFile = join(work, 'electronegativity.json');
  try {
    mkdirSync(stage);
    for (const dir of SCANNED_DIRS) for (const file of walk(join(ROOT, dir))) copyInto(stage, file);
    for (const file of SCANNED_FILES) copyInto(stage, join(ROOT, file));
    const toWindowLine = stageWebPreferences(stage);

    const excluded = online ? [] : ONLINE_ONLY_CHECKS;
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), WORKER_FLAG, stage, reportFile, electronVersion, ...excluded],
      // en-US: the tool picks its message locale from LANG and fetches it
      // online (1 s timeout); en-US ships with it, so a miss costs nothing.
      { cwd: ROOT, encoding: 'utf8', timeout: SCAN_TIMEOUT_MS, killSignal: 'SIGKILL', env: { ...process.env, LANG: 'en-US' } },
    );
    if (child.error || child.signal) fail(`electronegativity did not finish (${child.error?.message ?? child.signal})`, child.stderr);
    if (child.status !== 0) fail(`electronegativity exited with ${child.status}`, `${child.stdout}\n${child.stderr}`);

    const report = readReport(reportFile);
    if (report.files.length === 0) fail('no files were scanned');
    const broken = report.errors.filter((e) => !e.tolerable);
    if (broken.length > 0) {
      fail('some files could not be parsed, so they were not checked', broken.map((e) => `${e.file}: ${e.message}`).join('\n'));
    }

    const findings = report.findings.map((f) =>
      f.file === PREFS_STAGED ? { ...f, file: WINDOW_SOURCE, line: toWindowLine(f.line), fromBuiltPreferences: true } : f,
    );
    const excepted = findings.flatMap((f) => {
      const exception = exceptionFor(f);
      return exception ? [{ finding: f, exception }] : [];
    });
    const open = findings.filter((f) => !excepted.some((e) => e.finding === f));

    const inlineDisables = report.files.flatMap((file) =>
      readFileSync(join(stage, file), 'utf8')
        .split('\n')
        .flatMap((text, i) => (text.includes('eng-disable') ? [`${file}:${i + 1}: ${text.trim()}`] : [])),
    );

    console.log(
      `electronegativity: ${report.files.length} files, ${report.checks.atomic} atomic + ${report.checks.global} global checks, ` +
        `Electron ${report.electronVersion}${online ? '' : `, offline (skipped ${ONLINE_ONLY_CHECKS.join(', ')})`}`,
    );
    const perRoot = new Map<string, number>();
    for (const file of report.files) {
      const top = file.includes('/') ? `${file.split('/')[0]}/` : file;
      perRoot.set(top, (perRoot.get(top) ?? 0) + 1);
    }
    console.log(`scanned: ${[...perRoot].map(([top, n]) => (n > 1 ? `${top} (${n})` : top)).join(', ')}\n`);

    const ordered = [...open].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
    if (ordered.length > 0) {
      printTable([
        ['SEVERITY', 'CONFIDENCE', 'CHECK', 'WHERE', 'WHAT'],
        ...ordered.map((f) => [
          f.severity,
          f.confidence,
          f.id,
          f.file === 'N/A' ? '(global)' : `${f.file}:${f.line}`,
          `${f.manualReview ? '[review] ' : ''}${f.fromBuiltPreferences ? '(buildWebPreferences) ' : ''}${f.description}`,
        ]),
      ]);
    } else {
      console.log('No open findings.');
    }

    if (excepted.length > 0) {
      console.log('\nReviewed exceptions (documented in scripts/securityScan.ts):');
      for (const { finding, exception } of excepted) {
        console.log(`  ${finding.severity} ${finding.id} ${finding.file}:${finding.line}\n    ${exception.reason}`);
      }
    }
    if (inlineDisables.length > 0) {
      console.log('\nInline eng-disable annotations honoured by the scanner:');
      for (const line of inlineDisables) console.log(`  ${line}`);
    }

    const counts = SEVERITIES.map((s) => `${s} ${open.filter((f) => f.severity === s).length}`).join(', ');
    console.log(`\nOpen findings: ${counts}; excepted: ${excepted.length}${keep ? `\nReport kept at ${reportFile}` : ''}`);
    const failing = open.filter((f) => FAILING.has(f.severity));
    if (failing.length > 0) {
      console.error(`Security scan failed: ${failing.length} HIGH/MEDIUM finding(s).`);
      process.exitCode = 1;
    }
  } catch (error) {
    if (!(error instanceof ScanFailure)) throw error;
    console.error(`\nSecurity scan FAILED to run: ${error.message}`);
    if (error.detail) console.error(error.detail.trim().split('\n').slice(-20).join('\n'));
    process.exitCode = 2;
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === WORKER_FLAG) {
  const [, , , input, reportFile, electronVersion, ...excluded] = process.argv;
  if (!input || !reportFile || !electronVersion) throw new Error('worker needs <input> <report> <electronVersion>');
  await runWorker(input, reportFile, electronVersion, excluded);
} else {
  main();
}
