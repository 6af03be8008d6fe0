import { useState } from 'react';
import { formatTime } from '../../components/format';
import { useApiQuery } from '../../data/useApi';

const PAGE = 10;

/**
 * Settings' "Conflicts resolved": where another device and this one changed the same field without seeing each
 * other's change, which change was kept (the later, on every device), in the server's words.
 */
export function ConflictList() {
  const [offset, setOffset] = useState(0);
  const { data, error } = useApiQuery('sync.conflicts', { limit: PAGE, offset }, { keepPrevious: true });
  if (error) return <p className="form-error">{error.message}</p>;
  if (!data) return null;
  if (data.total === 0) return <p className="field-hint">No conflicts: no field was changed here and on another device at once.</p>;
  const last = Math.min(offset + data.items.length, data.total);
  return (
    <>
      <ul className="sync-conflicts" aria-label="Conflicts resolved">
        {data.items.map((c) => (
          <li key={c.id}>
            {c.summary} <span className="field-hint">Merged {formatTime(c.recordedAt)}.</span>
          </li>
        ))}
      </ul>
      {data.total > PAGE && (
        <p className="sync-conflicts-pages">
          <span>
            {offset + 1}–{last} of {data.total}
          </span>{' '}
          <button type="button" className="link" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </button>{' '}
          <button type="button" className="link" disabled={last >= data.total} onClick={() => setOffset(offset + PAGE)}>
            Older
          </button>
        </p>
      )}
    </>
  );
}
