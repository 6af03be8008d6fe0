import { Link } from '../../routing/Link';
import { openedId, to, type Opened } from '../../routing/routes';
import { useMemo, useState } from 'react';
import { CAPABILITY_LABELS, type TeamMember } from '../../../core/api/contract/team';
import { AccessHint } from '../../components/AccessHint';
import { useMay } from '../../components/useAccess';
import { useShortcut } from '../../components/useShortcut';
import { VirtualList } from '../../components/VirtualList';
import { useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { activeMembers } from '../../stores/team';
import { MemberEditor } from './MemberEditor';
import { TEAM_SCREEN_LIST } from './teamReads';

const NOBODY: TeamMember[] = [];

export function TeamScreen({ open }: { open?: Opened | undefined }) {
  const selectedId = openedId(open);
  const isNew = open?.kind === 'new';
  // The one screen that needs the full list (training counts, managers, emails); the others read `team.names`.
  const list = useApiQuery(TEAM_SCREEN_LIST.method, TEAM_SCREEN_LIST.input);
  const members = list.data ?? NOBODY;
  const loaded = list.isSuccess;
  const go = useApp((s) => s.go);
  const me = useApp((s) => s.settings?.me ?? null);
  const [showLeft, setShowLeft] = useState(false);
  const canAdd = useMay()('team.create');

  useShortcut('mod+n', () => go(to.creating('team')), !isNew && canAdd);

  const active = useMemo(() => activeMembers(members), [members]);
  const left = members.length - active.length;
  const visible = showLeft ? members : active;
  const byId = useMemo(() => new Map(members.map((m) => [m.id, m])), [members]);
  const selected = selectedId && !isNew ? byId.get(selectedId) : undefined;
  const nameOf = (id: string | null) => (id ? (byId.get(id)?.name ?? 'Unknown') : null);
  const done = (saved: TeamMember | null) => go(saved ? to.record('team', saved.id) : { screen: 'team' });

  return (
    <div className="split">
      <section className="list-pane" aria-labelledby="team-title">
        <header className="screen-head">
          <h1 id="team-title">Team</h1>
          {canAdd && (
            <Link to={to.creating('team')} className="primary">
              Add team member
            </Link>
          )}
        </header>
        <AccessHint method="team.create" what="Adding people" />
        <p className="lead">
          Everyone who interviews, hires or bar-raises. Managers and teams decide who is independent enough to be a bar raiser.
        </p>
        {loaded && members.length === 0 && (
          <p className="empty">No team members yet. Add yourself first, then choose who you are in Settings.</p>
        )}
        <p className="result-count" role="status">
          {active.length === 1 ? '1 active member' : `${active.length} active members`}
          {left > 0 && ` · ${left} left`}
        </p>
        {list.error && (
          <p className="form-error" role="alert">
            {list.error.message}
          </p>
        )}
        <VirtualList
          items={visible}
          label="Team members"
          className="entity-list"
          getKey={(m) => m.id}
          estimateSize={76}
          renderItem={(m) => {
            const manager = nameOf(m.managerId);
            const sub = [m.title, m.team, manager && `Manager: ${manager}`].filter(Boolean).join(' · ');
            return (
              <Link
                to={to.record('team', m.id)}
                className={`entity-row${m.status === 'left' ? ' entity-left' : ''}`}
                aria-current={m.id === selectedId ? 'true' : undefined}
              >
                <span className="entity-title">
                  {m.name}
                  {m.id === me && <span className="badge badge-info">You</span>}
                  {m.status === 'left' && <span className="badge badge-left">Left</span>}
                </span>
                {sub && <span className="entity-sub">{sub}</span>}
                {m.capabilities.length > 0 && (
                  <span className="entity-meta">
                    {m.capabilities.map((c) => (
                      <span key={c} className={`badge badge-cap badge-cap-${c}`}>
                        {CAPABILITY_LABELS[c]}
                      </span>
                    ))}
                  </span>
                )}
              </Link>
            );
          }}
        />
        {left > 0 && (
          <label className="toggle">
            <input type="checkbox" checked={showLeft} onChange={(e) => setShowLeft(e.target.checked)} /> Show people who left (
            {left})
          </label>
        )}
      </section>
      <aside className="detail-pane">
        {isNew && <MemberEditor key="new" member={null} onDone={done} />}
        {selected && <MemberEditor key={`${selected.id}.${selected.revision}`} member={selected} onDone={done} />}
        {selectedId && !isNew && !selected && (
          <p className="placeholder" role={loaded ? 'alert' : undefined} aria-busy={!loaded}>
            {loaded ? 'This team member no longer exists.' : 'Loading…'}
          </p>
        )}
        {!selectedId && <p className="placeholder">Select a person to edit them, or press Ctrl+N to add one.</p>}
      </aside>
    </div>
  );
}
