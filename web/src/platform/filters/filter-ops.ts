// Which comparisons make sense for which field type, and how to say them.
import type { FilterComparator, FilterCondition, FilterGroup } from '@kith/common';
import type { FieldMeta } from '../meta/objects';

const textOps: FilterComparator[] = ['contains', 'eq', 'neq', 'startsWith', 'isEmpty', 'isNotEmpty'];
const rangeOps: FilterComparator[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'];
const listOps: FilterComparator[] = ['contains', 'isEmpty', 'isNotEmpty'];

export function opsFor(field: FieldMeta): FilterComparator[] {
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'date':
    case 'datetime':
      return rangeOps;
    case 'boolean':
      return ['eq'];
    case 'select':
      return ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'];
    case 'multiSelect':
    case 'tags':
      return ['contains', 'isEmpty', 'isNotEmpty'];
    case 'relation':
    case 'user':
      return ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'];
    case 'anyRecord':
      return ['eq', 'isEmpty', 'isNotEmpty'];
    case 'emailList':
    case 'phoneList':
    case 'addressList':
      return listOps;
    default:
      return textOps;
  }
}

export function opLabel(op: FilterComparator, field?: FieldMeta): string {
  const time = field?.type === 'date' || field?.type === 'datetime';
  switch (op) {
    case 'eq':
      return 'is';
    case 'neq':
      return 'is not';
    case 'contains':
      return field?.type === 'multiSelect' || field?.type === 'tags' ? 'has' : 'contains';
    case 'startsWith':
      return 'starts with';
    case 'gt':
      return time ? 'is after' : 'greater than';
    case 'gte':
      return time ? 'is on or after' : 'at least';
    case 'lt':
      return time ? 'is before' : 'less than';
    case 'lte':
      return time ? 'is on or before' : 'at most';
    case 'in':
      return 'is any of';
    case 'isEmpty':
      return 'is empty';
    case 'isNotEmpty':
      return 'is not empty';
  }
}

export const needsValue = (op: FilterComparator) => op !== 'isEmpty' && op !== 'isNotEmpty';

export function isComplete(c: FilterCondition): boolean {
  if (!c.field) return false;
  if (!needsValue(c.cmp)) return true;
  if (c.value === undefined || c.value === null || c.value === '') return false;
  if (Array.isArray(c.value) && c.value.length === 0) return false;
  return true;
}

/** Only the conditions the server can use; `null` when none remain. */
export function cleanFilter(f: FilterGroup | null): FilterGroup | null {
  if (!f) return null;
  const conditions = f.conditions.filter((c) => ('conditions' in c ? true : isComplete(c)));
  return conditions.length ? { op: f.op, conditions } : null;
}

export function parseFilter(s: string | null): FilterGroup | null {
  if (!s) return null;
  try {
    const f = JSON.parse(s) as FilterGroup;
    return f && Array.isArray(f.conditions) && (f.op === 'and' || f.op === 'or') ? f : null;
  } catch {
    return null;
  }
}
