import type { AlphaFigure } from '../../../core/api/contract/science';
import { useState } from 'react';
import { api } from '../../api/transport';
import { download } from '../../components/download';
import { LoadFailed, Loading } from '../../data/QueryState';
import { useApiQuery } from '../../data/useApi';
import { useAccess } from '../../components/useAccess';
import { useApp } from '../../stores/app';
import { ChartWithTable } from './ChartWithTable';
import { InterviewerSection } from './InterviewerSection';
import { PredictsSection } from './PredictsSection';
import { ALPHA_READING, alphaBars, interval, two } from './scienceFormat';
import { WhiskerChart } from './WhiskerChart';

/** Hiring science (SPEC §12): do our interviewers agree, how does each one rate, and what predicts a good hire. */
export function CalibrationScreen() {
  const { may, why } = useAccess();
  const allowed = may('science.calibration');
  const report = useApiQuery('science.calibration', undefined, { enabled: allowed });
  const notify = useApp((s) => s.notify);
  const [saving, setSaving] = useState(false);
  async function downloadPdf() {
    setSaving(true);
    try {
      const r = await api.call('science.calibrationPdf');
      if (r.ok) download(r.value.fileName, r.value.base64);
      else notify('error', r.error.message);
    } finally {
      setSaving(false);
    }
  }
  if (!allowed) {
    return (
      <section className="single" aria-labelledby="calibration-title">
        <h1 id="calibration-title">Calibration</h1>
        <p>{why('science.calibration')}</p>
      </section>
    );
  }
  if (report.error) return <LoadFailed error={report.error} retry={() => void report.refetch()} />;
  const r = report.data;
  if (!r) return <Loading />;
  return (
    <section className="single science" aria-labelledby="calibration-title">
      <h1 id="calibration-title">Calibration</h1>
      <div className="actions">
        <button type="button" onClick={() => void downloadPdf()} disabled={saving}>
          {saving ? 'Preparing the PDF…' : 'Download PDF'}
        </button>
      </div>
      <p className="field-hint">
        {r.basis} {r.loops.toLocaleString('en')} loops, {r.ratings.toLocaleString('en')} ratings.
      </p>

      <h2>Do interviewers agree?</h2>
      <p className="lead">{r.overall.words}</p>
      {r.principles.length === 0 ? (
        <p className="empty">No decided loops with ratings yet.</p>
      ) : (
        <>
          <AlphaChart title="Agreement per principle (Krippendorff's alpha)" figures={r.principles} label={(p) => p.name} first="Principle" />
          <AlphaChart title="Agreement per role" figures={r.roles} label={(p) => p.title} first="Role" />
          <AlphaChart title="Agreement over time (quarter of the loop)" figures={r.quarters} label={(p) => p.quarter} first="Quarter" />
        </>
      )}

      <InterviewerSection interviewers={r.interviewers} />
      <PredictsSection predicts={r.predicts} />

      <h2>Flagged questions</h2>
      {r.questionFlags.length === 0 ? (
        <p className="empty">No question is flagged: none gets the same rating from nearly everyone, none is asked far more than the rest.</p>
      ) : (
        <ul className="science-flags">
          {r.questionFlags.map((f) => (
            <li key={`${f.flag}/${f.questionId}/${f.principleId}`}>
              <span className={`badge ${f.flag === 'over-used' ? 'badge-overdue' : ''}`}>{f.flag === 'over-used' ? 'Over-used' : 'Does not discriminate'}</span>{' '}
              <q>{f.text}</q> <span className="muted">({f.principleName})</span>: {f.words}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AlphaChart<T extends AlphaFigure>({ title, figures, label, first }: { title: string; figures: readonly T[]; label: (f: T) => string; first: string }) {
  if (figures.length === 0) return null;
  const bars = alphaBars(figures, label);
  const low = Math.min(0, ...figures.map((f) => f.low ?? f.alpha ?? 0));
  return (
    <>
      <ChartWithTable
        title={title}
        head={[first, 'Alpha', '95% interval', 'Pairable ratings', 'Candidates', 'Reading']}
        rows={figures.map((f) => [label(f), f.reading === 'not-enough-data' ? '—' : two(f.alpha), interval(f.low, f.high), f.pairable, f.units, ALPHA_READING[f.reading]])}
        chart={<WhiskerChart rows={bars.map((b) => ({ label: b.label, value: b.alpha, whisker: b.whisker }))} domain={[Math.floor(low * 10) / 10, 1]} />}
      />
      <ul className="science-words">
        {figures.map((f) => (
          <li key={label(f)}>{f.words}</li>
        ))}
      </ul>
    </>
  );
}
