// A registry entry describes one record type once; routes, OpenAPI, list queries, the web
// app's tables and forms, import/export and the audit diff are all derived from it.
import type { ObjectPermission } from '@kith/common';
import type { ObjectHooks } from '../records/hooks.ts';
import type { FieldDef } from './fields.ts';

/** Keys of the built-in roles (platform/permissions.ts); admins may do everything anyway. */
export type BuiltinRoleKey = 'sales_manager' | 'sales_rep' | 'support_agent' | 'marketing' | 'read_only';

/** A covering index: its keys (as in `indexes`), then fields carried along (INCLUDE). */
export interface IndexDef {
  keys: string[];
  include: string[];
}

/** The key fields of an index declaration. */
export const indexKeysOf = (index: string[] | IndexDef): string[] => (Array.isArray(index) ? index : index.keys);

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
  /**
   * The owner field: what own and team scopes are measured against. Defaults to the field made
   * with `field.owner()`; an entry without one has no owner (every reader sees all or nothing).
   */
  ownerField?: string;
  /**
   * What each built-in role may do with these records, re-asserted at every start (roles an admin
   * made keep what the admin gave them). A role left out may do nothing. See `access` below.
   */
  access: Partial<Record<BuiltinRoleKey, ObjectPermission>>;
  /** Shown in the navigation (default true). Junctions and settings-like objects say false. */
  navigation?: boolean;
  /** Found by the global search, Ctrl+K (default true). */
  globalSearch?: boolean;
  /** More column headers an import maps to a field, e.g. { lastName: ['surname', 'nachname'] }. */
  importAliases?: Record<string, string[]>;
  /** The title when joining title fields is not enough (a quote's number and version). */
  title?: (values: Record<string, unknown>) => string;
  /**
   * Composite indexes beyond the one per sortable or filterable field, as field names (title,
   * createdAt and updatedAt name the system columns); id is appended. Each costs every write.
   * `{ keys, include }` makes a covering index: the included fields' columns ride along in it, so
   * a read of only those (a report's grouped sums) is answered from the index without the table.
   */
  indexes?: Array<string[] | IndexDef>;
  /**
   * Fields whose values together are unique among live records (a quota per rep, period kind and
   * start): a unique index, and a 409 that names the record already holding them. A key with an
   * empty field holds nothing, in the index as in the check: unique when present (a product's SKU).
   */
  unique?: string[][];
  /**
   * A junction: a many-to-many between the records its two relation fields name (contacts on a
   * deal, with a role). Its rows need no title, are unique per pair, are visible only to those
   * who may read both ends, and never show in navigation or search.
   */
  junction?: [string, string];
  /** What this object does on a write beyond storing fields (records/hooks.ts). */
  hooks?: ObjectHooks;
  /**
   * The only kinds of file that may be attached to its records (the files module's sniffed kinds:
   * `image`, `pdf`, `document`…); every kind when left out.
   */
  fileKinds?: string[];
  /**
   * People who may read a record beyond its owner's scope, named by a table of the entry's own
   * (a meeting's attendees): rows of `table` whose `recordColumn` is the record's id and
   * `userColumn` the reader's. Reading only: changing the record stays with the owner's scope.
   */
  sharedWith?: { table: string; recordColumn: string; userColumn: string };
  /**
   * An activity (a call, a meeting, a task…): it shows on the timeline of every record its links
   * to any record and its relations point at, ordered by `at` (a date-time field, or createdAt).
   * Those links are indexed with `at`, so a record's newest activities are read from an index.
   */
  /**
   * Fields (relations, links to any record) through which its changes reach other records'
   * timelines: a create, update, delete or restore of one of its records shows, as a `change`
   * item, on the timeline of each record these fields point at — before the write and after it.
   */
  timelineChanges?: string[];
  activity?: {
    at: string;
    /** Offered as the follow-up after logging another activity (tasks). */
    followUp?: boolean;
    /**
     * Records it concerns through a table of its own (a meeting's contacts among its attendees):
     * rows of `table` whose `column` holds the record's id and `activityColumn` the activity's.
     * `column` must lead an index of the table.
     */
    links?: Array<{
      object: string;
      table: string;
      column: string;
      activityColumn: string;
      /** That table's copy of the activity's time, indexed after `column` (kept by a trigger). */
      atColumn?: string;
    }>;
  };
}

export function defineObject(def: Omit<ObjectDef, 'defaultSort'> & { defaultSort?: string }): ObjectDef {
  const ownerField = def.ownerField ?? Object.entries(def.fields).find(([, f]) => f.isOwner)?.[0];
  const listed = !def.junction;
  return { defaultSort: '-createdAt', navigation: listed, globalSearch: listed, ...def, ownerField };
}

/** Building blocks for an entry's `access`. */
export const access = {
  /** Everything, in a scope; `except` takes actions away (e.g. export). */
  full: (scope: ObjectPermission['scope'] = 'all', except: Array<keyof Omit<ObjectPermission, 'scope'>> = []) => {
    const p: ObjectPermission = { create: true, read: true, update: true, delete: true, export: true, scope };
    for (const a of except) p[a] = false;
    return p;
  },
  /**
   * The usual split for customer data: managers everything; reps the records of their team (or
   * `repScope`), without export; support everything but delete and export; marketing everything
   * but delete; read-only reading.
   */
  customerData: (repScope: ObjectPermission['scope'] = 'team'): Partial<Record<BuiltinRoleKey, ObjectPermission>> => ({
    sales_manager: access.full(),
    sales_rep: access.full(repScope, ['export']),
    support_agent: access.full('all', ['delete', 'export']),
    marketing: access.full('all', ['delete']),
    read_only: access.read(),
  }),
  /**
   * Work everyone does (tasks, calls, meetings): managers everything; reps, support and
   * marketing their team's, without export; read-only reading.
   */
  teamWork: (): Partial<Record<BuiltinRoleKey, ObjectPermission>> => ({
    sales_manager: access.full(),
    sales_rep: access.full('team', ['export']),
    support_agent: access.full('team', ['export']),
    marketing: access.full('team', ['export']),
    read_only: access.read(),
  }),
  /** Reading only, in a scope. */
  read: (scope: ObjectPermission['scope'] = 'all'): ObjectPermission => ({
    create: false,
    read: true,
    update: false,
    delete: false,
    export: false,
    scope,
  }),
};

export const toColumn = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Fields every registry table has, read-only to clients. */
export const systemFields = ['id', 'title', 'createdAt', 'updatedAt', 'deletedAt', 'createdBy'] as const;
