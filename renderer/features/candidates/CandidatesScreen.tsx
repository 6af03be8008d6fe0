import { Link } from '../../routing/Link';
import { openedId, to, type Opened } from '../../routing/routes';
import { AccessHint } from '../../components/AccessHint';
import { useMay } from '../../components/useAccess';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CANDIDATE_STATUSES, type Candidate, type CandidateStatus } from '../../../core/api/contract/candidates';
import { useDebounced } from '../../components/useDebounced';
import { useShortcut } from '../../components/useShortcut';
import { invalidateAfter, queryClient } from '../../data/queryClient';
import { queryKeyOf, useApiQuery, usePagedApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { CANDIDATE_STATUS_LABELS, CandidateEditor, CandidateHistory, inCooldown, PlanLoop } from './CandidateEditor';
import { formatDay } from '../../components/format';
import { CandidateErasure } from './CandidateErasure';
import { VirtualList } from '../../components/VirtualList';
import { CandidateName } from '../../components/candidateName';

const PAGE_SIZE = 200;

type StatusFilter = CandidateStatus | 'all';

export function CandidatesScreen({ open }: { open?: Opened | undefined }) {
  const selectedId = openedId(open);
  const isNew = open?.kind === 'new';
  const go = useApp((s) => s.go);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const searchBox = useRef<HTMLInputElement>(null);

  const list = usePagedApiQuery('candidates.list', { search: query, status }, PAGE_SIZE);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  useEffect(() => {
    if (list.error) useApp.getState().notify('error', list.error.message);
  }, [list.error]);
  // The next page loads as the list scrolls near its end; the list renders only the rows in view.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  useDebounced(search, query, setQuery);

  // The open candidate comes from the route, so it may be outside the current search: fetch it by id.
  const opened = useApiQuery('candidates.get', { id: selectedId ?? '' }, { enabled: Boolean(selectedId) && !isNew });
  const shown = opened.data || opened.error ? { candidate: opened.data ?? null, error: opened.error?.message } : null;

  const may = useMay();
  const canAdd = may('candidates.create');
  useShortcut('mod+n', () => go(to.creating('candidates')), !isNew && canAdd);
  useShortcut('mod+f', () => searchBox.current?.focus());

  const filtered = query !== '' || status !== 'all';
  const loading = list.isPending || list.isPlaceholderData || search !== query;

  const done = (saved: Candidate | null) => {
    if (saved) {
      queryClient.setQueryData(queryKeyOf('candidates.get', { id: saved.id }), saved);
      void invalidateAfter('candidates.update');
      go(to.record('candidates', saved.id));
    } else go({ screen: 'candidates' });
  };

  return (
    <div className="split">
      <section className="list-pane" aria-labelledby="candidates-title">
        <header className="screen-head">
          <h1 id="candidates-title">Candidates</h1>
          {canAdd && (
            <Link to={to.creating('candidates')} className="primary">
              Add candidate
            </Link>
          )}
        </header>
        <AccessHint method="candidates.create" what="Adding and editing candidates" />
        <div className="filters" role="search">
          <input
            ref={searchBox}
            type="search"
            aria-label="Search candidates"
            placeholder="Search by name, email, source or notes (Ctrl+F)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="all">All statuses</option>
            {CANDIDATE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CANDIDATE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          {filtered && (
            <button
              type="button"
              onClick={() => {
                setSearch('');
                setQuery('');
                setStatus('all');
              }}
            >
              Clear filters
            </button>
          )}
        </div>
        <p className="result-count" role="status" aria-busy={loading}>
          {total === 1 ? '1 candidate' : `${total} candidates`}

        </p>
        {items.length === 0 && !loading && (
          <p className="empty">
            {filtered ? 'No candidates match. Try fewer words or clear the filters.' : 'No candidates yet. Add the first one.'}
          </p>
        )}
        <VirtualList
          items={items}
          label="Candidates"
          className="entity-list"
          getKey={(c) => c.id}
          onNearEnd={loadMore}
          renderItem={(c) => (
            <Link
              to={to.record('candidates', c.id)}
              className="entity-row"
              aria-current={c.id === selectedId ? 'true' : undefined}
            >
              <span className="entity-title">
                <CandidateName name={c.name} />
                <span className={`badge badge-candidate-${c.status}`}>{CANDIDATE_STATUS_LABELS[c.status]}</span>
                {inCooldown(c) && c.cooldownUntil && <span className="badge badge-warning">Cooldown until {formatDay(c.cooldownUntil)}</span>}
              </span>
              {(c.email || c.source) && <span className="entity-sub">{[c.email, c.source].filter(Boolean).join(' · ')}</span>}
            </Link>
          )}
        />
      </section>
      <aside className="detail-pane">
        {isNew && canAdd && <CandidateEditor key="new" candidate={null} onDone={done} />}
        {shown?.candidate && (
          <>
            <header className="candidate-head">
              <h2>
                <CandidateName name={shown.candidate.name} />
              </h2>
              <span className={`badge badge-candidate-${shown.candidate.status}`}>{CANDIDATE_STATUS_LABELS[shown.candidate.status]}</span>
            </header>
            <CandidateHistory candidate={shown.candidate} />
            {may('loops.create') && <PlanLoop candidate={shown.candidate} />}
            <div className="candidate-section">
              <CandidateEditor key={`${shown.candidate.id}.${shown.candidate.revision}`} candidate={shown.candidate} onDone={done} />
            </div>
            <CandidateErasure key={shown.candidate.id} candidate={shown.candidate} onErased={done} />
          </>
        )}
        {selectedId && !isNew && !shown?.candidate && (
          <p className="placeholder" role={shown?.error ? 'alert' : undefined} aria-busy={!shown}>
            {shown?.error ?? 'Loading…'}
          </p>
        )}
        {!selectedId && <p className="placeholder">Select a candidate to see their profile and loops, or press Ctrl+N to add one.</p>}
      </aside>
    </div>
  );
}
