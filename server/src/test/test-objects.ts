// An entry that exists only in tests: it proves that a new object gets the records path, the
// permission matrix, the fuzz tests, OpenAPI and hooks without anyone adding it anywhere else.
// Its hooks are a small "deal": a computed total, a stage that needs a quantity to be won, and
// a won gadget that cannot be deleted.
import { invalid } from '../platform/errors.ts';
import type { ObjectHooks, WriteChange } from '../platform/records/hooks.ts';
import { access, defineObject } from '../platform/registry/define-object.ts';
import { field } from '../platform/registry/fields.ts';

/** Every hook call, in order, for tests to read (kept per process: tests clear it). */
export const gadgetHookLog: Array<{
  hook: string;
  change: Partial<WriteChange> & { keptId?: string; mergedId?: string };
}> = [];

const hooks: ObjectHooks = {
  compute(_ctx, change) {
    gadgetHookLog.push({ hook: 'compute', change });
    const quantity = (change.after.quantity as number | null) ?? 0;
    const price = (change.after.unitPrice as number | null) ?? 0;
    return { total: quantity * price };
  },
  validate(_ctx, change) {
    gadgetHookLog.push({ hook: 'validate', change });
    if (change.after?.stage === 'won' && !change.after.quantity)
      throw invalid('stage: a gadget cannot be won without a quantity', { stage: 'needs a quantity' });
    if (change.action === 'delete' && change.before?.stage === 'won')
      throw invalid('A won gadget cannot be deleted', { stage: 'won' });
  },
  afterWrite(_ctx, change) {
    gadgetHookLog.push({ hook: 'afterWrite', change });
    // A write whose after-work fails is undone with it: the transaction is one.
    if (change.after?.name === 'Explodes after write') throw new Error('after-write failed');
  },
  merge(_ctx, m) {
    gadgetHookLog.push({ hook: 'merge', change: m });
  },
};

export const gadgetObject = defineObject({
  name: 'gadget',
  plural: 'gadgets',
  label: 'Gadget',
  labelPlural: 'Gadgets',
  icon: 'box',
  table: 'test_gadgets',
  titleFields: ['name'],
  defaultSort: 'title',
  duplicateKeys: ['code'],
  access: access.customerData(),
  importAliases: { name: ['gadget name', 'gizmo'] },
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 200 }),
    code: field.text({ max: 50, searchable: true }),
    stage: field.select(['draft', 'won', 'lost'], { list: true, sortable: true }),
    quantity: field.number({ integer: true, filterable: true }),
    unitPrice: field.number({ label: 'Unit price' }),
    total: field.number({ computed: true, sortable: true }),
    companyId: field.relation('company', { label: 'Company' }),
    tags: field.tags({ filterable: true }),
    // A link to a record of any object (contacts, companies, other gadgets…).
    about: field.anyRecord({ label: 'About' }),
    ownerId: field.owner(),
  },
  hooks,
});
