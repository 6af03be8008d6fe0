import { openedId, type Opened } from '../../routing/routes';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Question } from '../../../core/api/contract/questions';
import { AccessHint } from '../../components/AccessHint';
import { useAccess } from '../../components/useAccess';
import { useDebounced } from '../../components/useDebounced';
import { useShortcut } from '../../components/useShortcut';
import { VirtualList } from '../../components/VirtualList';
import { useApiQuery, usePagedApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { listInput, NO_FILTERS, useQuestionFilters, type QuestionFilters } from './questionFilters';
import { CoveragePanel } from './CoveragePanel';
import { QuestionEditor } from './QuestionEditor';

const PAGE_SIZE = 200;

type Panel = { question: Question | null } | null;

function lintLabel(q: Question): { text: string; kind: string } {
  if (q.kind === 'hypothetical') return { text: 'Hypothetical (kept)', kind: 'hypothetical' };
  if (q.lintStatus === 'clean') return { text: 'Clean', kind: 'clean' };
  return { text: `Warnings: ${q.lintRules.join(', ')}`, kind: 'warning' };
}

/** A question opened by the route (a command-palette pick, a link) shows in the editor. */
export function QuestionsScreen({ open }: { open?: Opened | undefined }) {
  const selectedId = openedId(open);
  const { filters, setFilters } = useQuestionFilters();
  const principles = usePrinciples((s) => s.all);
  const loadPrinciples = usePrinciples((s) => s.load);
  // A row clicked (or "New question") is chosen here; it holds until the route opens another question.
  const [chosen, setChosen] = useState<{ route: string | undefined; panel: Panel } | null>(null);
  const [search, setSearch] = useState(filters.search);
  const searchBox = useRef<HTMLInputElement>(null);
  const names = new Map(principles.map((p) => [p.id, p.name]));
  const { may, why } = useAccess();
  const canEdit = may('questions.update');

  useEffect(() => {
    void loadPrinciples();
  }, [loadPrinciples]);

  const list = usePagedApiQuery('questions.list', listInput(filters), PAGE_SIZE);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? 0;
  const loading = list.isPending || list.isPlaceholderData || search !== filters.search;
  useEffect(() => {
    if (list.error) useApp.getState().notify('error', list.error.message);
  }, [list.error]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const tags = useApiQuery('questions.tags', undefined).data ?? [];

  // The route's question may be outside the current filters: it is read by id.
  const opened = useApiQuery('questions.get', { id: selectedId ?? '' }, { enabled: Boolean(selectedId) });
  const panel: Panel =
    chosen && chosen.route === selectedId ? chosen.panel : selectedId && opened.data ? { question: opened.data } : null;
  const setPanel = (next: Panel) => setChosen({ route: selectedId, panel: next });

  useDebounced(search, filters.search, (value) => setFilters({ search: value }));

  useShortcut('mod+n', () => setPanel({ question: null }), panel === null && canEdit);
  useShortcut('mod+f', () => searchBox.current?.focus());

  const filtered = JSON.stringify({ ...filters, search: '' }) !== JSON.stringify({ ...NO_FILTERS, search: '' }) || filters.search;
  const select = <K extends keyof QuestionFilters>(key: K) => ({
    value: filters[key],
    onChange: (e: { target: { value: string } }) => setFilters({ [key]: e.target.value } as Partial<QuestionFilters>),
  });

  return (
    <div className="split">
      <section className="list-pane" aria-labelledby="questions-title">
        <header className="screen-head">
          <h1 id="questions-title">Question bank</h1>
          {canEdit && (
            <button type="button" className="primary" onClick={() => setPanel({ question: null })}>
              New question
            </button>
          )}
        </header>
        <AccessHint method="questions.update" what="Editing questions" />
        <div className="filters" role="search">
          <input
            ref={searchBox}
            type="search"
            aria-label="Search questions"
            placeholder="Search questions (Ctrl+F)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select aria-label="Filter by principle" {...select('principleId')}>
            <option value="">All principles</option>
            {activePrinciples(principles).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <select aria-label="Filter by tag" {...select('tag')}>
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.count})
              </option>
            ))}
          </select>
          <select aria-label="Filter by lint status" {...select('lint')}>
            <option value="">Any lint status</option>
            <option value="clean">Clean</option>
            <option value="warning">With warnings</option>
            <option value="hypothetical">Hypothetical (kept)</option>
          </select>
          <select aria-label="Filter by status" {...select('status')}>
            <option value="active">Active</option>
            <option value="retired">Retired</option>
            <option value="all">Active and retired</option>
          </select>
          {filtered && (
            <button
              type="button"
              onClick={() => {
                setSearch('');
                setFilters(NO_FILTERS);
              }}
            >
              Clear filters
            </button>
          )}
        </div>
        <p className="result-count" role="status" aria-busy={loading}>
          {total === 1 ? '1 question' : `${total} questions`}
        </p>
        {items.length === 0 && !loading && (
          <p className="empty">
            {filtered ? 'No questions match. Try fewer words or clear the filters.' : 'No questions yet. Ask for real past behaviour: “Tell me about a time…”.'}
          </p>
        )}
        <VirtualList
          items={items}
          label="Questions"
          className="questions"
          getKey={(q) => q.id}
          onNearEnd={loadMore}
          estimateSize={88}
          renderItem={(q) => {
            const lint = lintLabel(q);
            return (
              <button type="button" className="question-row" onClick={() => setPanel({ question: q })}>
                <span className="question-text">{q.text}</span>
                <span className="question-meta">
                  <span className={`badge badge-${lint.kind}`}>{lint.text}</span>
                  {q.status === 'retired' && <span className="badge badge-retired">Retired</span>}
                  {q.principleIds.map((id) => (
                    <span key={id} className="chip">
                      {names.get(id) ?? 'Unknown principle'}
                    </span>
                  ))}
                  {q.tags.map((t) => (
                    <span key={t} className="tag">
                      #{t}
                    </span>
                  ))}
                </span>
              </button>
            );
          }}
        />
      </section>
      <aside className="detail-pane">
        {panel ? (
          <QuestionEditor
            key={panel.question?.id ?? 'new'}
            question={panel.question}
            defaultPrincipleId={filters.principleId}
            onDone={() => setPanel(null)}
            readOnly={canEdit ? undefined : why('questions.update')}
          />
        ) : (
          <CoveragePanel onPick={(principleId) => setFilters({ principleId })} />
        )}
      </aside>
    </div>
  );
}
