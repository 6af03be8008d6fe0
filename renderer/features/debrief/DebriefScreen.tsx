import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import type { ReactNode } from 'react';
import { DebriefOpenInput, type Debrief } from '../../../core/api/contract/feedback';
import type { LoopDetail } from '../../../core/api/contract/loops';
import { api } from '../../api/transport';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { download } from '../../components/download';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useMay } from '../../components/useAccess';
import { LoadFailed, Loading } from '../../data/QueryState';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useOpenDebrief } from '../../data/useOpenDebrief';
import { useApp } from '../../stores/app';
import { useTeam } from '../../stores/team';
import { AddToPractice } from './AddToPractice';
import { DecisionStep } from './DecisionStep';
import { Flags, Matrix, Votes } from './DebriefTables';
import { NotesForm } from './NotesForm';
import { RevoteForm, RevoteGuide, Revotes } from './Revote';
import { SilentReading } from './SilentReading';
import { CandidateName, candidateNameText } from '../../components/candidateName';

/** The debrief of a loop: matrix, votes and flags on top, then the script from silent reading to the decision. */
export function DebriefScreen({ loopId }: { loopId: string }) {
  const me = useApp((s) => s.settings?.me ?? null);
  // Opening the debrief (or recording this viewing) is a write, made once as the screen opens; the debrief and
  // the loop are then plain reads through the cache, refreshed when anything they show changes.
  const opening = useOpenDebrief(loopId);
  const debriefQuery = useApiQuery('debrief.get', { loopId }, { enabled: opening.opened });
  const loopQuery = useApiQuery('loops.get', { id: loopId }, { enabled: opening.settled });
  const debrief = debriefQuery.data;
  const detail = loopQuery.data;
  const failure = opening.failure ?? debriefQuery.error;

  const back = (
    <Link to={to.loop(loopId)} className="link">
      ← Back to the loop
    </Link>
  );

  if (!debrief) {
    if (!failure) return <Loading />;
    const mayOpenEarly = me !== null && me === detail?.loop.barRaiserId && failure.issues?.some((i) => i.path === 'earlyReason');
    return (
      <LoadFailed error={mayOpenEarly ? null : failure}>
        {back}
        <h1 id="debrief-title">Debrief{detail ? `: ${candidateNameText(detail.candidate.name)} — ${detail.role.title}` : ''}</h1>
        {mayOpenEarly && <EarlyOpen loopId={loopId} onOpened={opening.markOpened} />}
      </LoadFailed>
    );
  }
  if (!detail) return <Loading />;
  return <DebriefView detail={detail} debrief={debrief} back={back} />;
}

function EarlyOpen({ loopId, onOpened }: { loopId: string; onOpened(): void }) {
  const openDebrief = useApiMutation('debrief.open');
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<string>(`debrief.${loopId}.early`, () => '', { owner: me });
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (earlyReason) => {
      const errors = fieldErrorsFromSchema(DebriefOpenInput, { loopId, earlyReason });
      // Opening early is the one case the reason is needed; the API says the same when it refuses.
      if (!earlyReason.trim()) errors.earlyReason ??= 'Say why the debrief starts before all feedback is in.';
      return errors;
    },
    // Once open, the debrief read (and the loop) read again through the cache.
    submit: (earlyReason) => openDebrief({ loopId, earlyReason }),
    onSaved: onOpened,
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  return (
    <form ref={formRef} className="early-box" aria-label="Open the debrief early" onSubmit={(e) => void save(e)}>
      <p>Not all interviewers have submitted their feedback. As the bar raiser you may open the debrief early, with a reason.</p>
      <Field
        label="Why open the debrief early?"
        value={draft.value}
        onChange={(v) => change(() => v, 'earlyReason')}
        error={errors.earlyReason}
        multiline
        rows={2}
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Open the debrief early
        </button>
      </div>
    </form>
  );
}

interface ViewProps {
  detail: LoopDetail;
  debrief: Debrief;
  back: ReactNode;
}

