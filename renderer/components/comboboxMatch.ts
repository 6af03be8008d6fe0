export interface ComboboxOption {
  value: string;
  label: string;
  /** Shown after the name in the list, and searched too (a title, "(not trained)"). */
  hint?: string;
}

/** The most options in the list at once: a company's worth of names is typed down to, never drawn. */
export const MAX_SHOWN = 50;

/**
 * The options whose name (or hint) holds every typed word, at most MAX_SHOWN of them, and how many matched;
 * a name typed in full comes first, so Enter picks "Ben" rather than "Ben Lead".
 */
export function matchOptions(options: readonly ComboboxOption[], query: string): { shown: ComboboxOption[]; total: number } {
  const typed = query.trim().toLowerCase();
  const words = typed.split(/\s+/).filter(Boolean);
  const shown: ComboboxOption[] = [];
  let total = 0;
  for (const o of options) {
    const text = `${o.label} ${o.hint ?? ''}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) continue;
    total++;
    if (typed !== '' && o.label.toLowerCase() === typed) shown.unshift(o);
    else if (shown.length < MAX_SHOWN) shown.push(o);
  }
  return { shown: shown.slice(0, MAX_SHOWN), total };
}
