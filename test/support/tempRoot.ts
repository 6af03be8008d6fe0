import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Caches tools keep in the temp folder across runs; they are not a test's to clean.
 * tsx keeps its transform cache in `tsx-<uid>` when a test starts `node --import tsx`, and Node its
 * module compile cache in `node-compile-cache`.
 */
const TOOL_CACHES = [/^tsx-\d+$/, /^node-compile-cache$/];
/** Vitest's own helper process, which outlives the global teardown by design. */
const TOOL_PROCESSES = [/^vitest-watchdog$/];

/** A fresh private temp folder for one test run, so what the run leaves behind is told apart from other runs on the machine. */
export function createTempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'principled-run-'));
}

/** What is left in a run's temp folder, tool caches aside. */
export function leftovers(root: string): string[] {
  return readdirSync(root)
    .filter((name) => !TOOL_CACHES.some((re) => re.test(name)))
    .sort();
}

/**
 * Live processes started with this run's TMPDIR in their environment: every process a test starts inherits
 * it, so one still running at the end was not stopped. Linux only (it reads /proc); elsewhere, none.
 */
export function processesUsing(root: string, exceptPids: readonly number[] = [process.pid]): { pid: number; command: string }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const marker = `TMPDIR=${root}`;
  const found: { pid: number; command: string }[] = [];
  for (const name of pids) {
    const pid = Number(name);
    if (exceptPids.includes(pid)) continue;
    try {
      // A zombie or another user's process has an empty or unreadable environment, and is skipped.
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(marker)) continue;
      const command = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim();
      if (!TOOL_PROCESSES.some((re) => re.test(command))) found.push({ pid, command: command.slice(0, 200) });
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/**
 * Ends a test run: throws naming every process still running with the run's TMPDIR and every entry left in
 * it, after removing the folder (a leaked process is left to its owner to stop, by its pid).
 */
export async function closeTempRoot(root: string, graceMs = 2000): Promise<void> {
  // A child killed at the very end may take a moment to exit.
  let running = processesUsing(root);
  for (let waited = 0; running.length > 0 && waited < graceMs; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    running = processesUsing(root);
  }
  const left = leftovers(root);
  rmSync(root, { recursive: true, force: true });
  const problems = [
    ...running.map((p) => `process ${p.pid} still running: ${p.command}`),
    ...left.map((name) => `temp entry left: ${name}`),
  ];
  if (problems.length > 0) {
    throw new Error(
      `Tests leaked ${problems.length} thing${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}\n` +
        'Remove every temp folder a test creates and stop every process it starts, in afterEach/afterAll or a finally block.',
    );
  }
}
