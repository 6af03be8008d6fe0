import { z } from 'zod';
import { CAPABILITIES } from '../core/rules/planTypes';

/**
 * The shapes of the JSON kept in text columns, checked as rows become domain objects: a column that does not
 * hold what the type says fails loudly at the row, naming it, instead of somewhere later as `undefined`.
 * Shapes only, not the input limits: those apply when a value is written, and may tighten after it was.
 */
export const StringList = z.array(z.string());
export const CapabilityList = z.array(z.enum(CAPABILITIES));
export const AnchorTexts = z.tuple([z.string(), z.string(), z.string(), z.string()]);
export const TemplateSlots = z.array(z.object({ title: z.string(), durationMinutes: z.number(), principleIds: StringList }));

/** Schemas whose values are flat lists of strings: a parsed value can be handed out again as a copy. */
const FLAT_LISTS = new Set<z.ZodType>([StringList, CapabilityList, AnchorTexts]);
/**
 * Parsed flat lists by schema and text. The same texts recur on every read (a person's capabilities, a
 * principle's anchors, a question's probes), and checking each with zod cost more than the query that read it.
 */
const parsedLists = new Map<z.ZodType, Map<string, readonly string[]>>();
const MAX_PARSED = 5_000;

export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, column: string): T {
  const cache = FLAT_LISTS.has(schema) ? parsedLists.get(schema) ?? new Map<string, readonly string[]>() : null;
  const hit = cache?.get(text);
  if (hit) return [...hit] as T;
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`The ${column} column holds an unexpected value: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (cache) {
    if (cache.size >= MAX_PARSED) cache.clear();
    // A copy is kept: the caller owns (and may change) the value it is given.
    cache.set(text, [...(parsed.data as string[])]);
    parsedLists.set(schema, cache);
  }
  return parsed.data;
}
