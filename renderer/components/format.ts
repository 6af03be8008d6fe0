import { useTeam } from '../stores/team';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (iso: string) => timeFormat.format(new Date(iso));

/** An actor is a team member's id once "me" is chosen; before that, every change is made by "you". */
export function formatActor(actor: string): string {
  if (actor === 'local') return 'you';
  return useTeam.getState().members.find((m) => m.id === actor)?.name ?? 'someone';
}

/** A number typed into a box; empty or not a number becomes NaN so the schema says "must be a number". */
export const numberFrom = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A calendar day (YYYY-MM-DD) in the reader's format, read as a local date so it never shifts a day. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dayFormat.format(new Date(y, m - 1, d));
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export const formatSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
