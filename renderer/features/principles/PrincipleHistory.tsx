import { useEffect, useState } from 'react';
import { RATING_LEVELS, type Principle, type PrincipleContent, type PrincipleRevision } from '../../../core/api/contract/principles';
import { formatActor, formatTime } from '../../components/format';
import { usePrinciples } from '../../stores/principles';

const FIELDS: { key: keyof PrincipleContent; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'summary', label: 'Summary' },
  { key: 'description', label: 'Description' },
];

function changes(r: PrincipleRevision): { label: string; before: string; after: string }[] {
  const out = FIELDS.filter((f) => r.before?.[f.key] !== r.after[f.key]).map((f) => ({
    label: f.label,
    before: (r.before?.[f.key] as string | undefined) ?? '',
    after: r.after[f.key] as string,
  }));
  RATING_LEVELS.forEach((level, i) => {
    const before = r.before?.anchors[i] ?? '';
    const after = r.after.anchors[i] ?? '';
    if (before !== after) out.push({ label: `Anchor, level ${level}`, before, after });
  });
  return out;
}

export function PrincipleHistory({ principle, onClose }: { principle: Principle; onClose(): void }) {
  const [revisions, setRevisions] = useState<PrincipleRevision[] | null>(null);
  const load = usePrinciples((s) => s.revisions);
  useEffect(() => {
    void load(principle.id).then(setRevisions);
  }, [load, principle.id, principle.revision]);

  return (
    <section className="editor" aria-label={`History of ${principle.name}`}>
      <div className="editor-head">
        <h2>History of “{principle.name}”</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {revisions === null ? (
        <p>Loading…</p>
      ) : (
        <ol className="revisions">
          {revisions.map((r) => (
            <li key={r.id}>
              <h3>
                Revision {r.revision} · {formatTime(r.at)} · {formatActor(r.actor)}
              </h3>
              {r.before === null ? (
                <p>Created.</p>
              ) : (
                <dl>
                  {changes(r).map((c) => (
                    <div key={c.label} className="change">
                      <dt>{c.label}</dt>
                      <dd>
                        <del>{c.before || '(empty)'}</del> → <ins>{c.after || '(empty)'}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
