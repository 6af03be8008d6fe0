/** The fields an update actually sets: `undefined` means "leave as it is", `null` is a real value. */
export function definedFields<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
