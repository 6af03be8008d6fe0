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

export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, column: string): T {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`The ${column} column holds an unexpected value: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
