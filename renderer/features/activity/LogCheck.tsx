import { useState } from 'react';
import type { ActivityChainProblem, ActivityVerifyResult } from '../../../core/api/contract/activity';
import { api } from '../../api/transport';
import { formatActor, formatTime } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import { useApp } from '../../stores/app';

const WHAT: Record<ActivityChainProblem['kind'], string> = {
  changed: 'was changed or removed',
  removed: 'was changed or removed',
  inserted: 'was added outside Principled',
  unlinked: 'or one of the few logged after it was changed or removed',
};

/** Founders and admins check the log against this device's hash chain on demand: it reads every row. */
export function LogCheck() {
  const { may } = useAccess();
  const notify = useApp((s) => s.notify);
  const [checking, setChecking] = useState(false);
  const [report, setReport] = useState<ActivityVerifyResult | null>(null);
  if (!may('activity.verify')) return null;
  async function check() {
    setChecking(true);
    try {
      const r = await api.call('activity.verify', {});
      if (r.ok) setReport(r.value);
      else notify('error', r.error.message);
    } finally {
      setChecking(false);
    }
  }
  return (
    <div className="log-check" aria-live="polite">
      <button type="button" onClick={() => void check()} disabled={checking}>
        {checking ? 'Checking the log…' : 'Check the log for tampering'}
      </button>
      {report && report.intact && <p className="field-hint">The log is intact: {report.entries.toLocaleString('en')} entries.</p>}
      {report && !report.intact && (
        <div role="alert">
          <p>The log was changed outside Principled:</p>
          <ul>
            {report.problems.map((p) => (
              <li key={`${p.kind}-${p.id}`}>
                Entry of {formatTime(p.at)} by {formatActor(p.actor)} {WHAT[p.kind]}.
              </li>
            ))}
          </ul>
          {report.more > 0 && <p>And {report.more.toLocaleString('en')} more.</p>}
        </div>
      )}
    </div>
  );
}
