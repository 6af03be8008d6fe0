import { openedId, type Opened } from '../../routing/routes';
import { useEffect, useRef, useState } from 'react';
import type { Question } from '../../../core/api/contract/questions';
import { api } from '../../api/transport';
import { AccessHint } from '../../components/AccessHint';
import { useAccess } from '../../components/useAccess';
import { useDebounced } from '../../components/useDebounced';
import { useShortcut } from '../../components/useShortcut';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { NO_FILTERS, useQuestions, type QuestionFilters } from './questionsStore';
import { CoveragePanel } from './CoveragePanel';
import { QuestionEditor } from './QuestionEditor';

type Panel = { question: Question | null } | null;

function lintLabel(q: Question): { text: string; kind: string } {
  if (q.kind === 'hypothetical') return { text: 'Hypothetical (kept)', kind: 'hypothetical' };
  if (q.lintStatus === 'clean') return { text: 'Clean', kind: 'clean' };
  return { text: `Warnings: ${q.lintRules.join(', ')}`, kind: 'warning' };
}

/** A question opened by the route (a command-palette pick, a link) shows in the editor. */
export function QuestionsScreen({ open }: { open?: Opened | undefined }) {
  const selectedId = openedId(open);
  const { filters, items, total, loading, tags, setFilters, load, loadSide } = useQuestions();
  const principles = usePrinciples((s) => s.all);
  const loadPrinciples = usePrinciples((s) => s.load);
  const [panel, setPanel] = useState<Panel>(null);
  const [search, setSearch] = useState(filters.search);
  const searchBox = useRef<HTMLInputElement>(null);
  const names = new Map(principles.map((p) => [p.id, p.name]));
  const { may, why } = useAccess();
  const canEdit = may('questions.update');

  useEffect(() => {
    void loadPrinciples();
    void load();
    void loadSide();
  }, [loadPrinciples, load, loadSide]);

  useEffect(() => {
    if (!selectedId) return;
    let live = true;
    void api.call('questions.get', { id: selectedId }).then((r) => live && r.ok && setPanel({ question: r.value }));
    return () => {
      live = false;
    };
  }, [selectedId]);

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
          {items.length < total && ` (showing the first ${items.length}; refine the search to see the rest)`}
        </p>
        {items.length === 0 && !loading && (
          <p className="empty">
            {filtered ? 'No questions match. Try fewer words or clear the filters.' : 'No questions yet. Ask for real past behaviour: “Tell me about a time…”.'}
          </p>
        )}
        <ul className="questions" aria-label="Questions">
          {items.map((q) => {
            const lint = lintLabel(q);
            return (
              <li key={q.id}>
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
              </li>
            );
          })}
        </ul>
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
