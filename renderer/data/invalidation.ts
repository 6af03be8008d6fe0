import type { QueryClient } from '@tanstack/react-query';
import { ANY_ENTITY, type ServerEvents } from '../../core/api/contract/events';
import type { MethodName, Methods } from '../../core/api/contract/methods';

/**
 * Which cached reads a write makes stale. Both directions are stated in entity
 * kinds, the words the activity log and the server's `data.changed` event use,
 * so a write made here and one announced from another window invalidate alike.
 */
export type EntityKind = 'candidate' | 'feedback' | 'loop' | 'practice' | 'principle' | 'question' | 'role' | 'settings' | 'team_member' | 'workspace';
export const ENTITY_KINDS: readonly EntityKind[] = ['candidate', 'feedback', 'loop', 'practice', 'principle', 'question', 'role', 'settings', 'team_member', 'workspace'];

type OfKind<K extends string> = { [M in MethodName]: Methods[M]['kind'] extends K ? M : never }[MethodName];

/** Services that only read (run in the background, so not `read` in the contract) yet feed a screen like a read. */
export const READ_SERVICES = ['backups.list', 'transfer.preview', 'science.calibration', 'sync.status', 'sync.conflicts', 'activity.verify', 'privacy.lockState'] as const;
type ReadService = (typeof READ_SERVICES)[number];

export type QueryMethod = OfKind<'read'> | ReadService;
export type ChangeMethod = Exclude<OfKind<'write' | 'service'>, ReadService>;

const LOOP_VIEW: readonly EntityKind[] = ['loop', 'candidate', 'role', 'team_member', 'principle', 'question'];
const FEEDBACK_VIEW: readonly EntityKind[] = ['feedback', 'loop', 'team_member', 'principle'];

/**
 * Kinds every read depends on: `workspace` (a start, an import) may change
 * anything, and `settings` holds "me", whom every read answers for.
 */
export const WORKSPACE_WIDE: readonly EntityKind[] = ['workspace', 'settings'];

/** What each read shows, besides the workspace-wide kinds. */
export const READ_DEPENDS_ON: Record<QueryMethod, readonly EntityKind[]> = {
  'workspace.get': [],
  'principles.list': ['principle'],
  'principles.get': ['principle'],
  'principles.revisions': ['principle'],
  'questions.list': ['question', 'principle'],
  'questions.get': ['question', 'principle'],
  'questions.tags': ['question'],
  'questions.coverage': ['question', 'principle'],
  'settings.get': ['team_member'],
  'team.list': ['team_member', 'loop', 'feedback'],
  'team.names': ['team_member'],
  'team.get': ['team_member', 'loop', 'feedback'],
  // Counts come from loops; readiness also names principles and this month's loops per role team.
  'training.progress': ['team_member', 'loop'],
  'training.readiness': ['team_member', 'loop', 'principle', 'role', 'candidate'],
  'roles.list': ['role', 'principle', 'team_member'],
  'roles.get': ['role', 'principle', 'team_member'],
  // A decision changes a candidate's status and cooldown, logged on the loop.
  'candidates.list': ['candidate', 'loop'],
  'candidates.get': ['candidate', 'loop'],
  // An erasure of the candidate (logged as a candidate) removes their loops.
  'candidates.history': ['loop', 'role', 'candidate'],
  'loops.list': LOOP_VIEW,
  'loops.get': [...LOOP_VIEW, 'feedback'],
  'loops.suggest': LOOP_VIEW,
  'kits.get': LOOP_VIEW,
  'kits.pdf': LOOP_VIEW,
  'feedback.mine': FEEDBACK_VIEW,
  'feedback.status': FEEDBACK_VIEW,
  'feedback.owed': [...FEEDBACK_VIEW, 'candidate', 'role'],
  'feedback.list': FEEDBACK_VIEW,
  'coaching.forLoop': FEEDBACK_VIEW,
  'coaching.session': FEEDBACK_VIEW,
  'coaching.progress': ['feedback', 'loop'],
  // An erasure of the candidate removes the practice made from their loops.
  'practice.list': ['practice', 'principle', 'candidate'],
  'practice.get': ['practice', 'principle', 'candidate'],
  'practice.results': ['practice', 'principle', 'candidate'],
  'debrief.get': FEEDBACK_VIEW,
  'home.get': [...LOOP_VIEW, 'feedback'],
  'checkins.list': ['loop', 'candidate', 'role', 'team_member'],
  'checkins.get': ['loop', 'candidate', 'role', 'team_member', 'principle'],
  'evidence.search': [...FEEDBACK_VIEW, 'candidate', 'role'],
  'activity.list': ENTITY_KINDS,
  'activity.verify': ENTITY_KINDS,
  // Any import (announced for every kind) may quarantine a change.
  'sync.quarantine': ENTITY_KINDS,
  'privacy.erasurePlan': ['candidate', 'loop', 'feedback'],
  'privacy.retention': ['candidate', 'loop', 'feedback'],
  'transfer.exportCsv': ENTITY_KINDS,
  'backups.list': [],
  'science.calibration': ['feedback', 'loop', 'candidate', 'team_member', 'principle', 'role'],
  // Which rows would be new or duplicates depends on what is already there.
  'transfer.preview': ENTITY_KINDS,
  // Any write goes to the outbox (this device's last change); other devices' changes arrive as `*`.
  'sync.status': ENTITY_KINDS,
  // Recorded as other devices' changes are applied, which announces every kind.
  'sync.conflicts': ENTITY_KINDS,
  // The idle minutes are a setting (workspace-wide); how the key is sealed changes only by encrypting, which touches `*`.
  'privacy.lockState': [],
};

