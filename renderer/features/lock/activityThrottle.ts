/** At most one report in this long: the host's idle time is minutes, so a report a minute is plenty. */
export const ACTIVITY_REPORT_MS = 30_000;

/** Whether a use at `now` should be reported, given the last report: the throttle, apart so it can be tested. */
export const shouldReport = (lastReport: number | null, now: number) => lastReport === null || now - lastReport >= ACTIVITY_REPORT_MS;
