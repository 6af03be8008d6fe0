import { useCallback, useMemo } from 'react';
import { methods, type MethodName } from '../../core/api/contract/methods';
import { mayCall, type Access } from '../../core/rules/access';
import { useApp } from '../stores/app';
import { useTeam } from '../stores/team';
import { accessFactsOf, withoutSetup, type AccessExtra } from './accessFacts';

/**
 * What "me" may call, asked of the same rule the API enforces, so the UI hides
 * or disables what would be refused. The team list is loaded by the app shell
 * at start and again after every team change.
 */
export function useAccess() {
  const settings = useApp((s) => s.settings);
  const members = useTeam((s) => s.members);
  const loaded = useTeam((s) => s.loaded);
  const may = useCallback(
    (method: MethodName, extra?: AccessExtra) => mayCall(methods[method].access, accessFactsOf(settings, { members, loaded }, extra)).ok,
    [settings, members, loaded],
  );
  /** For field-level rules the handlers enforce beyond a method's audience (e.g. founders and admins only). */
  const allows = useCallback(
    (access: Access, extra?: AccessExtra) => mayCall(access, accessFactsOf(settings, { members, loaded }, extra)).ok,
    [settings, members, loaded],
  );
  /** Why a method is out of reach, for a title or a hint: "Only founders, admins or hiring managers may do this." */
  const why = useCallback(
    (method: MethodName, extra?: AccessExtra) => {
      const verdict = mayCall(withoutSetup(methods[method].access), accessFactsOf(settings, { members, loaded }, extra));
      return verdict.ok ? '' : verdict.message;
    },
    [settings, members, loaded],
  );
  return useMemo(() => ({ may, why, allows }), [may, why, allows]);
}

/** `may(method, extra?)`: whether "me" may call it (for this loop, or this team member). */
export function useMay() {
  return useAccess().may;
}

/** "Me" as a team member (active or not), or null. */
export function useMe() {
  const meId = useApp((s) => s.settings?.me ?? null);
  return useTeam((s) => s.members.find((m) => m.id === meId) ?? null);
}
