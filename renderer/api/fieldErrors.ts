import type { z } from 'zod';
import { issuesFromZod } from '../../core/api/contract/issues';
import type { ApiError } from '../../core/api/contract/result';

export type FieldErrors = Record<string, string>;

/** The API's field issues keyed by path, first message per field, so each shows next to its input. */
export function fieldErrorsFromApi(error: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues ?? []) out[issue.path] ??= issue.message;
  return out;
}

/** The same zod schema the API uses, run before the round trip: the same messages at the same paths. */
export function fieldErrorsFromSchema(schema: z.ZodType, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: FieldErrors = {};
  for (const issue of issuesFromZod(result.error, value)) out[issue.path] ??= issue.message;
  return out;
}

/** The first error at `prefix` or under it (`template.0` finds `template.0.title`). */
export const firstUnder = (errors: FieldErrors, prefix: string): string | undefined =>
  Object.entries(errors).find(([path, msg]) => msg && (path === prefix || path.startsWith(`${prefix}.`)))?.[1];

/** Clear the errors of one field (and those under it) as soon as the user edits it. */
export const withoutErrors = (errors: FieldErrors, prefix: string): FieldErrors =>
  Object.fromEntries(Object.entries(errors).filter(([path]) => path !== prefix && !path.startsWith(`${prefix}.`)));
