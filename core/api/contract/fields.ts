import { z } from 'zod';

// Field builders shared by every schema, so "required", "too long" and id
// messages read the same everywhere and name what the user typed into.

export const id = (label = 'id') => z.uuid({ error: `${label} must be a valid id` });

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` });

export const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` });

export const revision = z
  .number({ error: 'revision must be a number' })
  .int({ error: 'revision must be a whole number' })
  .min(1, { error: 'revision must be at least 1' });

export const Empty = z.strictObject({}).optional();
export const ById = z.strictObject({ id: id() });

export const email = (max: number) =>
  z
    .string({ error: 'Email must be text' })
    .trim()
    // abort: the pattern backtracks quadratically, so it must never see an over-long text (10 MB would take hours).
    .max(max, { error: `Email must be at most ${max} characters`, abort: true })
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { error: 'Email must look like name@example.com' });

export const durationMinutes = z
  .number({ error: 'Duration must be a number of minutes' })
  .int({ error: 'Duration must be whole minutes' })
  .min(10, { error: 'Duration must be at least 10 minutes' })
  .max(240, { error: 'Duration must be at most 240 minutes' });
