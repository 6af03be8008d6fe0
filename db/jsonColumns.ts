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

type Slots = z.infer<typeof TemplateSlots>;
const copyList = (list: readonly string[]) => [...list];
const copySlots = (slots: Slots): Slots => slots.map((s) => ({ title: s.title, durationMinutes: s.durationMinutes, principleIds: [...s.principleIds] }));

/**
 * Schemas whose parsed values are kept by text, each with how a kept value is handed out again as a copy.
 * The same texts recur on every read (a person's capabilities, a principle's anchors, a question's probes, a
 * role's template), and checking each with zod — or even JSON.parse of a template — cost more than the
 * query that read it; copying a few known fields costs a fraction of either.
 */
const COPIERS = new Map<z.ZodType, (value: never) => unknown>([
  [StringList, copyList],
  [CapabilityList, copyList],
  [AnchorTexts, copyList],
  [TemplateSlots, copySlots],
]);
const parsedTexts = new Map<z.ZodType, Map<string, unknown>>();
const MAX_PARSED = 5_000;

export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, column: string): T {
  const copy = COPIERS.get(schema) as ((value: T) => T) | undefined;
  const cache = copy ? parsedTexts.get(schema) ?? new Map<string, unknown>() : null;
  const kept = cache?.get(text);
  if (copy && kept !== undefined) return copy(kept as T);
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`The ${column} column holds an unexpected value: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (copy && cache) {
    if (cache.size >= MAX_PARSED) cache.clear();
    // A copy is kept: the caller owns (and may change) the value it is given.
    cache.set(text, copy(parsed.data));
    parsedTexts.set(schema, cache);
  }
  return parsed.data;
}
