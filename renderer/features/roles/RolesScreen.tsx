import { Link } from '../../routing/Link';
import { openedId, to, type Opened } from '../../routing/routes';
import { useEffect } from 'react';
import { roleSummary, type Role, type RoleSummary } from '../../../core/api/contract/roles';
import { AccessHint } from '../../components/AccessHint';
import { useAccess } from '../../components/useAccess';
import { useShortcut } from '../../components/useShortcut';
import { VirtualList } from '../../components/VirtualList';
import { invalidateAfter, queryClient } from '../../data/queryClient';
import { queryKeyOf, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { usePrinciples } from '../../stores/principles';
import { useTeam } from '../../stores/team';
import { RoleEditor } from './RoleEditor';
import { ROLE_STATUS_LABELS } from './roleForm';
import { ROLES_SCREEN_LIST } from './rolesReads';

export function RolesScreen({ open }: { open?: Opened | undefined }) {
  const selectedId = openedId(open);
  const isNew = open?.kind === 'new';
  const go = useApp((s) => s.go);
  const members = useTeam((s) => s.members);
  const loadTeam = useTeam((s) => s.load);
  const loadPrinciples = usePrinciples((s) => s.load);
  const listed = useApiQuery(ROLES_SCREEN_LIST.method, ROLES_SCREEN_LIST.input);
  const roles = listed.data ?? [];
  const loaded = listed.isSuccess;
  const { may, why } = useAccess();
  const canEdit = may('roles.update');
  useEffect(() => {
    if (listed.error) useApp.getState().notify('error', listed.error.message);
  }, [listed.error]);

  useEffect(() => {
    void loadTeam();
    void loadPrinciples();
  }, [loadTeam, loadPrinciples]);

  // The list counts each role's template; the editor reads the whole role.
  const listedSelected = selectedId && !isNew ? roles.find((r) => r.id === selectedId) : undefined;
  const full = useApiQuery('roles.get', { id: selectedId ?? '' }, { enabled: Boolean(listedSelected) });
  const selected = listedSelected && full.data?.id === listedSelected.id ? full.data : undefined;
  useEffect(() => {
    if (full.error) useApp.getState().notify('error', full.error.message);
  }, [full.error]);
  useShortcut('mod+n', () => go(to.creating('roles')), !isNew && canEdit);

  const nameOf = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? 'Unknown') : null);
  const done = (saved: Role | null) => {
    if (saved) {
      // Show the saved role at once; reading the list again brings its order.
      const summary = roleSummary(saved);
      queryClient.setQueryData<RoleSummary[]>(queryKeyOf(ROLES_SCREEN_LIST.method, ROLES_SCREEN_LIST.input), (list = []) =>
        list.some((r) => r.id === saved.id) ? list.map((r) => (r.id === saved.id ? summary : r)) : [...list, summary],
      );
      queryClient.setQueryData<Role>(queryKeyOf('roles.get', { id: saved.id }), saved);
      void invalidateAfter('roles.update');
    }
    go(saved ? to.record('roles', saved.id) : { screen: 'roles' });
  };
  const openCount = roles.filter((r) => r.status === 'open').length;

  return (
    <div className="split split-wide">
      <section className="list-pane" aria-labelledby="roles-title">
        <header className="screen-head">
          <h1 id="roles-title">Roles</h1>
          {canEdit && (
            <Link to={to.creating('roles')} className="primary">
              New role
            </Link>
          )}
        </header>
        <AccessHint method="roles.update" what="Opening and editing roles" />
        <p className="lead">Each opening names the principles every candidate is judged on, and the interviews that cover them.</p>
        {loaded && roles.length === 0 && <p className="empty">No roles yet. Open the first one: who are you hiring next?</p>}
        {roles.length > 0 && (
          <p className="result-count" role="status">
            {roles.length === 1 ? '1 role' : `${roles.length} roles`} · {openCount} open
          </p>
        )}
        {/* Every role a company ever opened (hundreds at large): only the rows in view are drawn, as on Team. */}
        <VirtualList
          items={roles}
          label="Roles"
          className="entity-list"
          getKey={(r) => r.id}
          estimateSize={76}
          renderItem={(r) => {
            const manager = nameOf(r.hiringManagerId);
            const sub = [r.team, r.level, manager && `Hiring manager: ${manager}`].filter(Boolean).join(' · ');
            return (
              <Link
                to={to.record('roles', r.id)}
                className={`entity-row${r.status === 'closed' ? ' entity-left' : ''}`}
                aria-current={r.id === selectedId ? 'true' : undefined}
              >
                <span className="entity-title">
                  {r.title}
                  <span className={`badge badge-role-${r.status}`}>{ROLE_STATUS_LABELS[r.status]}</span>
                </span>
                {sub && <span className="entity-sub">{sub}</span>}
                <span className="entity-meta muted">
                  {r.focusPrincipleCount === 1 ? '1 focus principle' : `${r.focusPrincipleCount} focus principles`} ·{' '}
                  {r.interviewCount === 1 ? '1 interview' : `${r.interviewCount} interviews`}
                </span>
              </Link>
            );
          }}
        />
      </section>
      <aside className="detail-pane">
        {isNew && canEdit && <RoleEditor key="new" role={null} roles={roles} onDone={done} />}
        {selected && (
          <RoleEditor
            key={`${selected.id}.${selected.revision}`}
            role={selected}
            roles={roles}
            onDone={done}
            readOnly={canEdit ? undefined : why('roles.update')}
          />
        )}
        {selectedId && !isNew && !selected && (
          <p className="placeholder" role={loaded && !listedSelected ? 'alert' : undefined} aria-busy={!loaded || Boolean(listedSelected)}>
            {loaded && !listedSelected ? 'This role no longer exists.' : 'Loading…'}
          </p>
        )}
        {!selectedId && <p className="placeholder">Select a role to edit it, or press Ctrl+N to open a new one.</p>}
      </aside>
    </div>
  );
}
