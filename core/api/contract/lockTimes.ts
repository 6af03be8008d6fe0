// Apart from privacy.ts (zod schemas): settings' defaults read them in the background worker too.

/** Minutes without activity before the app locks; 0 never. At most a day: the lock is for a machine left alone. */
export const LOCK_AFTER_MAX_MINUTES = 24 * 60;
export const DEFAULT_LOCK_AFTER_MINUTES = 15;
