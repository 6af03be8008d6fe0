import { useState } from 'react';
import { EVIDENCE_PAGE_MAX } from '../../../core/api/contract/evidence';
import { formatTime } from '../../components/format';
import { useDebounced } from '../../components/useDebounced';
import { useApiQuery } from '../../data/useApi';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { snippetParts } from './scienceFormat';
import { CandidateName } from '../../components/candidateName';

const PAGE = 20;
const FIELD_WORDS = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' } as const;

/**
 * Full-text search over submitted evidence. The API decides what may be read: blind feedback is neither
 * returned nor counted, so this screen shows exactly what comes back and never guesses at a total.
 */
export function EvidenceSearchScreen() {
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [query, setQuery] = useState('');
  useDebounced(text.trim(), query, (q) => {
    setQuery(q);
    setOffset(0);
  });
  const search = useApiQuery('evidence.search', { query, limit: Math.min(PAGE, EVIDENCE_PAGE_MAX), offset }, { enabled: query.length > 0, keepPrevious: true });
  const r = query ? search.data : undefined;
  return (
    <section className="single evidence-search" aria-labelledby="evidence-title">
      <h1 id="evidence-title">Evidence search</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search the evidence{' '}
          <input
            type="search"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </label>
      </form>
      <p className="field-hint">Whole words in any form, all of them required; newest first. Feedback you may not read yet is not searched.</p>
      {search.error && query && (
        <p role="alert" className="form-error">
          {search.error.message}
        </p>
      )}
      {r && (
        <>
          <p role="status">
            {r.indexBuilding
              ? 'This device is still building its search index after joining the team: nothing can be found until it is done (a minute or two). The results appear here then.'
              : r.items.length === 0
              ? 'No evidence matches.'
              : `Showing ${offset + 1}–${offset + r.items.length}${r.total !== null ? ` of ${r.total.toLocaleString('en')}` : ''}`}
          </p>
          <ol className="plain evidence-hits" start={offset + 1}>
            {r.items.map((h) => (
              <li key={`${h.feedbackId}/${h.principleId}`} className="card">
                <p className="evidence-snippet">
                  <span className="muted">{FIELD_WORDS[h.field]}: </span>
                  {snippetParts(h.snippet, h.highlights).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                </p>
                <p className="muted">
                  {h.principleName} · {h.authorName}
                  {h.kind === 'training' ? ' (training)' : ''} on{' '}
                  <Link to={to.loop(h.loopId)} className="link">
                    <CandidateName name={h.candidateName} /> — {h.roleTitle}
                  </Link>
                  {h.submittedAt ? ` · ${formatTime(h.submittedAt)}` : ''}
                </p>
              </li>
            ))}
          </ol>
          <div className="actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <button type="button" disabled={!r.hasMore} onClick={() => setOffset(offset + PAGE)}>
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}
