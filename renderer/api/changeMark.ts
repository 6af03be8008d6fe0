import type { ChangeMark } from '../../core/api/contract/browserSession';

/** Whether the page missed a change: it holds what was true at `known`, and the event stream opened at `opened`. */
export function missedChanges(known: ChangeMark | null, opened: ChangeMark | null): boolean {
  return !known || !opened || known.instance !== opened.instance || known.changes !== opened.changes;
}
