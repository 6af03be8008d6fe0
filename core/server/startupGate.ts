/**
 * When the work a start brings (sealing leftover plain backups, the daily backup, preparing the calibration report)
 * may begin. Started with the workspace, it shared the CPU with the first screen: on the day's first start at
 * `large` the backup (~25 s of CPU) took the first usable screen from ~0.5 s to ~0.7 s on two cores. The hosts
 * hold it until the first screen has had its reads: a while after the first call, or at the latest a while after
 * the open, since a browser host may wait long for its page to be opened.
 */
export interface StartupGate {
  /** Resolves when the start's work may begin; never, once closed first. */
  readonly opened: Promise<void>;
  /** Every API call says so; the first one sets the shorter timer. */
  noteCall(): void;
  /** Work asked for that must follow the start's (a backup by hand, a restore): no point waiting any longer. */
  openNow(): void;
  /** The workspace closed: the work is not started at all. */
  close(): void;
}

export interface StartupGateTiming {
  /** After the first call: the first screen's reads are answered and rendered well within it. */
  afterFirstCallMs: number;
  /** After the open, when no call has come (a browser host whose link has not been opened yet). */
  atLatestMs: number;
}

/** What the hosts use: bench/README.md "The day's first start" measured the first screen with it. */
export const HOST_STARTUP_GATE: StartupGateTiming = { afterFirstCallMs: 3_000, atLatestMs: 30_000 };

export function startupGate(timing: StartupGateTiming | null): StartupGate {
  if (!timing) return { opened: Promise.resolve(), noteCall() {}, openNow() {}, close() {} };
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const timers = new Set<NodeJS.Timeout>();
  let called = false;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    open();
  };
  const after = (ms: number) => {
    const timer = setTimeout(finish, ms);
    // Waiting must not keep a process alive that has nothing else left to do.
    timer.unref();
    timers.add(timer);
  };
  after(timing.atLatestMs);
  return {
    opened,
    noteCall() {
      if (called || done) return;
      called = true;
      after(timing.afterFirstCallMs);
    },
    openNow: finish,
    close() {
      done = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