function DebriefView({ detail, debrief, back }: ViewProps) {
  const { notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const members = useTeam((s) => s.members);
  const { loop, candidate, role } = detail;
  const nameOf = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? debrief.interviewers.find((i) => i.memberId === id)?.name ?? 'Unknown') : 'nobody');
  const principleName = (id: string) => debrief.matrix.find((r) => r.principleId === id)?.name ?? 'Archived principle';
  const isHM = me !== null && me === loop.hiringManagerId;
  const isBR = me !== null && me === loop.barRaiserId;
  // Each step asks the API's rule for this loop's people: notes for BR and HM, decide for HM, verdict for BR, reopen also for founders and admins.
  const may = useMay();
  const mayNotes = may('debrief.saveNotes', { loop });
  const open = loop.status === 'debrief';
  const parts = [isHM && 'the hiring manager', isBR && 'the bar raiser', debrief.interviewers.some((i) => i.memberId === me) && 'an interviewer']
    .filter(Boolean)
    .join(' and ');

  async function exportPacket(format: 'markdown' | 'pdf') {
    const r = await api.call('packet.export', { loopId: loop.id, format });
    if (r.ok) download(r.value.fileName, r.value.base64, r.value.mimeType);
    else notify('error', r.error.message);
  }

  return (
    <section className="single wide debrief" aria-labelledby="debrief-title">
      <div className="actions no-print">
        {back}
        <span className="spacer" />
        <button type="button" onClick={() => void exportPacket('markdown')}>
          Export packet (Markdown)
        </button>
        <button type="button" onClick={() => void exportPacket('pdf')}>
          Export packet (PDF)
        </button>
      </div>
      <header className="screen-head">
        <h1 id="debrief-title">
          Debrief: <CandidateName name={candidate.name} /> — {role.title}
        </h1>
        <span className={`badge badge-status-${loop.status}`} aria-label={`Status: ${loop.status}`}>
          {loop.status}
        </span>
      </header>
      <p className="lead">
        Hiring manager <strong>{nameOf(loop.hiringManagerId)}</strong> · Bar raiser <strong>{nameOf(loop.barRaiserId)}</strong>
        {parts ? ` · You are ${parts}` : ''}
      </p>
      {debrief.openedEarly && <p className="notice-inline">Opened before all feedback was in: {debrief.earlyReason}</p>}

      <div className="debrief-top">
        <Matrix debrief={debrief} />
        <Votes debrief={debrief} />
        <Flags debrief={debrief} nameOf={nameOf} principleName={principleName} />
      </div>

      <ol className="script">
        <li>
          <section>
            <h2 id="step-reading">1. Silent reading</h2>
            <p className="muted">Read every write-up before anyone speaks. Ratings and evidence sit side by side per principle.</p>
            <SilentReading debrief={debrief} />
          </section>
        </li>
        <li>
          <section>
            <h2 id="step-revote">2. Re-vote</h2>
            <RevoteGuide isBarRaiser={isBR} />
            <Revotes debrief={debrief} nameOf={nameOf} />
            {open && debrief.interviewers.some((i) => i.memberId === me) && debrief.decision === null && (
              <RevoteForm loopId={loop.id} current={debrief.interviewers.find((i) => i.memberId === me)?.currentVote ?? null} />
            )}
          </section>
        </li>
        <li>
          <section>
            <h2 id="step-notes">3. Discussion notes</h2>
            {mayNotes && open ? (
              <NotesForm key={debrief.notes} loopId={loop.id} notes={debrief.notes} />
            ) : debrief.notes ? (
              <p className="notes-text">{debrief.notes}</p>
            ) : (
              <p className="muted">No notes yet. The bar raiser or the hiring manager keeps them.</p>
            )}
          </section>
        </li>
        <li>
          <section>
            <h2 id="step-decision">4. Decision</h2>
            <DecisionStep
              debrief={debrief}
              detail={detail}
              mayDecide={may('decision.decide', { loop })}
              mayVerdict={may('decision.verdict', { loop })}
              mayReopen={may('decision.reopen', { loop })}
              nameOf={nameOf}
              principleName={principleName}
            />
          </section>
        </li>
      </ol>
      <AddToPractice loop={loop} debrief={debrief} nameOf={nameOf} />
    </section>
  );
}
