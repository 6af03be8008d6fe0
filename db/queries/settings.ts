import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

export function getSetting(db: ReadableDB, key: string): string | null {
  const row = prepare(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(db: WritableDB, key: string, value: string): void {
  prepare(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export function deleteSetting(db: WritableDB, key: string): void {
  prepare(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
