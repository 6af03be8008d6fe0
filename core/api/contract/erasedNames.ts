// Apart from privacy.ts, which builds zod schemas when loaded: the renderer's start-up code needs only these words.

/** What an erased candidate is called from then on; their status and dates stay for the numbers. */
export const ERASED_CANDIDATE_NAME = 'Erased candidate';
