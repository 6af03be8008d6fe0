import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { methods } from '../core/api/contract/methods';
import { describeAccess } from '../core/rules/access';

export const API_DOC_PATH = fileURLToPath(new URL('../docs/api.md', import.meta.url));

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

function describe(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(describe).join(' or ');
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (schema.prefixItems) return `[${schema.prefixItems.map(describe).join(', ')}]`;
  const limits: string[] = [];
  if (schema.format === 'uuid') return 'id (UUID)';
  if (schema.minLength !== undefined && schema.minLength > 0) limits.push(`min ${schema.minLength}`);
  if (schema.maxLength !== undefined) limits.push(`max ${schema.maxLength} chars`);
  if (schema.minItems !== undefined && schema.minItems > 0) limits.push(`min ${schema.minItems}`);
  if (schema.maxItems !== undefined) limits.push(`max ${schema.maxItems} items`);
  if (schema.minimum !== undefined) limits.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) limits.push(`≤ ${schema.maximum}`);
  let base = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (schema.type === 'array' && schema.items && !Array.isArray(schema.items)) base = `list of ${describe(schema.items)}`;
  return limits.length ? `${base} (${limits.join(', ')})` : base;
}

function objectOf(schema: JsonSchema): JsonSchema | null {
  if (schema.type === 'object') return schema;
  for (const option of schema.anyOf ?? []) if (option.type === 'object') return option;
  return null;
}

/** docs/api.md, generated from the zod schemas so it cannot drift from what the API accepts. */
export function renderApiDoc(): string {
  const lines = [
    '# Principled API',
    '',
    'Generated from the zod schemas in `core/api/contract/` by `npm run docs:api`; a test fails when this file is stale.',
    '',
    'Every method is called the same way over each transport (Electron IPC, `POST /api/<method>` on the browser host, or in-process)',
    'and answers `{ ok: true, value }` or `{ ok: false, error: { code, message, issues? } }` with `code` one of',
    '`VALIDATION`, `NOT_FOUND`, `CONFLICT`, `FORBIDDEN`, `INTERNAL`. Unknown fields are refused. Writes run in one transaction',
    'with their activity-log entry. Each write names who may call it; anyone else gets `FORBIDDEN` and nothing is written.',
    '',
  ];
  for (const [name, spec] of Object.entries(methods)) {
    const schema = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const object = objectOf(schema);
    lines.push(`## \`${name}\` (${spec.kind})`, '', spec.doc, '');
    if (spec.kind !== 'read') {
      const who = describeAccess(spec.access);
      lines.push(`**Who may call:** ${who.charAt(0).toUpperCase()}${who.slice(1)}.${spec.access.note ? ` ${spec.access.note}` : ''}`, '');
    }
    const props = Object.entries(object?.properties ?? {});
    if (props.length === 0) {
      lines.push('No input.', '');
      continue;
    }
    lines.push('| field | type | required | default |', '|---|---|---|---|');
    for (const [field, prop] of props) {
      const required = object?.required?.includes(field) ? 'yes' : 'no';
      const fallback = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``;
      lines.push(`| \`${field}\` | ${describe(prop)} | ${required} | ${fallback} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = renderApiDoc();
  if (process.argv.includes('--write')) {
    writeFileSync(API_DOC_PATH, doc);
    console.log(`Wrote ${API_DOC_PATH}`);
  } else {
    const current = readFileSync(API_DOC_PATH, 'utf8');
    if (current !== doc) {
      console.error('docs/api.md is stale: run npm run docs:api');
      process.exit(1);
    }
  }
}
