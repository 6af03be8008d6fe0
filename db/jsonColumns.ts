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

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((s) => typeof s === 'string');
const capabilities = new Set<unknown>(CAPABILITIES);
const isSlot = (s: unknown): boolean => {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
  const slot = s as Record<string, unknown>;
  return typeof slot.title === 'string' && typeof slot.durationMinutes === 'number' && Number.isFinite(slot.durationMinutes) && isStringList(slot.principleIds);
};

/**
 * The known shapes checked by hand, each agreeing with its zod schema (test/db/jsonColumns.test.ts holds them
 * to it), with how a checked value is handed out: zod's parse keeps only an object's known keys, and so does
 * `copy`. Zod cost several times the query that read the rows, and screens read these on every row.
 */
interface Shape {
  is: (value: unknown) => boolean;
  /** A copy the caller owns: a kept value is handed out many times. */
  copy: (value: never) => unknown;
}
const copyList = (list: readonly string[]) => list.slice();
export const SHAPES = new Map<z.ZodType, Shape>([
  [StringList, { is: isStringList, copy: copyList }],
  [CapabilityList, { is: (v) => Array.isArray(v) && v.every((c) => capabilities.has(c)), copy: copyList }],
  [AnchorTexts, { is: (v) => Array.isArray(v) && v.length === 4 && isStringList(v), copy: copyList }],
  [
    TemplateSlots,
    {
      is: (v) => Array.isArray(v) && v.every(isSlot),
      copy: (slots: Slots): Slots => slots.map((s) => ({ title: s.title, durationMinutes: s.durationMinutes, principleIds: [...s.principleIds] })),
    },
  ],
]);

/**
 * Values already parsed, by a cheap fingerprint of their text and checked against the whole text. The same
 * texts recur on every read (a principle's anchors, a question's probes, a slot's principles), and a Map keyed
 * by the text itself hashes every character of each freshly read string: for a screen of principles that cost
 * more than parsing them again. Comparing a kept text with a new one stops at the first difference, so texts
 * that share a fingerprint (lists of similar ids) share a bucket.
 */
interface Kept {
  size: number;
  buckets: Map<number, { text: string; value: unknown }[]>;
}
const kept = new Map<z.ZodType, Kept>();
const MAX_KEPT = 5_000;

/** About 32 characters spread over the text, and its length. */
function fingerprint(text: string): number {
  const n = text.length;
  const step = (n >> 5) + 1;
  let h = n;
  for (let i = n - 1; i >= 0; i -= step) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, column: string): T {
  const shape = SHAPES.get(schema);
  if (!shape) {
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw unexpected(column, parsed.error.issues[0]?.message);
    return parsed.data;
  }
  return shape.copy(checked(schema, shape, text, column) as never) as T;
}

/** How many items a JSON list column holds, its shape checked as `parseJsonColumn` checks it, nothing copied. */
export function jsonColumnLength(schema: z.ZodType<readonly unknown[]>, text: string, column: string): number {
  const shape = SHAPES.get(schema);
  return shape ? (checked(schema, shape, text, column) as unknown[]).length : parseJsonColumn(schema, text, column).length;
}

/** The kept value for a text, parsed and checked first if it is not kept yet; the caller must not change it. */
function checked(schema: z.ZodType, shape: Shape, text: string, column: string): unknown {
  let values = kept.get(schema);
  if (!values) kept.set(schema, (values = { size: 0, buckets: new Map() }));
  const key = fingerprint(text);
  let bucket = values.buckets.get(key);
  if (bucket) for (const entry of bucket) if (entry.text === text) return entry.value;
  const value: unknown = JSON.parse(text);
  if (!shape.is(value)) {
    // Zod says what is wrong; the hand-written check only decides whether something is.
    throw unexpected(column, schema.safeParse(value).error?.issues[0]?.message);
  }
  if (values.size >= MAX_KEPT) {
    values.buckets.clear();
    values.size = 0;
    bucket = undefined;
  }
  if (!bucket) values.buckets.set(key, (bucket = []));
  // Kept stripped of unknown keys, as zod would hand it out.
  const stripped = shape.copy(value as never);
  bucket.push({ text, value: stripped });
  values.size++;
  return stripped;
}

const unexpected = (column: string, message: string | undefined) => new Error(`The ${column} column holds an unexpected value: ${message ?? 'invalid'}`);
