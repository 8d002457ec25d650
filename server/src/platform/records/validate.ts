// Input schemas derived from a registry entry: strict (unknown fields are refused), each
// field's own rules, errors reported per field.
import { z } from 'zod';
import { invalid } from '../errors.ts';
import { inputSchema } from '../registry/fields.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import type { Values } from './record-mapper.ts';

const cache = new WeakMap<ResolvedObject, { create: z.ZodType; update: z.ZodType }>();

export function recordSchemas(obj: ResolvedObject) {
  let s = cache.get(obj);
  if (!s) {
    const shape: Record<string, z.ZodType> = {};
    const partial: Record<string, z.ZodType> = {};
    for (const [name, f] of obj.fields) {
      if (f.readOnly) continue;
      const schema = inputSchema(f);
      // A field with a default takes it when a new record's input leaves it out.
      shape[name] =
        f.defaultValue !== undefined ? schema.default(f.defaultValue) : f.required ? schema : schema.optional();
      partial[name] = schema.optional();
    }
    s = { create: z.strictObject(shape), update: z.strictObject(partial) };
    cache.set(obj, s);
  }
  return s;
}

/** Turns zod's issues into `{ fields: { name: message } }` and one readable sentence. */
export function zodToInvalid(error: z.ZodError, input?: unknown, prefix = '') {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) fields[prefix + [...issue.path, k].join('.')] = 'is not a field';
      continue;
    }
    const key = prefix + (issue.path.length ? issue.path.join('.') : '(body)');
    if (!fields[key])
      fields[key] =
        issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined ? 'is required' : issue.message;
  }
  const summary = Object.entries(fields)
    .slice(0, 5)
    .map(([k, m]) => `${k}: ${m}`)
    .join('; ');
  return invalid(summary || 'Invalid input', fields);
}

export function validateValues(obj: ResolvedObject, input: unknown, mode: 'create' | 'update'): Values {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalid('body: must be a JSON object', { body: 'must be an object' });
  const parsed = recordSchemas(obj)[mode].safeParse(input);
  if (!parsed.success) throw zodToInvalid(parsed.error, input);
  return parsed.data as Values;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
