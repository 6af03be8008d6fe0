// Apart from privacy.ts, which builds zod schemas when loaded: the renderer's start-up code and the background
// worker's erasure of backups need only these words.

/** What an erased candidate is called from then on; their status and dates stay for the numbers. */
export const ERASED_CANDIDATE_NAME = 'Erased candidate';

/** What replaces free text written about the candidate, and their name, name parts and email wherever other text mentions them. */
export const ERASED_MARK = '[erased]';
