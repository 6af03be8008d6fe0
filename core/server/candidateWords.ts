import { isHeldBlind } from '../../db/queries/candidates';

/**
 * A candidate as a log line or message names them: their name, or, on a device holding them blind (team sync:
 * their name is sealed under a key not granted here yet), words saying so with the id, never a gap ("Edited
 * status of ").
 */
export const candidateWords = (c: { id: string; name: string }): string =>
  isHeldBlind(c.name) ? `a candidate whose name is not readable here yet (id ${c.id})` : c.name;
