// The registry of objects for one running app: built-in entries plus the custom fields admins
// added (read from the database and merged in, so they act exactly like built-in fields).
import { type FieldMeta, isReservedPath, type ObjectMeta, type ObjectPermission } from '@kith/common';
import type { Queryable } from '../../db/database.ts';
import { type Sql, sql } from '../../db/sql.ts';
import { approvalRulesOf } from '../approvals/approval-rules.ts';
import type { ObjectHooks } from '../records/hooks.ts';
import { indexKeysOf, type ObjectDef, toColumn } from './define-object.ts';
import { type FieldDef, field } from './fields.ts';

export interface ResolvedField extends FieldDef {
  name: string;
  label: string;
  column: string;
}

export interface ResolvedObject extends Omit<ObjectDef, 'fields'> {
  fields: Map<string, ResolvedField>;
}

/**
 * Which objects a module's hooks serve: every one ('*'), some by name, or those an entry's shape
 * selects (asked at each write, so custom fields and objects made later count): an object a hook
 * does not serve keeps its import's fast path (hasHooks).
 */
export type HookTargets = '*' | string[] | ((obj: ResolvedObject) => boolean);

/** Fields present on every record: sortable and filterable, never written by clients. */
const timestampFields: Record<string, FieldDef> = {
  createdAt: {
    ...field.datetime({ label: 'Created', readOnly: true, sortable: true, filterable: true }),
    required: true,
  },
  updatedAt: {
    ...field.datetime({ label: 'Updated', readOnly: true, sortable: true, filterable: true }),
    required: true,
  },
};

export interface CustomFieldRow {
  id: string;
  object_type: string;
  name: string;
  column_name: string;
  label: string;
  type: FieldDef['type'];
  options: FieldDef['options'] | null;
  required: boolean;
  searchable: boolean;
  relation_object: string | null;
}

