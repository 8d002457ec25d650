// What a product is made of or may come with. A bundle (a product of kind bundle) holds components,
// each so many times, never itself nor a bundle that holds it. A configurable product offers
// options (other products) in labelled groups; a required group needs one chosen; choosing them
// prices the configuration (configure.service.ts).
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { catalogAccess } from './products.object.ts';

/** How deep bundles may nest: deeper than any real catalogue, shallow enough to walk. */
const maxDepth = 10;

const titleOf = async (ctx: Ctx, id: unknown) =>
  (
    await ctx.db.query<{ title: string; kind: string | null }>(
      sql`SELECT title, kind FROM products WHERE id = ${String(id)}::uuid`,
    )
  )[0];

const bad = (field: string, message: string) => invalid(`${field}: ${message}`, { [field]: message });

const bundleItemHooks: ObjectHooks = {
  async compute(ctx, change) {
    if (change.action !== 'create' && !change.changed.includes('componentId')) return {};
    return { name: (await titleOf(ctx, change.after.componentId))?.title ?? null };
  },
  async validate(ctx, change) {
    const after = change.after;
    if (!after) return;
    if (Number(after.quantity) <= 0) throw bad('quantity', 'must be more than 0');
    if (change.action !== 'create' && !['bundleId', 'componentId'].some((k) => change.changed.includes(k))) return;
    if (after.bundleId === after.componentId) throw bad('componentId', 'a bundle cannot hold itself');
    // Down from the component: meeting the bundle means it would hold itself through it.
    const [loop] = await ctx.db.query<{ found: boolean }>(sql`
      WITH RECURSIVE down(id, depth) AS (
        SELECT ${String(after.componentId)}::uuid, 0
        UNION
        SELECT i.component_id, down.depth + 1 FROM product_bundle_items i JOIN down ON i.bundle_id = down.id
        WHERE i.deleted_at IS NULL AND down.depth < ${maxDepth}
      ) SELECT bool_or(id = ${String(after.bundleId)}::uuid) AS found FROM down`);
    if (loop?.found) throw bad('componentId', 'that product holds this bundle already (a cycle)');
  },
};

export const productBundleItemObject = defineObject({
  name: 'productBundleItem',
  plural: 'product-bundle-items',
  label: 'Bundle item',
  labelPlural: 'Bundle items',
  icon: 'package',
  table: 'product_bundle_items',
  titleFields: ['name'],
  navigation: false,
  globalSearch: false,
  access: catalogAccess,
  unique: [['bundleId', 'componentId']],
  fields: {
    bundleId: field.relation('product', {
      label: 'Bundle',
      required: true,
      list: true,
      onDelete: 'cascade',
      where: { kind: 'bundle' },
    }),
    componentId: field.relation('product', { label: 'Component', required: true, list: true, onDelete: 'cascade' }),
    // The component's name, for lists and search.
    name: field.text({ computed: true, max: 300 }),
    quantity: field.number({ required: true, list: true, min: 0, sample: (n) => 1 + (n % 3) }),
  },
  hooks: bundleItemHooks,
});

const optionHooks: ObjectHooks = {
  async compute(ctx, change) {
    if (change.action !== 'create' && !change.changed.includes('optionProductId')) return {};
    return { name: (await titleOf(ctx, change.after.optionProductId))?.title ?? null };
  },
  validate(_ctx, change) {
    const after = change.after;
    if (after && after.productId === after.optionProductId)
      throw bad('optionProductId', 'a product cannot be an option of itself');
  },
};

export const productOptionObject = defineObject({
  name: 'productOption',
  plural: 'product-options',
  label: 'Product option',
  labelPlural: 'Product options',
  icon: 'adjustments',
  table: 'product_options',
  titleFields: ['name'],
  defaultSort: 'title',
  navigation: false,
  globalSearch: false,
  access: catalogAccess,
  unique: [['productId', 'optionProductId']],
  fields: {
    productId: field.relation('product', { label: 'Product', required: true, list: true, onDelete: 'cascade' }),
    optionProductId: field.relation('product', {
      label: 'Option',
      required: true,
      list: true,
      onDelete: 'cascade',
    }),
    name: field.text({ computed: true, max: 300 }),
    // Options of one group are alternatives shown together ("Support plan", "Storage").
    group: field.text({ label: 'Group', list: true, max: 200 }),
    required: field.boolean({ label: 'Group required', list: true }),
    isDefault: field.boolean({ label: 'Chosen by default', list: true }),
  },
  hooks: optionHooks,
});
