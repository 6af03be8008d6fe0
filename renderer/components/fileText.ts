import type { ApiError } from '../../core/api/contract/result';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * An API error as a sentence for beside its field. A handler's field error reads
 * "path: message"; next to the field the message alone says it, and a path below
 * the top (a table row of a workspace file) is kept as where the problem is.
 */
export function errorText(error: ApiError, top: string): string {
  const issue = error.issues?.[0];
  if (!issue || !error.message.startsWith(`${issue.path}: `)) return error.message;
  const message = capitalise(error.message.slice(issue.path.length + 2));
  const where = issue.path === top ? '' : issue.path.replace(new RegExp(`^${top}\\.`), '');
  return where ? `${message} (at ${where})` : message;
}

/** The text as UTF-8 base64, for `download`. */
export function base64Of(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function readAsText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.readAsText(file);
  });
}
