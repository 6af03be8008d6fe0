import type { ImportFormat, ImportKind, ImportRowResult } from '../../../core/api/contract/transfer';
import { download } from '../../components/download';
import { base64Of } from '../../components/fileText';
import { COLUMN_NOTES, JSON_SHAPES, KIND_LABELS, STATUS_BADGES, STATUS_LABELS } from './transferText';

/** One row of the import preview: its line, what it would become and what is wrong with it. */
export function PreviewRow({ row }: { row: ImportRowResult }) {
  return (
    <tr className={`import-row-${row.status}`}>
      <td className="import-line">{row.line}</td>
      <td>
        <span className={`badge ${STATUS_BADGES[row.status]}`}>{STATUS_LABELS[row.status]}</span>
      </td>
      <td className="import-summary">{row.summary}</td>
      <td>
        {row.errors.length > 0 && (
          <ul className="import-errors">
            {row.errors.map((e) => (
              <li key={`${e.field}|${e.message}`}>
                {e.field === 'row' ? (
                  e.message
                ) : (
                  <>
                    <code>{e.field}</code>: {e.message}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** What the chosen kind and format expect: the columns with a template to download, or the JSON shape. */
export function ExpectedColumns({ kind, format }: { kind: ImportKind; format: ImportFormat }) {
  const notes: Record<string, string> = COLUMN_NOTES[kind];
  const columns = Object.keys(notes);
  if (format === 'json') {
    return (
      <div className="import-columns">
        <p className="field-hint">
          <strong>Expected JSON:</strong> {JSON_SHAPES[kind]} A file that wraps the list as {`{ "${kind}": [ … ] }`} works too.
        </p>
      </div>
    );
  }
  return (
    <div className="import-columns">
      <p className="field-hint">
        <strong>Expected columns.</strong> The first line names the columns, in any order; a column left out is left empty.
        Save the file as CSV (UTF-8).{' '}
        <button
          type="button"
          className="link"
          onClick={() => download(`principled-${kind}-template.csv`, base64Of(`\uFEFF${columns.join(',')}\r\n`), 'text/csv')}
        >
          Download a template<span className="sr-only"> for {KIND_LABELS[kind].toLowerCase()}</span>
        </button>
      </p>
      <table className="grid columns-table" aria-label={`Columns for ${KIND_LABELS[kind].toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">What goes in it</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c}>
              <td>
                <code>{c}</code>
              </td>
              <td>{notes[c]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
