import { createElement, Fragment } from 'react';

/**
 * A candidate's name as the API gives it. A blank one is a candidate this device holds blind (team sync: their
 * personal data is sealed under a key not granted here yet; the API also flags them `sealed`): said in words, muted,
 * rather than left as a gap in a list, a heading or a sentence. Plain .ts (no JSX) so unit tests can render it.
 */
export const SEALED_NAME_WORDS = 'Name not readable on this device yet — its key has not arrived';

/** Why such a candidate's profile cannot be edited here (the API refuses it), beside the disabled fields. */
export const SEALED_PROFILE_WORDS =
  'This candidate’s details are not readable on this device yet — their key has not arrived. You can change the status and cooldown; the profile can be edited once the key comes.';

/** For plain-text places (labels, notices, window titles). */
export const candidateNameText = (name: string): string => (name === '' ? SEALED_NAME_WORDS : name);

export function CandidateName({ name }: { name: string }) {
  return name === '' ? createElement('span', { className: 'muted sealed-name' }, SEALED_NAME_WORDS) : createElement(Fragment, null, name);
}
