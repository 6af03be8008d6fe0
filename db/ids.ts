import { v7 } from 'uuid';

/** UUIDv7: time-ordered text ids, safe to merge across machines when team sync comes. */
export function newId(): string {
  return v7();
}