const humanize = (name: string) => {
  const words = name
    .replace(/Id$/, '')
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export class Registry {
  private objects = new Map<string, ResolvedObject>();
  private byPluralName = new Map<string, ResolvedObject>();
  private moduleHooks: Array<{ objects: HookTargets; hooks: ObjectHooks }> = [];

  constructor(private readonly builtins: ObjectDef[]) {
    checkDefinitions(builtins);
    this.build([]);
  }

  /** Re-reads custom fields; call after an admin changes them. */
  async load(db: Queryable): Promise<void> {
    const rows = await db.query<CustomFieldRow>(sql`SELECT * FROM custom_fields ORDER BY position, created_at`);
    this.build(rows);
  }

  private build(customRows: CustomFieldRow[]) {
    this.objects.clear();
    this.byPluralName.clear();
    for (const def of this.builtins) {
      const fields = new Map<string, ResolvedField>();
      const add = (name: string, f: FieldDef) =>
        fields.set(name, { ...f, name, label: f.label ?? humanize(name), column: f.column ?? toColumn(name) });
      for (const [name, f] of Object.entries(def.fields)) add(name, f);
      for (const row of customRows.filter((r) => r.object_type === def.name)) {
        add(row.name, customFieldDef(row));
      }
      for (const [name, f] of Object.entries(timestampFields)) add(name, f);
      const resolved: ResolvedObject = { ...def, fields };
      this.objects.set(def.name, resolved);
      this.byPluralName.set(def.plural, resolved);
    }
  }

  /** A module's hooks for some objects, or for every object ('*'): the timeline moves a merged record's notes. */
  addHooks(objects: HookTargets, hooks: ObjectHooks): void {
    // An app built twice on one registry (tests) registers once.
    if (!this.moduleHooks.some((h) => h.hooks === hooks)) this.moduleHooks.push({ objects, hooks });
  }

  hooksFor(objectName: string): ObjectHooks[] {
    const obj = this.objects.get(objectName);
    const applies = (targets: HookTargets) =>
      targets === '*' ||
      (typeof targets === 'function' ? obj !== undefined && targets(obj) : targets.includes(objectName));
    return this.moduleHooks.filter((h) => applies(h.objects)).map((h) => h.hooks);
  }

  get(name: string): ResolvedObject | undefined {
    return this.objects.get(name);
  }

  byPlural(plural: string): ResolvedObject | undefined {
    return this.byPluralName.get(plural);
  }

  all(): ResolvedObject[] {
    return [...this.objects.values()];
  }

  meta(obj: ResolvedObject, permissions: ObjectPermission): ObjectMeta {
    return {
      name: obj.name,
      plural: obj.plural,
      label: obj.label,
      labelPlural: obj.labelPlural,
      icon: obj.icon,
      ...(obj.junction ? { junction: obj.junction } : {}),
      titleFields: [...obj.titleFields],
      ...(obj.activity ? { activity: { at: obj.activity.at, followUp: obj.activity.followUp ?? false } } : {}),
      ...(obj.timelineChanges?.length ? { timelineChanges: [...obj.timelineChanges] } : {}),
      navigation: obj.navigation !== false,
      globalSearch: obj.globalSearch !== false,
      ...(approvalRulesOf(this, obj.name).length ? { approvals: true as const } : {}),
      permissions: {
        create: permissions.create,
        read: permissions.read,
        update: permissions.update,
        delete: permissions.delete,
        export: permissions.export,
      },
      fields: [...obj.fields.values()].map((f) => this.fieldMeta(f)),
    };
  }

  /**
   * The objects a link to any record may point at: those its field names, else every object with
   * records of their own (a junction's rows have no title and are seen only through their ends).
   */
  linkTargets(f: Pick<ResolvedField, 'objects'>): ResolvedObject[] {
    if (f.objects) return f.objects.flatMap((n) => this.objects.get(n) ?? []);
    return [...this.objects.values()].filter((o) => !o.junction);
  }

  fieldMeta(f: ResolvedField): FieldMeta {
    const target = f.relation && f.relation !== 'user' ? this.objects.get(f.relation) : undefined;
    return {
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required,
      readOnly: f.readOnly,
      searchable: f.searchable,
      filterable: f.filterable,
      sortable: f.sortable,
      list: f.list,
      custom: f.custom ?? false,
      ...(f.options ? { options: f.options } : {}),
      ...(f.relation ? { relation: { object: f.relation, plural: target?.plural ?? 'users' } } : {}),
      ...(f.type === 'anyRecord'
        ? { linkTargets: this.linkTargets(f).map((o) => ({ object: o.name, plural: o.plural })) }
        : {}),
      ...(f.max ? { max: f.max } : {}),
      ...(f.format ? { format: f.format } : {}),
      ...(f.within ? { within: f.within } : {}),
      ...(f.defaultValue !== undefined ? { defaultValue: f.defaultValue } : {}),
      ...(f.where ? { where: f.where } : {}),
      ...(f.partOf ? { partOf: true } : {}),
    };
  }
}

/** The field own and team scopes are measured against (the entry's ownerField), if the object has one. */
const narrowed = new WeakMap<ResolvedObject, Map<string, ResolvedObject>>();

/**
 * The entry with only these fields (a sparse read: a board's cards need a few of a record's
 * fields). The same object for the same names, so what is built once per object — its column
 * list, its row readers — is built once per field set too. Names must be fields of the entry.
 */
export function withOnlyFields(obj: ResolvedObject, names: readonly string[]): ResolvedObject {
  let byKey = narrowed.get(obj);
  if (!byKey) {
    byKey = new Map();
    narrowed.set(obj, byKey);
  }
  const key = [...new Set(names)].sort().join(',');
  let out = byKey.get(key);
  if (!out) {
    out = { ...obj, fields: new Map([...obj.fields].filter(([name]) => names.includes(name))) };
    byKey.set(key, out);
  }
  return out;
}

export function ownerOf(obj: ResolvedObject): ResolvedField | undefined {
  return obj.ownerField ? obj.fields.get(obj.ownerField) : undefined;
}

/** The owner's column under a table alias, for scope conditions; null when the object has no owner. */
export function ownerColumn(obj: ResolvedObject, alias = 't'): Sql | null {
  const owner = ownerOf(obj);
  return owner ? sql`${sql.ident(alias)}.${sql.ident(owner.column)}` : null;
}

export function customFieldDef(row: CustomFieldRow): FieldDef {
  const common = { label: row.label, required: row.required, searchable: row.searchable, list: false };
  const options = row.options ?? [];
  const def: FieldDef = (() => {
    switch (row.type) {
      case 'select':
        return field.select(options, common);
      case 'multiSelect':
        return field.multiSelect(options, common);
      case 'relation':
        return field.relation(row.relation_object ?? 'contact', common);
      case 'number':
        return field.number(common);
      case 'text':
      case 'longText':
      case 'currency':
      case 'date':
      case 'datetime':
      case 'boolean':
      case 'email':
      case 'phone':
      case 'url':
        return field[row.type](common);
      default:
        throw new Error(`custom field ${row.name}: unsupported type ${row.type}`);
    }
  })();
  // Every custom field gets an index when it is made (custom-fields.service), so it filters, and
  // sorts unless sorting means nothing (a relation's id, a list). Custom relations never block deletes.
  const sortable = !['relation', 'multiSelect', 'longText'].includes(row.type);
  return { ...def, custom: true, column: row.column_name, filterable: true, sortable };
}

/**
 * Entries that contradict themselves or each other stop start-up with a message naming the
 * entry and the part: a missing field, two objects with one plural, a relation to nothing.
 */
export function checkDefinitions(defs: ObjectDef[]): void {
  const seen = { name: new Map<string, string>(), plural: new Map<string, string>(), table: new Map<string, string>() };
  for (const def of defs) {
    for (const key of ['name', 'plural', 'table'] as const) {
      const other = seen[key].get(def[key]);
      if (other) throw new Error(`objects ${other} and ${def.name} have the same ${key} "${def[key]}"`);
      seen[key].set(def[key], def.name);
    }
  }
  const fail = (def: ObjectDef, what: string) => {
    throw new Error(`object ${def.name}: ${what}`);
  };
  for (const def of defs) {
    // The web app serves every object at /{plural}: its own first segments cannot be one.
    if (isReservedPath(def.plural)) fail(def, `plural "${def.plural}" is an address the app keeps for itself`);
    if (!/^[a-z][a-z0-9-]*$/.test(def.plural))
      fail(def, `plural "${def.plural}" must be lower-case letters, digits and dashes`);
    if (!/^[a-z][a-z0-9_]*$/.test(def.table)) fail(def, `table "${def.table}" must be a plain lower-case name`);
  }
  const isField = (def: ObjectDef, name: string) => name in def.fields;
  for (const def of defs) {
    for (const key of def.titleFields) if (!isField(def, key)) fail(def, `title field "${key}" is not a field`);
    for (const [what, name] of [
      ['subtitle field', def.subtitleField],
      ['owner field', def.ownerField],
      ['duplicate scope', def.duplicateScope],
    ] as const)
      if (name !== undefined && !isField(def, name)) fail(def, `${what} "${name}" is not a field`);
    if (def.ownerField && def.fields[def.ownerField].type !== 'user')
      fail(def, `owner field "${def.ownerField}" must be a user field (field.owner())`);
    for (const key of def.duplicateKeys ?? [])
      if (!isField(def, key)) fail(def, `duplicate key "${key}" is not a field`);
    for (const index of def.indexes ?? [])
      for (const key of [...indexKeysOf(index), ...(Array.isArray(index) ? [] : index.include)])
        if (!isField(def, key) && !['title', 'createdAt', 'updatedAt'].includes(key))
          fail(def, `index on "${key}", which is not a field`);
        else if (def.fields[key]?.type === 'anyRecord')
          fail(def, `index on "${key}", a link to any record: it has its own index on (object, id)`);
    // An empty field holds no key: unique when present (a product's SKU).
    for (const key of (def.unique ?? []).flat())
      if (!def.fields[key] || def.fields[key].type === 'anyRecord')
        fail(def, `unique key "${key}" must be a field (not a link to any record)`);
    for (const key of Object.keys(def.importAliases ?? {}))
      if (!isField(def, key)) fail(def, `import aliases for "${key}", which is not a field`);
    for (const name of def.junction ?? [])
      if (def.fields[name]?.type !== 'relation' || !def.fields[name].required)
        fail(def, `junction field "${name}" must be a required relation field`);
    if (!def.junction && !def.titleFields.length && !def.title) fail(def, 'needs title fields or a title function');
    // Required, so that every activity has its place on the timeline (no NULLs in its order).
    const at = def.activity && def.activity.at !== 'createdAt' ? def.fields[def.activity.at] : undefined;
    if (def.activity && def.activity.at !== 'createdAt' && (at?.type !== 'datetime' || !at.required))
      fail(def, `activity time "${def.activity.at}" must be a required date-time field or createdAt`);
    for (const l of def.activity?.links ?? [])
      if (!defs.some((d) => d.name === l.object)) fail(def, `activity links to unknown object "${l.object}"`);
    // A junction's rows have no title to show, and are read through both their ends.
    if (def.junction && def.timelineChanges?.length) fail(def, 'a junction sends no changes to timelines');
    for (const name of def.timelineChanges ?? [])
      if (def.fields[name]?.type !== 'relation' && def.fields[name]?.type !== 'anyRecord')
        fail(def, `timeline changes through "${name}", which is not a relation or a link to any record`);
    for (const [name, f] of Object.entries(def.fields)) {
      if (f.type === 'relation' && !defs.some((d) => d.name === f.relation))
        fail(def, `field ${name} points at unknown object "${f.relation}"`);
      if (f.within) {
        const parent = def.fields[f.within];
        const target = defs.find((d) => d.name === f.relation);
        if (f.type !== 'relation' || parent?.type !== 'relation')
          fail(def, `field ${name} is within "${f.within}": both must be relation fields`);
        else if (target?.fields[f.within]?.relation !== parent.relation)
          fail(def, `field ${name} is within "${f.within}", which ${f.relation} must have too, to the same object`);
      }
      for (const target of f.objects ?? []) {
        const d = defs.find((x) => x.name === target);
        if (!d) fail(def, `field ${name} may link to unknown object "${target}"`);
        else if (d.junction) fail(def, `field ${name} may link to ${target}, a junction, whose rows have no title`);
      }
      if (f.type === 'anyRecord' && f.objects?.length === 0)
        fail(def, `field ${name} names no object it may link to (leave objects out for any)`);
      if (f.sqlType === 'jsonb' && (f.sortable || f.filterable))
        fail(
          def,
          `field ${name} holds a list of documents: it can be neither sorted nor filtered (no index serves it)`,
        );
    }
  }
}
