import type { Candidate } from '../../api/contract/candidates';
import { ERASED_CANDIDATE_NAME, ERASED_MARK } from '../../api/contract/privacy';
import { saveCandidate } from '../../../db/queries/candidates';
import {
  compactDatabase,
  isCandidateErased,
  listRetention,
  rebuildCandidateIndex,
  redactCandidateTexts,
  type Redact,
} from '../../../db/queries/privacy';
import { getMember } from '../../../db/queries/team';
import { ApiFailure, invalidField } from '../apiFailure';
import { mustGetCandidate } from './candidates';
import { requireMe } from './participation';
import type { HandlersFor } from './types';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Letters, marks and digits: a name part matches only as a whole word, so "Ann" leaves "annual" alone. */
const WORD_BOUNDARY_BEFORE = '(?<![\\p{L}\\p{M}\\p{N}])';
const WORD_BOUNDARY_AFTER = '(?![\\p{L}\\p{M}\\p{N}])';

/** Both Unicode forms, so a name typed with combining accents is found as well as a precomposed one. */
const forms = (s: string) => [...new Set([s.normalize('NFC'), s.normalize('NFD')])];

/** The parts of a name worth erasing on their own: 3 letters or more ("Jo" alone would erase too much). */
export function nameParts(name: string): string[] {
  const words = name.split(/[\s,;:()"/]+/u).filter(Boolean);
  const parts = new Set<string>();
  for (const word of words) {
    const trimmed = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    for (const part of [trimmed, ...trimmed.split(/['’.-]+/u)]) {
      if ((part.match(/\p{L}/gu)?.length ?? 0) >= 3) parts.add(part);
    }
  }
  return [...parts].sort((a, b) => b.length - a.length);
}

/**
 * Replaces a person's identifiers in free text with "[erased]", case-insensitively:
 * `all` erases the email, the full name and every name part of 3+ letters (for
 * texts about the candidate); `identifiers` only the email and the full name
 * (for texts about anyone else, where a shared first name is someone else's).
 */
export function candidateRedactor(name: string, email: string): { all: Redact; identifiers: Redact } {
  const tokens = name.trim().split(/\s+/u).filter(Boolean);
  const patterns: RegExp[] = [];
  if (email.trim()) patterns.push(new RegExp(forms(email.trim()).map(escapeRegExp).join('|'), 'giu'));
  const full = tokens.length > 1 ? forms(tokens.join(' ')).map((f) => f.split(' ').map(escapeRegExp).join('\\s+')) : [];
  // A one-word name is matched as a whole word, never inside other words.
  const single = tokens.length === 1 ? forms(tokens[0] ?? '').map(escapeRegExp) : [];
  if (full.length) patterns.push(new RegExp(full.join('|'), 'giu'));
  if (single.length) patterns.push(new RegExp(`${WORD_BOUNDARY_BEFORE}(?:${single.join('|')})${WORD_BOUNDARY_AFTER}`, 'giu'));
  const identifierPatterns = [...patterns];
  const parts = nameParts(name).flatMap(forms).map(escapeRegExp);
  if (parts.length) patterns.push(new RegExp(`${WORD_BOUNDARY_BEFORE}(?:${parts.join('|')})${WORD_BOUNDARY_AFTER}`, 'giu'));
  const apply = (list: readonly RegExp[]): Redact => (text) => list.reduce((t, re) => t.replace(re, ERASED_MARK), text);
  return { all: apply(patterns), identifiers: apply(identifierPatterns) };
}

/** The date `months` calendar months before `iso` (the 31st becomes the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const d = new Date(iso);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.toISOString();
}

export const privacyHandlers: HandlersFor<'privacy'> = {
  'privacy.eraseCandidate': ({ id, confirmName }, ctx) => {
    const me = requireMe(ctx.db, ctx.actor);
    const capabilities = getMember(ctx.db, me.id)?.capabilities ?? [];
    if (!capabilities.includes('admin') && !capabilities.includes('founder')) {
      throw new ApiFailure('FORBIDDEN', "Only an admin or a founder can erase a candidate's personal data.");
    }
    const candidate = mustGetCandidate(ctx.db, id);
    if (isCandidateErased(ctx.db, candidate.id)) throw new ApiFailure('CONFLICT', "This candidate's personal data has already been erased.");
    if (confirmName.normalize('NFC') !== candidate.name.normalize('NFC')) {
      throw invalidField('confirmName', "Type the candidate's name exactly as shown to confirm the erasure");
    }

    const redactor = candidateRedactor(candidate.name, candidate.email);
    const redacted = redactCandidateTexts(ctx.db, candidate.id, redactor.all, redactor.identifiers);
    const erased: Candidate = {
      ...candidate,
      name: ERASED_CANDIDATE_NAME,
      email: '',
      phone: '',
      source: '',
      links: [],
      notes: '',
      revision: candidate.revision + 1,
      updatedAt: ctx.now,
    };
    saveCandidate(ctx.db, erased);
    rebuildCandidateIndex(ctx.db);
    // The entry names no one: it is what marks the candidate as erased.
    ctx.log({ entity: 'candidate', entityId: candidate.id, summary: "Erased a candidate's personal data" });
    // Deleted text lingers in the WAL and in free pages until both are rewritten, which needs the transaction closed.
    ctx.afterCommit(() => compactDatabase(ctx.db));
    return { candidate: erased, redacted };
  },

  'privacy.retention': ({ months }, { db, now }) => listRetention(db, monthsBefore(now, months)),
};
