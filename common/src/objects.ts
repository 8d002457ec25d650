// The shape of object metadata served at /api/v1/meta/objects: the web app renders tables,
// forms, filters and detail pages from it.
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

export interface SelectOption {
  value: string;
  label: string;
  color?: string;
}

export interface FieldMeta {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  readOnly: boolean;
  searchable: boolean;
  filterable: boolean;
  sortable: boolean;
  /** Shown in the default table. */
  list: boolean;
  custom: boolean;
  options?: SelectOption[];
  relation?: { object: string; plural: string };
  /** A link to any record (anyRecord): the objects it may point at, resolved by the server. */
  linkTargets?: Array<{ object: string; plural: string }>;
  max?: number;
}

export interface ObjectMeta {
  name: string;
  plural: string;
  label: string;
  labelPlural: string;
  icon: string;
  /** A many-to-many junction: the two relation fields whose records it links (no title of its own). */
  junction?: [string, string];
  /** Listed in the navigation (junctions and the like are not). */
  navigation: boolean;
  /** Found by the global search (Ctrl+K). */
  globalSearch: boolean;
  fields: FieldMeta[];
  permissions: { create: boolean; read: boolean; update: boolean; delete: boolean; export: boolean };
}

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

export const recordScopes = ['own', 'team', 'all'] as const;
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
