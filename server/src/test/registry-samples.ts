// What tests that loop over the registry need from an entry: valid values for any field, a body
// that creates a record (its title and required fields), and what a built-in role may do with it
// as the entry's `access` declares. Nothing here names an object, so a new entry is covered by
// every test that uses it without anyone touching this file.
import type { ObjectPermission } from '@kith/common';
import type { BuiltinRoleKey } from '../platform/registry/define-object.ts';
import type { ResolvedField, ResolvedObject } from '../platform/registry/registry.ts';
import type { Agent } from './factories.ts';

type Objects = { get(name: string): ResolvedObject | undefined };

/** Ids to put in relation fields, by target object ('user' for user and owner fields). */
export type SampleIds = Partial<Record<string, string>>;

/**
 * A valid value for the field, different for each n (so records are told apart, and sorts have
 * something to sort). Relations get an id only when `ids` names one for their target; otherwise
 * undefined (left out).
 */
export function sampleValue(f: ResolvedField, n: number, ids: SampleIds = {}): unknown {
  const word = `Sample ${f.name} ${n}`.slice(0, f.max ?? 500);
  const option = (f.options ?? [])[n % Math.max(1, f.options?.length ?? 1)]?.value;
  const day = String(1 + (n % 28)).padStart(2, '0');
  if (f.sample) return f.sample(n);
  switch (f.type) {
    case 'text':
    case 'longText':
      return word;
    case 'email':
      return `sample${n}.${f.name.toLowerCase()}@example.com`;
    case 'emailList':
      return [`other${n}@example.org`];
    case 'phone':
      return `+1 555 01${String(n % 100).padStart(2, '0')}`;
    case 'phoneList':
      return [{ label: 'work', number: `+1 555 02${String(n % 100).padStart(2, '0')}` }];
    case 'url':
      return `https://example.com/${f.name}/${n}`;
    case 'number':
      return n * 3;
    case 'currency':
      return { amount: n * 1000, currency: 'EUR' };
    case 'date':
      return `2024-03-${day}`;
    case 'datetime':
      return `2024-03-${day}T10:00:00.000Z`;
    case 'boolean':
      return n % 2 === 1;
    case 'select':
      return option;
    case 'multiSelect':
      return option === undefined ? [] : [option];
    case 'tags':
      return [`tag${n}`];
    case 'addressList':
      return [{ label: 'work', city: `City ${n}` }];
    case 'relation':
    case 'user':
      return ids[`field:${f.name}`] ?? ids[f.relation ?? 'user'];
    case 'anyRecord':
      return undefined; // a link needs a record to point at: tests that want one make it
  }
}

/** Fields a client may write (not system, computed or read-only fields). */
export const writableFields = (obj: ResolvedObject): ResolvedField[] =>
  [...obj.fields.values()].filter((f) => !f.readOnly && !f.computed);

/**
 * A body that creates a record: a value for each title field and each required field, and
 * nothing else. A required relation with no id in `ids` is a test that cannot be written yet:
 * it throws, naming the field, rather than sending a body bound to fail.
 */
export function createBody(obj: ResolvedObject, n: number, ids: SampleIds = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of writableFields(obj)) {
    if (!f.required && !obj.titleFields.includes(f.name)) continue;
    const v = sampleValue(f, n, ids);
    if (v === undefined && f.required)
      throw new Error(`${obj.name}.${f.name} is a required relation: pass an id for ${f.relation} in ids`);
    if (v !== undefined) body[f.name] = v;
  }
  return body;
}

/** A body with a value for every writable field that has one (relations only if `ids` names them). */
export function fullBody(obj: ResolvedObject, n: number, ids: SampleIds = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of writableFields(obj)) {
    const v = sampleValue(f, n, ids);
    if (v !== undefined) body[f.name] = v;
  }
  return body;
}

/** A patch that changes one writable field: the first title field if a client writes it. */
export function updateBody(obj: ResolvedObject, n: number): Record<string, unknown> {
  const writable = writableFields(obj).filter((f) => f.type !== 'relation' && f.type !== 'user');
  const f = writable.find((w) => obj.titleFields.includes(w.name)) ?? writable[0];
  if (!f) throw new Error(`${obj.name} has no field a client may write`);
  return { [f.name]: sampleValue(f, n) };
}

/** Required relation fields: a record cannot be made without a readable record at each. */
const requiredRelations = (obj: ResolvedObject) =>
  writableFields(obj).filter((f) => f.type === 'relation' && f.required && f.relation);

/**
 * Makes (as `agent`, normally an admin) one record for each required relation of obj, each owned
 * by `owner`, recursively; the ids to create obj with. Records made for one are handed down to
 * the next (`given`), so a relation within another (a deal's stage within its pipeline) gets a
 * record under the same one.
 */
