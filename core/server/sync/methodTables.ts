import type { MethodName } from '../../api/contract/methods';
import type { SyncedTable } from './syncedTables';

/**
 * The tables each write method may change, checked at merge: a transaction naming a method may touch only
 * these (plus the activity log every write keeps). Declared, not inferred, so that a forged transaction
 * cannot widen them; the convergence property test would fail on any method writing a table missing here.
 * Service methods that rebuild the whole workspace (imports, restores) are not merged as changes: a device
 * joins with a snapshot.
 */
export const METHOD_TABLES: Partial<Record<MethodName, readonly SyncedTable[]>> = {
  'workspace.start': ['settings', 'principles', 'questions', 'question_principles', 'question_tags'],
  'principles.create': ['principles', 'principle_revisions'],
  'principles.update': ['principles', 'principle_revisions'],
  'principles.reorder': ['principles'],
  'principles.archive': ['principles', 'principle_revisions'],
  'principles.restore': ['principles', 'principle_revisions'],
  'questions.create': ['questions', 'question_principles', 'question_tags'],
  'questions.update': ['questions', 'question_principles', 'question_tags'],
  'questions.retire': ['questions'],
  'questions.restore': ['questions'],
  'settings.update': ['settings'],
  'settings.setMe': [],
  'team.create': ['team_members'],
  'team.update': ['team_members'],
  'roles.create': ['roles'],
  'roles.update': ['roles'],
  'candidates.create': ['candidates'],
  'candidates.update': ['candidates'],
  'loops.create': ['loops', 'loop_slots', 'kit_questions', 'questions'],
  'loops.plan': ['loops', 'loop_slots', 'loop_shadows', 'kit_questions', 'questions'],
  'loops.transition': ['loops', 'loop_slots', 'kit_questions', 'questions', 'candidates', 'debriefs'],
  'kits.swap': ['kit_questions', 'questions'],
  'feedback.saveDraft': [],
  'feedback.submit': ['feedback', 'feedback_ratings', 'questions'],
  'feedback.amend': ['feedback', 'feedback_ratings', 'questions'],
  'feedback.recordView': ['feedback_peeks'],
  'debrief.open': ['debriefs', 'loops', 'feedback_peeks'],
  'debrief.revote': ['revotes'],
  'debrief.saveNotes': ['debriefs'],
  'decision.decide': ['decisions', 'loops', 'candidates'],
  'decision.verdict': ['decisions', 'loops', 'candidates'],
  'decision.reopen': ['decisions', 'loops', 'candidates', 'debriefs'],
  'packet.export': ['feedback_peeks'],
  'checkins.record': ['hire_checkins', 'hire_checkin_ratings'],
  'checkins.assignManager': ['hire_managers'],
  // A certification is an event and the capability it grants (or takes away) on the member.
  'training.certify': ['certification_events', 'team_members'],
  'training.revoke': ['certification_events', 'team_members'],
  'coaching.note': ['coaching_notes'],
  'practice.fromLoop': ['practice_items'],
  'practice.write': ['practice_items'],
  'practice.rate': ['practice_attempts'],
  // Team sync's own services change only the log (their folder records and keys are not rows).
  'sync.makeTeam': [],
  'sync.invite': [],
  'sync.join': [],
  'sync.confirmDevice': [],
  'sync.revokeDevice': [],
  'privacy.eraseCandidate': [
    'candidates',
    'erased_candidates',
    'activity',
    'loops',
    'loop_slots',
    'feedback',
    'feedback_ratings',
    'debriefs',
    'revotes',
    'decisions',
    'hire_managers',
    'hire_checkins',
    'hire_checkin_ratings',
    // Cascades from the loop: its coaching notes, and practice made from it with its ratings.
    'coaching_notes',
    'practice_items',
    'practice_attempts',
  ],
};

/**
 * How a row of a loop-scoped table names its loop: directly (a column) or through its parent row. The loop
 * roles of a method's access are judged against every loop its changes touch.
 */
export const LOOP_OF: Partial<Record<SyncedTable, { column: string } | { column: string; parent: SyncedTable }>> = {
  loops: { column: 'id' },
  loop_slots: { column: 'loop_id' },
  loop_shadows: { column: 'loop_id' },
  feedback: { column: 'loop_id' },
  feedback_peeks: { column: 'loop_id' },
  debriefs: { column: 'loop_id' },
  revotes: { column: 'loop_id' },
  decisions: { column: 'loop_id' },
  hire_managers: { column: 'loop_id' },
  hire_checkins: { column: 'loop_id' },
  coaching_notes: { column: 'loop_id' },
  kit_questions: { column: 'slot_id', parent: 'loop_slots' },
  feedback_ratings: { column: 'feedback_id', parent: 'feedback' },
  hire_checkin_ratings: { column: 'checkin_id', parent: 'hire_checkins' },
};
