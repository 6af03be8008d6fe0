import type { z } from 'zod';
import type { FieldIssue } from './result';

// The one scheme for the path of a field issue, used by the API when it refuses input and by the
// renderer when it checks a form with the same schema before the round trip: dotted, and a list
// whose items carry their own key is named by that key. Ratings are keyed by principle everywhere
// (the form, the completeness rules), so `ratings.<principleId>.evidence.action` is the one name for
// a rating's field, whether zod found the problem or a rule did.

/** Lists whose items are named by a key of theirs rather than by position. */
const KEYED_LISTS: Readonly<Record<string, string>> = { ratings: 'principleId' };

const KEY_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `path` of an issue in `input`, with the index of an item of a keyed list replaced by the item's key. */
export function issuePath(path: readonly PropertyKey[], input: unknown): string {
  const out: string[] = [];
  let at: unknown = input;
  path.forEach((segment, i) => {
    const listKey = typeof segment === 'number' ? KEYED_LISTS[String(path[i - 1])] : undefined;
    const item = Array.isArray(at) ? (at as unknown[])[segment as number] : isRecord(at) ? at[String(segment)] : undefined;
    const key = listKey && isRecord(item) ? item[listKey] : undefined;
    // Only a well-formed key names the item: anything else could be long or hold dots, so the position stays.
    out.push(typeof key === 'string' && KEY_SHAPE.test(key) ? key : String(segment));
    at = item;
  });
  return out.join('.');
}

/** A zod refusal as field issues under the one path scheme; an issue with no path is named by its field or `input`. */
export function issuesFromZod(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
    const path = (issue.path.length ? issuePath(issue.path, input) : keys.length ? String(keys[0]) : 'input').slice(0, 200);
    // Field names come from the caller: shorten them, so a huge key cannot make a huge error.
    const shown = keys.slice(0, 5).map((k) => (String(k).length > 60 ? `${String(k).slice(0, 57)}…` : String(k)));
    const message =
      issue.code === 'unrecognized_keys' ? `Unknown field${keys.length > 1 ? 's' : ''}: ${shown.join(', ')}${keys.length > 5 ? ', …' : ''}` : issue.message;
    return { path, message };
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