export async function requiredIds(
  agent: Agent,
  objects: Objects,
  obj: ResolvedObject,
  opts: { n: number; owner?: string; depth?: number; given?: SampleIds },
): Promise<SampleIds> {
  const ids: SampleIds = { ...opts.given, user: opts.owner ?? agent.userId };
  const taken = new Set<string>();
  for (const f of requiredRelations(obj)) {
    const target = objects.get(f.relation as string);
    if (!target) throw new Error(`${obj.name}.${f.name} points at unknown object ${f.relation}`);
    if ((opts.depth ?? 0) > 5) throw new Error(`${obj.name}: required relations nest too deep`);
    const make = async () =>
      (
        await makeRecord(agent, objects, target, {
          ...opts,
          depth: (opts.depth ?? 0) + 1,
          given: ids,
          values: f.where,
        })
      ).id;
    // A second relation to the same object (a bundle and its component) points at another record.
    if (taken.has(target.name)) ids[`field:${f.name}`] = await make();
    else ids[target.name] ??= await make();
    taken.add(target.name);
  }
  return ids;
}

/**
 * Creates a record of obj as `agent` (through the API, as any client would): its required
 * relations first, everything owned by `owner` (default: the agent). `full` fills every writable
 * field, not only the title and required ones.
 */
export async function makeRecord(
  agent: Agent,
  objects: Objects,
  obj: ResolvedObject,
  opts: {
    n: number;
    owner?: string;
    full?: boolean;
    depth?: number;
    given?: SampleIds;
    /** Values the record must hold (a relation's `where`: a bundle for a bundle item). */
    values?: Record<string, unknown>;
  },
): Promise<{ id: string; body: Record<string, unknown> }> {
  const { values: _own, ...rest } = opts;
  const ids = await requiredIds(agent, objects, obj, rest);
  const body = {
    ...(opts.full ? fullBody : createBody)(obj, opts.n, ids),
    ...opts.values,
    ...(obj.ownerField && opts.owner ? { [obj.ownerField]: opts.owner } : {}),
  };
  const r = await agent.request('POST', `/api/v1/${obj.plural}?allowDuplicate=true`, body);
  // A record made for another's required relation whose unique keys one made earlier holds (a
  // category named like the one its own test made): that one serves as well.
  const existingId = r.body?.error?.details?.existingId;
  if (r.status === 409 && opts.depth && typeof existingId === 'string') return { id: existingId, body };
  if (r.status !== 201)
    throw new Error(
      `POST /api/v1/${obj.plural} ${JSON.stringify(body)} answered ${r.status}: ${JSON.stringify(r.body)}`,
    );
  return { id: r.body.id, body };
}

export type MatrixRoute = 'list' | 'get' | 'create' | 'update' | 'delete' | 'restore';
export const matrixRoutes: MatrixRoute[] = ['list', 'get', 'create', 'update', 'delete', 'restore'];

const nothing: ObjectPermission = {
  create: false,
  read: false,
  update: false,
  delete: false,
  export: false,
  scope: 'own',
};
const everything: ObjectPermission = {
  create: true,
  read: true,
  update: true,
  delete: true,
  export: true,
  scope: 'all',
};

/** What the entry declares for a built-in role: admins everything, a role it leaves out nothing. */
export function declaredPermission(obj: Pick<ResolvedObject, 'access'>, role: string, isAdmin: boolean) {
  return isAdmin ? everything : (obj.access[role as BuiltinRoleKey] ?? nothing);
}

/**
 * What a role may do, by the entries' declarations, with a record "of its own" and one "of
 * another team": records owned (through the entry's owner field) by the acting user or by a user
 * of another team, made with required relations owned the same way. Scopes are measured against
 * the owner field; an entry without one has no owner, so its scope lets a reader see all or
 * nothing — except a junction, whose row is seen by those who may read both its ends. Making a
 * record needs a readable record at each required relation (made, in the matrix, as the actor's own).
 */
export function expectedRoutes(
  objects: Objects,
  obj: ResolvedObject,
  role: string,
  isAdmin: boolean,
): Record<'own' | 'other', MatrixRoute[]> {
  const p = declaredPermission(obj, role, isAdmin);
  const target = (name: string) => {
    const f = obj.fields.get(name);
    const o = f?.relation ? objects.get(f.relation) : undefined;
    if (!o) throw new Error(`${obj.name}.${name} is not a relation to a registry object`);
    return o;
  };
  const readable = (o: ResolvedObject, whose: 'own' | 'other'): boolean => {
    const q = declaredPermission(o, role, isAdmin);
    return q.read && (!o.ownerField || q.scope === 'all' || whose === 'own');
  };
  // Does the role's scope on obj reach the record? (Which actions it may take is p's.)
  const reaches = (whose: 'own' | 'other') =>
    (!obj.ownerField || p.scope === 'all' || whose === 'own') &&
    (obj.junction ?? []).every((end) => readable(target(end), whose)) &&
    // A part (a document's line) is within reach where its whole is.
    [...obj.fields.entries()].every(([name, f]) => !f.partOf || readable(target(name), whose));
  const canMake = requiredRelations(obj).every((f) => readable(target(f.name), 'own'));
  const allowed = (whose: 'own' | 'other'): MatrixRoute[] =>
    matrixRoutes.filter((route) => {
      switch (route) {
        case 'list':
        case 'get':
          return p.read && reaches(whose);
        case 'create': // the new record is the actor's own, whoever owns the one at hand
          return p.create && canMake;
        case 'update':
          return p.update && reaches(whose);
        case 'delete':
        case 'restore':
          return p.delete && reaches(whose);
        default:
          return false;
      }
    });
  return { own: allowed('own'), other: allowed('other') };
}
