import { ApiFailure } from './apiFailure';

/** Optimistic concurrency: an edit made against an old revision is refused, never silently applied. */
export function assertRevision(what: string, current: number, given: number): void {
  if (current !== given) {
    throw new ApiFailure(
      'CONFLICT',
      `This ${what} was changed elsewhere (now revision ${current}, you edited revision ${given}). Reload it and apply your edit again.`,
    );
  }
}
