// A field value as plain text: for audit diffs, tooltips and anywhere a component is too much.
import type { FieldMeta } from '../meta/objects';
import { formatDate, formatDateTime, formatMoney, formatNumber, isMoney } from './format';

export function displayText(field: FieldMeta | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  const opt = (x: unknown) => field?.options?.find((o) => o.value === x)?.label ?? String(x);
  switch (field?.type) {
    case 'date':
      return formatDate(v);
    case 'datetime':
      return formatDateTime(v);
    case 'currency':
      return formatMoney(v);
    case 'number':
      return formatNumber(v);
    case 'boolean':
      return v ? 'Yes' : 'No';
    case 'select':
      return opt(v);
    case 'multiSelect':
      return Array.isArray(v) ? v.map(opt).join(', ') : opt(v);
    case 'anyRecord': {
      const link = v as { object?: string; title?: string | null };
      return link.title ?? `a ${link.object ?? 'record'}`;
    }
    default:
      break;
  }
  if (Array.isArray(v))
    return v
      .map((x) => displayText(undefined, x))
      .filter(Boolean)
      .join(', ');
  if (isMoney(v)) return formatMoney(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.title === 'string') return o.title;
    if (typeof o.number === 'string') return o.label ? `${o.number} (${o.label})` : o.number;
    if ('street' in o || 'city' in o) {
      return [o.street, o.postalCode, o.city, o.region, o.country].filter(Boolean).join(', ');
    }
    return JSON.stringify(v);
  }
  return String(v);
}
