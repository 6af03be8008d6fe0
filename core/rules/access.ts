// Who may call a method (issue: "rights that only admins grant"). Each write and
// service method declares its audience beside its schema in the contract;
// dispatch, the workspace services, the docs and the UI all ask this one
// function, and team sync will check incoming changes with it too.
//
// Pure and dependency-free: runs in the renderer (to hide what you may not do)
// and in the API (to refuse it).

import type { Capability } from './planTypes';

/**
 * One group of people. A method lists the groups that may call it; belonging
 * to any one of them is enough.
 */
export type Audience =
  /** Anyone at this machine, even before "me" is chosen. */
  | 'anyone'
  /** Any active team member chosen as "me". */
  | 'member'
  /** While the workspace has no team members yet (first run): nobody exists to protect. */
  | 'setup'
  /** Holders of a capability. */
  | Capability
  /** The extra capabilities the settings allow to edit an area, besides founders and admins. */
  | `editors.${EditableArea}`
  /** A role in the loop the input names. */
  | `loop.${LoopRole}`
  /** The team member the input's `id` names: people may edit their own profile. */
  | 'self';

export const EDITABLE_AREAS = ['principles', 'questions', 'roles'] as const;
export type EditableArea = (typeof EDITABLE_AREAS)[number];

/** hire_manager: whoever manages the hire a loop ended in (its hiring manager unless someone else was chosen). */
export type LoopRole = 'hiring_manager' | 'bar_raiser' | 'interviewer' | 'shadow' | 'trainee' | 'hire_manager';

export interface Access {
  who: readonly Audience[];
  /** The input field that names the loop, when a loop role is in `who`. */
  loopField?: 'id' | 'loopId';
  /** The input field naming the person a form was opened as: a different "me" now is a conflict, checked first. */
  authorField?: 'authorId';
  /** Finer rules the handler enforces, in words, for the docs and the UI. */
  note?: string;
}

/** The settings part of the facts: which capabilities may edit each area besides founders and admins. */
export type EditorSettings = Record<EditableArea, readonly Capability[]>;

export const DEFAULT_EDITORS: EditorSettings = {
  principles: [],
  questions: ['interviewer', 'bar_raiser', 'hiring_manager'],
  roles: ['hiring_manager'],
};

export interface AccessFacts {
  /** The caller as an active team member, or null when "me" is not chosen (or has left). */
  actor: { id: string; capabilities: readonly Capability[] } | null;
  /** True while the workspace has no team members at all. */
  setup: boolean;
  editors: EditorSettings;
  /** The loop's people, when the method names a loop. */
  loop?: {
    hiringManagerId: string | null;
    barRaiserId: string | null;
    interviewerIds: readonly string[];
    shadowIds: readonly string[];
    /** Trainees leading reverse-shadow slots. */
    traineeIds?: readonly string[];
    /** Read only for methods open to the hire's manager; null when the loop is not a hire. */
    hireManagerId?: string | null;
  };
  /** The team member the input's `id` names (for `self`). */
  subjectId?: string;
}

const LABELS: Record<string, string> = {
  anyone: 'anyone',
  member: 'any team member',
  setup: 'anyone while the team is still empty',
  founder: 'founders',
  admin: 'admins',
  interviewer: 'trained interviewers',
  bar_raiser: 'bar raisers',
  bar_raiser_in_training: 'bar raisers in training',
  hiring_manager: 'hiring managers',
  'loop.hiring_manager': "the loop's hiring manager",
  'loop.bar_raiser': "the loop's bar raiser",
  'loop.interviewer': "the loop's interviewers",
  'loop.shadow': "the loop's shadows",
  'loop.trainee': "the loop's reverse-shadow trainees",
  'loop.hire_manager': "the hire's manager",
  self: 'the person themselves',
};

/** The audience in words: "founders, admins or the loop's hiring manager". */
export function describeAccess(access: Access): string {
  const names = access.who.map((a) => (a.startsWith('editors.') ? `whoever the settings allow to edit ${a.slice(8)}` : (LABELS[a] ?? a)));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

function holds(audience: Audience, facts: AccessFacts): boolean {
  const { actor, loop } = facts;
  if (audience === 'anyone') return true;
  if (audience === 'setup') return facts.setup;
  if (!actor) return false;
  if (audience === 'member') return true;
  if (audience === 'self') return facts.subjectId === actor.id;
  if (audience.startsWith('editors.')) {
    const allowed = facts.editors[audience.slice(8) as EditableArea] ?? [];
    return actor.capabilities.some((c) => allowed.includes(c));
  }
  if (audience.startsWith('loop.')) {
    if (!loop) return false;
    switch (audience) {
      case 'loop.hiring_manager':
        return loop.hiringManagerId === actor.id;
      case 'loop.bar_raiser':
        return loop.barRaiserId === actor.id;
      case 'loop.interviewer':
        return loop.interviewerIds.includes(actor.id);
      case 'loop.shadow':
        return loop.shadowIds.includes(actor.id);
      case 'loop.trainee':
        return (loop.traineeIds ?? []).includes(actor.id);
      case 'loop.hire_manager':
        return loop.hireManagerId === actor.id;
      default:
        return false;
    }
  }
  return actor.capabilities.includes(audience as Capability);
}

export type AccessVerdict = { ok: true } | { ok: false; message: string };

/** May the caller described by `facts` call a method with this access? */
export function mayCall(access: Access, facts: AccessFacts): AccessVerdict {
  if (access.who.some((a) => holds(a, facts))) return { ok: true };
  const who = describeAccess(access);
  if (!facts.actor) return { ok: false, message: `Choose who you are in Settings first: only ${who} may do this.` };
  return { ok: false, message: `Only ${who} may do this.` };
}

/**
 * A workspace being set up: nobody on the team yet and nobody chosen as "me". A device that joined a team has no
 * members until its first snapshot arrives but has its owner as "me" from the join, so its interviewer is not
 * taken for whoever sets the workspace up (who may encrypt it, restore a backup, add the first people).
 */
export const inSetup = (workspace: { anyMember: boolean; me: string | null }): boolean => !workspace.anyMember && workspace.me === null;

/** Founders and admins: the people who grant rights. */
export const ADMINS: Access = { who: ['founder', 'admin'] };

/**
 * Who decides how the workspace is kept on this machine (encrypting it): founders and admins, and whoever sets up
 * a workspace with nobody in it yet, so the first run can encrypt it before its first principle is written.
 */
export const WORKSPACE_KEEPERS: Access = { who: ['founder', 'admin', 'setup'] };

export function isAdminOrFounder(capabilities: readonly Capability[]): boolean {
  return capabilities.includes('admin') || capabilities.includes('founder');
}
