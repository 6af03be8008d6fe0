import type { ReadableDB } from '../../db/handles';

/**
 * Values derived from many rows (the calibration report, the evidence a person may read) kept on a read
 * connection until a commit that can change them. PRAGMA data_version on a read connection moves with every
 * commit by another connection, so keying by it alone threw them away on every write, even choosing "me" or
 * autosaving a draft. Here each topic has its own key: the data_version of the last commit that may have
 * changed it. A commit this thread made and knows (`afterCommit`, told which topics the write can touch)
 * moves only those topics' keys; any other commit (the worker's import, a sync, a file written from outside)
 * moves every key. So a kept value is never older than the data it was derived from.
 */
export type Topic = 'calibration' | 'readableEvidence';
const TOPICS: readonly Topic[] = ['calibration', 'readableEvidence'];

interface Tracker {
  /** The data_version this thread has accounted for. */
  known: number;
  since: Record<Topic, number>;
  /** How many times a commit this thread was not told of was seen (the first look counts as one). */
  untold: number;
}
const trackers = new WeakMap<ReadableDB, Tracker>();

const versionOf = (db: ReadableDB) => db.pragma('data_version', { simple: true }) as number;

/** The key for values about `topic` read on `db`: the same until a commit that may change them. */
export function topicVersion(db: ReadableDB, topic: Topic): number {
  return trackerOf(db).since[topic];
}

/** A count that moves whenever a commit this thread was not told of is seen: its changes are unknown. */
export function untoldCommits(db: ReadableDB): number {
  return trackerOf(db).untold;
}

function trackerOf(db: ReadableDB): Tracker {
  const version = versionOf(db);
  let tracker = trackers.get(db);
  if (!tracker || tracker.known !== version) {
    tracker = { known: version, since: { calibration: version, readableEvidence: version }, untold: (tracker?.untold ?? 0) + 1 };
    trackers.set(db, tracker);
  }
  return tracker;
}

/** What the read connection sees just before this thread writes; hand it to `afterCommit`. */
export function beforeWrite(db: ReadableDB): number {
  return versionOf(db);
}

/**
 * After this thread's write committed: topics it cannot have changed keep their key. Only when nothing
 * else committed since the tracker last looked (`before`, read just before the write, is what it knows).
 */
export function afterCommit(db: ReadableDB, before: number, method: string, entities: readonly string[]): void {
  const tracker = trackers.get(db);
  if (!tracker || tracker.known !== before) return;
  const after = versionOf(db);
  tracker.known = after;
  for (const topic of TOPICS) if (mayChange(topic, method, entities)) tracker.since[topic] = after;
}

/** The workspace's own writes of the calibration's stored facts (db/scienceDirtyLoops.ts): no data changes. */
export const SCIENCE_CACHE_WRITE = 'science.storeFacts';

// Writes that cannot change a topic, by method: a method not named here counts as changing it. Entity
// kinds alone cannot tell a draft's autosave from a submission (both are "feedback") or a debrief's notes
// from a decision (both "loop").
const NEITHER = [
  SCIENCE_CACHE_WRITE,
  'settings.update',
  'settings.setMe', // evidence is kept per viewer anyway
  'feedback.saveDraft', // drafts are in no figure and readable by no one else
  'feedback.recordView',
  'coaching.note',
  'practice.fromLoop',
  'practice.write',
  'practice.rate',
  'packet.export',
  'candidates.create',
  'candidates.update',
  'debrief.saveNotes',
  'checkins.assignManager',
];
const UNCHANGED: Record<Topic, ReadonlySet<string>> = {
  // The report names principles, roles, interviewers and questions, so their edits count.
  calibration: new Set([...NEITHER, 'training.certify', 'training.revoke']),
  // Who may read what follows loops (their people and slots), feedback submitted and being an admin.
  readableEvidence: new Set([
    ...NEITHER,
    'principles.create',
    'principles.update',
    'principles.reorder',
    'principles.archive',
    'principles.restore',
    'questions.create',
    'questions.update',
    'questions.retire',
    'questions.restore',
    'roles.create',
    'roles.update',
    'kits.swap',
    'checkins.record',
  ]),
};
const NO_TOPIC_ENTITIES = new Set(['settings', 'practice']);

/** Whether a committed write (its method, the entity kinds its activity rows name) may change `topic`. */
export function mayChange(topic: Topic, method: string, entities: readonly string[]): boolean {
  if (entities.length > 0 && entities.every((e) => NO_TOPIC_ENTITIES.has(e))) return false;
  return !UNCHANGED[topic].has(method);
}