type Touches = readonly EntityKind[] | typeof ANY_ENTITY;

/** What each write changes: the entity kinds its handler logs (`*` for file-level services that may change anything). */
export const WRITE_TOUCHES: Record<ChangeMethod, Touches> = {
  'workspace.start': ['workspace'],
  'principles.create': ['principle'],
  'principles.update': ['principle'],
  'principles.reorder': ['principle'],
  'principles.archive': ['principle'],
  'principles.restore': ['principle'],
  'questions.create': ['question'],
  'questions.update': ['question'],
  'questions.retire': ['question'],
  'questions.restore': ['question'],
  'settings.update': ['settings'],
  'settings.setMe': ['settings'],
  'team.create': ['team_member', 'settings'],
  'team.update': ['team_member'],
  'training.certify': ['team_member'],
  'training.revoke': ['team_member'],
  'roles.create': ['role'],
  'roles.update': ['role'],
  'candidates.create': ['candidate'],
  'candidates.update': ['candidate'],
  'loops.create': ['loop'],
  'loops.plan': ['loop'],
  'loops.transition': ['loop'],
  'kits.swap': ['loop'],
  'feedback.saveDraft': ['feedback'],
  // The note is logged against its loop.
  'coaching.note': ['loop'],
  'practice.fromLoop': ['practice'],
  'practice.write': ['practice'],
  'practice.rate': ['practice'],
  'feedback.submit': ['feedback'],
  'feedback.amend': ['feedback'],
  // Opening the debrief moves the loop on; recording a view is logged on the loop. Neither is read again by
  // a read refreshing (reads only read), so two tabs cannot echo each other.
  'debrief.open': ['loop'],
  'feedback.recordView': ['loop'],
  'debrief.revote': ['loop'],
  'debrief.saveNotes': ['loop'],
  'decision.decide': ['loop'],
  'decision.verdict': ['loop'],
  'decision.reopen': ['loop'],
  // Check-ins belong to the hire's loop and are logged on it.
  'checkins.record': ['loop'],
  'checkins.assignManager': ['loop'],
  'packet.export': [],
  'backups.create': [],
  'backups.download': [],
  'science.calibrationPdf': [],
  'backups.restore': ANY_ENTITY,
  'recovery.status': [],
  'recovery.restore': ANY_ENTITY,
  'recovery.startFresh': ANY_ENTITY,
  'privacy.eraseCandidate': ['candidate'],
  'transfer.import': ANY_ENTITY,
  'transfer.exportWorkspace': [],
  'transfer.importWorkspace': ANY_ENTITY,
  // Team sync: joining or unlocking may bring other devices' changes in; the rest change only the folder and the log.
  'sync.makeTeam': ['settings'],
  'sync.invite': [],
  'sync.join': ANY_ENTITY,
  'sync.confirmDevice': [],
  'sync.revokeDevice': [],
  'sync.unlock': ANY_ENTITY,
  'privacy.encryptWorkspace': ANY_ENTITY,
  // The page is reloaded after an unlock and cleared at a lock (renderer/features/lock): nothing cached survives either.
  'privacy.unlock': ANY_ENTITY,
  'privacy.lock': [],
  'privacy.activity': [],
};

/** Writes to what is not an entity (backup files beside the database): the reads they change, named directly. */
export const WRITE_ALSO_INVALIDATES: Partial<Record<ChangeMethod, readonly QueryMethod[]>> = {
  'backups.create': ['backups.list'],
  // Devices and invitations live in the shared folder, not in entities.
  'sync.invite': ['sync.status'],
  'sync.confirmDevice': ['sync.status'],
  'sync.revokeDevice': ['sync.status'],
};

const QUERY_METHODS = Object.keys(READ_DEPENDS_ON) as QueryMethod[];

const READ_SERVICE_SET: ReadonlySet<string> = new Set(READ_SERVICES);

/** A read of the contract itself (kind `read`, not a read-only service): the kind the host's read batch takes. */
export function isContractRead(method: string): boolean {
  return Object.hasOwn(READ_DEPENDS_ON, method) && !READ_SERVICE_SET.has(method);
}

const KNOWN = new Set<string>(ENTITY_KINDS);

/** The reads to fetch again after entities of these kinds changed; every read for `*`, a workspace-wide kind or one not known here. */
export function readsAffectedBy(entities: readonly string[]): QueryMethod[] {
  if (entities.some((e) => e === ANY_ENTITY || (WORKSPACE_WIDE as readonly string[]).includes(e) || !KNOWN.has(e))) return QUERY_METHODS;
  const changed = new Set(entities);
  return QUERY_METHODS.filter((m) => READ_DEPENDS_ON[m].some((e) => changed.has(e)));
}

/** The reads a write made from this window makes stale. */
export function readsInvalidatedBy(method: ChangeMethod): QueryMethod[] {
  const touches = WRITE_TOUCHES[method];
  const reads = readsAffectedBy(touches === ANY_ENTITY ? [ANY_ENTITY] : touches);
  return [...new Set([...reads, ...(WRITE_ALSO_INVALIDATES[method] ?? [])])];
}

/** The reads a change announced by the server makes stale. */
export function readsInvalidatedByEvent({ entities }: ServerEvents['data.changed']): QueryMethod[] {
  return readsAffectedBy(entities);
}

/** Marks the cached reads of these methods stale in `client`; those in use (on screen, mirrored by a store) read again at once. */
export function invalidateIn(client: QueryClient, reads: readonly QueryMethod[]): Promise<void> {
  if (reads.length === 0) return Promise.resolve();
  const names = new Set<string>(reads);
  return client.invalidateQueries({ predicate: (q) => names.has(String(q.queryKey[0])) });
}
