import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useEffect, useMemo, useState } from 'react';
import { LOOP_STATUSES } from '../../../core/api/contract/loops';
import { Combobox } from '../../components/Combobox';
import { formatTime } from '../../components/format';
import { useMay } from '../../components/useAccess';
import { VirtualTable } from '../../components/VirtualTable';
import { useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { activeMembers, useTeam } from '../../stores/team';
import { CandidateName } from '../../components/candidateName';

export function LoopsScreen() {
  const { notify } = useApp();
  const members = useTeam((s) => s.members);
  const may = useMay();
  const [status, setStatus] = useState('open');
  const [roleId, setRoleId] = useState('');
  const [memberId, setMemberId] = useState('');
  const people = useMemo(() => activeMembers(members).map((m) => ({ value: m.id, label: m.name })), [members]);
  const roles = useApiQuery('roles.list', undefined).data;
  const roleOptions = useMemo(() => (roles ?? []).map((r) => ({ value: r.id, label: r.title })), [roles]);
  const listed = useApiQuery('loops.list', {
    status: status as 'open',
    ...(roleId ? { roleId } : {}),
    ...(memberId ? { memberId } : {}),
  }, { keepPrevious: true });
  const loops = listed.data ?? null;
  useEffect(() => {
    if (listed.error) notify('error', listed.error.message);
  }, [listed.error, notify]);

  return (
    <section className="single wide" aria-labelledby="loops-title">
      <header className="screen-head">
        <h1 id="loops-title">Loops</h1>
        {may('loops.create') && (
          <Link to={to.screen('candidates')} className="primary">
            Plan a loop from a candidate
          </Link>
        )}
      </header>
      <p className="lead">One candidate's interviews for one role: who interviews, who owns which principle, and who raises the bar.</p>
      <div className="filters">
        <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="open">Open (not closed or cancelled)</option>
          <option value="all">All statuses</option>
          {LOOP_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]?.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
        {/* Every role the company ever opened (300 at ten years): typed to narrow, not drawn as a <select>. */}
        <Combobox aria-label="Filter by role" options={roleOptions} value={roleId} onChange={setRoleId} emptyLabel="All roles" />
        <Combobox aria-label="Filter by person" options={people} value={memberId} onChange={setMemberId} emptyLabel="Anyone" />
      </div>
      {loops?.length === 0 && <p className="empty">No loops here yet. Open a candidate and choose “Create loop”.</p>}
      {loops && (
        <p className="result-count" role="status">
          {loops.length === 1 ? '1 loop' : `${loops.length} loops`}
        </p>
      )}
      <VirtualTable
        items={loops ?? []}
        label="Loops"
        columns={5}
        getKey={(l) => l.id}
        head={
          <>
            <th scope="col">Candidate</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Interviews</th>
            <th scope="col">First interview</th>
          </>
        }
        renderRow={(l) => (
          <>
            <th scope="row">
              <Link to={to.loop(l.id)} className="link">
                <CandidateName name={l.candidateName} />
              </Link>
            </th>
            <td>{l.roleTitle}</td>
            <td>
              <span className={`badge badge-status-${l.status}`}>{l.status}</span>
            </td>
            <td>{l.slotCount}</td>
            <td>{l.firstStartsAt ? formatTime(l.firstStartsAt) : 'not scheduled'}</td>
          </>
        )}
      />
    </section>
  );
}
