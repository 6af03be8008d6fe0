import { ERASED_MARK } from '../api/contract/erasedNames';

/** A text rewrite: returns the text with the person's identifiers replaced. */
export type Redact = (text: string) => string;

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

