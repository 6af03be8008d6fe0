import { z } from 'zod';

// Field builders shared by every schema, so "required", "too long" and id
// messages read the same everywhere and name what the user typed into.

export const id = (label = 'id') => z.uuid({ error: `${label} must be a valid id` });

// Trojan-source style reordering: overrides and isolates make text display in an
// order other than the one it is stored in, so no field accepts them.
const BIDI_OVERRIDES = /[\u202a-\u202e\u2066-\u2069]/;
// A name or title is shown in headings, table cells and one-line lists: the
// directional marks that only make sense inside longer text are refused there too.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
const LINE_BREAKS = /[\r\n\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const OTHER_CONTROLS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

// What shows nothing on screen: blanks, format characters (zero-width space and joiners, soft hyphen, word joiner)
// and the other default-ignorable code points (the Hangul filler among them).
const INVISIBLE = /^[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` });

/** Free text that may run over several lines (evidence, notes, rationales), but never reorders itself on screen. */
const multiLine = <T extends z.ZodString>(label: string, schema: T) =>
  schema.refine((v) => !BIDI_OVERRIDES.test(v), { error: `${label} must not contain text-direction control characters` });

/** A name, title or label: one line of plain characters, so it cannot break the layout of a packet, table or heading. */
export const singleLine = <T extends z.ZodString>(label: string, schema: T) =>
  schema
    .refine((v) => !LINE_BREAKS.test(v), { error: `${label} must be one line` })
    .refine((v) => !OTHER_CONTROLS.test(v), { error: `${label} must not contain control characters` })
    .refine((v) => !BIDI_CONTROLS.test(v), { error: `${label} must not contain text-direction control characters` });

/**
 * A required text must show something: one of only invisible characters passes "required" yet reads as a gap
 * (a candidate named so is a blank line in every list, and erasing them means typing the invisible name).
 */
const required = (label: string, max: number) =>
  text(label, max)
    .min(1, { error: `${label} is required` })
    .refine((v) => v === '' || !INVISIBLE.test(v), { error: `${label} must contain a visible character` });

export const requiredText = (label: string, max: number) => multiLine(label, required(label, max));

export const optionalText = (label: string, max: number) => multiLine(label, text(label, max));

export const requiredLine = (label: string, max: number) => singleLine(label, required(label, max));

export const optionalLine = (label: string, max: number) => singleLine(label, text(label, max));

export const revision = z
  .number({ error: 'revision must be a number' })
  .int({ error: 'revision must be a whole number' })
  .min(1, { error: 'revision must be at least 1' });

export const Empty = z.strictObject({}).optional();
export const ById = z.strictObject({ id: id() });

export const email = (max: number) =>
  singleLine(
    'Email',
    z
      .string({ error: 'Email must be text' })
      .trim()
      // abort: the pattern backtracks quadratically, so it must never see an over-long text (10 MB would take hours).
      .max(max, { error: `Email must be at most ${max} characters`, abort: true })
      .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { error: 'Email must look like name@example.com' }),
  );

export const durationMinutes = z
  .number({ error: 'Duration must be a number of minutes' })
  .int({ error: 'Duration must be whole minutes' })
  .min(10, { error: 'Duration must be at least 10 minutes' })
  .max(240, { error: 'Duration must be at most 240 minutes' });
