// A registry entry describes one record type once; routes, OpenAPI, list queries, the web
// app's tables and forms, import/export and the audit diff are all derived from it.
import type { FieldDef } from './fields.ts';

export interface ObjectDef {
  name: string;
  plural: string;
  label: string;
  labelPlural: string;
  icon: string;
  /** The table holding the records (see migrations for the columns every registry table has). */
  table: string;
  fields: Record<string, FieldDef>;
  /** Fields joined with a space make the record's title (its display name). */
  titleFields: string[];
  /** Shown under the title in search results. */
  subtitleField?: string;
  defaultSort: string;
  /** Fields whose equal value marks a possible duplicate (case-insensitive). */
  duplicateKeys?: string[];
  /** A relation field within which similar titles count as duplicates (contacts: same company). */
  duplicateScope?: string;
}

export function defineObject(def: Omit<ObjectDef, 'defaultSort'> & { defaultSort?: string }): ObjectDef {
  for (const key of def.titleFields) {
    if (!def.fields[key]) throw new Error(`${def.name}: title field ${key} is not a field`);
  }
  return { defaultSort: '-createdAt', ...def };
}

export const toColumn = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Fields every registry table has, read-only to clients. */
export const systemFields = ['id', 'title', 'createdAt', 'updatedAt', 'deletedAt', 'createdBy'] as const;
