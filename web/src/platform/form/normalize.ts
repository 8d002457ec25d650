// Turn form state into the JSON the API expects: empty strings become null, list editors drop blank rows.
import type { FieldMeta } from '../meta/objects';
import { asLink } from '../records/records-api';

export function normalizeValue(field: FieldMeta, v: unknown): unknown {
  switch (field.type) {
    case 'phoneList':
      return Array.isArray(v) ? v.filter((p) => p && String(p.number ?? '').trim()) : [];
    case 'addressList':
      return Array.isArray(v)
        ? v.filter(
            (a) => a && ['street', 'city', 'region', 'postalCode', 'country'].some((k) => String(a[k] ?? '').trim()),
          )
        : [];
    case 'emailList':
    case 'tags':
    case 'multiSelect':
      return Array.isArray(v) ? v : [];
    case 'boolean':
      return !!v;
    case 'anyRecord': {
      // What the server takes: { object, id } (the title it adds on reads is not written back).
      const link = asLink(v);
      return link ? { object: link.object, id: link.id } : null;
    }
    default:
      if (typeof v === 'string') {
        const t = v.trim();
        return t === '' ? null : field.type === 'longText' ? v : t;
      }
      return v === undefined ? null : v;
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
