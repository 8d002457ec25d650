// The vocabulary of objects and fields: field types, filters, permissions. The metadata served at
// /api/v1/meta/objects is described in api/meta.ts.
export const fieldTypes = [
  'text',
  'longText',
  'number',
  'currency',
  'date',
  'datetime',
  'boolean',
  'select',
  'multiSelect',
  'email',
  'emailList',
  'phone',
  'phoneList',
  'url',
  'relation',
  'user',
  'tags',
  'addressList',
  'anyRecord',
] as const;
export type FieldType = (typeof fieldTypes)[number];

/** Field types an admin may choose for a custom field. */
export const customFieldTypes = [
  'text',
  'longText',
  'number',
  'currency',
  'date',
  'datetime',
  'boolean',
  'select',
  'multiSelect',
  'email',
  'phone',
  'url',
  'relation',
] as const satisfies readonly FieldType[];
export type CustomFieldType = (typeof customFieldTypes)[number];

// The meta of objects and fields is a contract of GET /meta/objects (api/meta.ts); its types are
// re-exported here, as types only, so that the web's run-time imports of this module hold no zod.
export type { FieldMeta, ObjectMeta, SelectOption } from './api/meta.ts';

/**
 * The key under which a record carries a relation's or user field's reference, `{ id, title }`,
 * beside the id: `companyId` → `company`, `ownerId` → `owner`, any other name → `nameRef`.
 */
export const refKey = (field: string): string => (field.endsWith('Id') ? field.slice(0, -2) : `${field}Ref`);

export const filterComparators = [
  'eq',
  'neq',
  'contains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'isEmpty',
  'isNotEmpty',
] as const;
export type FilterComparator = (typeof filterComparators)[number];

export interface FilterCondition {
  field: string;
  cmp: FilterComparator;
  value?: unknown;
}
export interface FilterGroup {
  op: 'and' | 'or';
  conditions: Array<FilterCondition | FilterGroup>;
}

/**
 * Which records a role's permission reaches: the reader's own, their team's, those in their
 * territories (or below them; plus their own — on entries without a territory, as team), or all.
 */
export const recordScopes = ['own', 'team', 'territory', 'all'] as const;
export type RecordScope = (typeof recordScopes)[number];
export const objectActions = ['create', 'read', 'update', 'delete', 'export'] as const;
export type ObjectAction = (typeof objectActions)[number];

/** Per-object permissions of a role. `scope` bounds read/update/delete/export. */
export interface ObjectPermission {
  create: boolean;
  read: boolean;
  update: boolean;
  delete: boolean;
  export: boolean;
  scope: RecordScope;
}
