// Every registry entry against the database it runs on: the migrations and the entries must
// agree column for column and index for index, custom fields included, or CI fails here. When it
// does, `npm run db:generate -- <name>` writes the missing migration (decision 009).

import { customFieldTypes } from '@kith/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { defineObject } from './define-object.ts';
import { field } from './fields.ts';
import { Registry } from './registry.ts';
import { indexShape, tableSpec } from './schema.ts';
import { applyTableSpec, diffTable, readTable } from './schema-diff.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const tableOf = (registry: Registry) => (object: string) => registry.get(object)?.table;

async function drift(registry: Registry) {
  const out: Record<string, { statements: string[]; problems: string[] }> = {};
  for (const obj of registry.all())
    out[obj.name] = diffTable(tableSpec(obj, tableOf(registry)), await readTable(t.db, obj.table));
  return out;
}

describe('storage derived from the registry', () => {
  it('every entry matches its table: columns (information_schema) and indexes (pg_indexes)', async () => {
    const found = await drift(t.registry);
    for (const [name, diff] of Object.entries(found))
      expect({ name, ...diff }).toEqual({ name, statements: [], problems: [] });
  });

  it('custom fields of every type add the columns and indexes the generator derives', async () => {
    for (const type of customFieldTypes) {
      const r = await t.admin.request('POST', '/api/v1/custom-fields', {
        objectType: 'company',
        name: `drift${type.charAt(0).toUpperCase()}${type.slice(1)}`,
        label: `Drift ${type}`,
        type,
        ...(type === 'select' || type === 'multiSelect' ? { options: [{ value: 'a', label: 'A' }] } : {}),
        ...(type === 'relation' ? { relationObject: 'contact' } : {}),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await t.registry.load(t.db);
    expect((await drift(t.registry)).company).toEqual({ statements: [], problems: [] });
  });

  it('only deliberate indexes: a field that is neither sortable nor filterable has none', () => {
    const contact = t.registry.get('contact');
    if (!contact) throw new Error('no contact entry');
    const spec = tableSpec(contact, tableOf(t.registry));
    const indexed = spec.indexes.flatMap((i) => i.keys);
    for (const f of contact.fields.values()) {
      if (f.sortable || f.filterable || f.type === 'relation' || (contact.duplicateKeys ?? []).includes(f.name))
        continue;
      expect(
        indexed.some((k) => k === f.column || k.includes(`(${f.column})`)),
        f.name,
      ).toBe(false);
    }
    for (const f of contact.fields.values())
      if (f.sortable && f.sqlType !== 'text[]' && !f.isOwner && !['createdAt', 'updatedAt'].includes(f.name))
        expect(spec.indexes.map(indexShape), f.name).toContain(
          `USING btree (${f.column}, id) WHERE (deleted_at IS NULL)`,
        );
  });

  it('makes the table of an object defined at run time, then finds nothing left to do', async () => {
    const probe = defineObject({
      name: 'schemaProbe',
      plural: 'schema-probes',
      label: 'Probe',
      labelPlural: 'Probes',
      icon: 'box',
      table: 'schema_probes',
      titleFields: ['label'],
      access: {},
      duplicateKeys: ['code'],
      fields: {
        label: field.text({ required: true, searchable: true, sortable: true }),
        code: field.email(),
        amount: field.currency({ sortable: true }),
        stage: field.select(['new', 'won'], { filterable: true }),
        flags: field.multiSelect(['x', 'y'], { filterable: true }),
        contactId: field.relation('contact', { onDelete: 'cascade' }),
        about: field.anyRecord({ objects: ['contact', 'company'] }),
        ownerId: field.owner(),
      },
      indexes: [['ownerId', 'stage', 'title']],
    });
    const registry = new Registry([...t.registry.all().map(toDef), probe]);
    const obj = registry.get('schemaProbe');
    if (!obj) throw new Error('probe not registered');
    const spec = tableSpec(obj, tableOf(registry));
    const applied = await applyTableSpec(t.db, spec);
    expect(applied[0]).toMatch(/^CREATE TABLE schema_probes/);
    // A link to any record: two columns set together, indexed for what links to a record.
    expect(applied).toContain(
      'ALTER TABLE schema_probes ADD CONSTRAINT schema_probes_about_link CHECK ((about_object IS NULL) = (about_id IS NULL)); -- object and id set together',
    );
    expect(spec.indexes.map(indexShape)).toContain(
      'USING btree (about_object, about_id, id) WHERE (deleted_at IS NULL)',
    );
    expect(await applyTableSpec(t.db, spec)).toEqual([]);
    // A check the entry no longer asks for is dropped; one it asks for and the table lacks is made.
    await t.db.exec('ALTER TABLE schema_probes DROP CONSTRAINT schema_probes_about_link');
    await t.db.exec('ALTER TABLE schema_probes ADD CONSTRAINT schema_probes_stray CHECK (true)');
    expect(await applyTableSpec(t.db, spec)).toEqual([
      'ALTER TABLE schema_probes DROP CONSTRAINT schema_probes_stray;',
      'ALTER TABLE schema_probes ADD CONSTRAINT schema_probes_about_link CHECK ((about_object IS NULL) = (about_id IS NULL)); -- object and id set together',
    ]);
    expect(await applyTableSpec(t.db, spec)).toEqual([]);
    // It works as a table: a row goes in, the typo dictionary's triggers took its words.
    await t.db.exec(
      `INSERT INTO schema_probes (id, title, label) VALUES ('0190f6a0-0000-7000-8000-000000000001', 'Zanzibar deal', 'Zanzibar deal')`,
    );
    const words = await t.db.queryText(`SELECT word FROM search_words WHERE table_name = 'schema_probes'`);
    expect(words.map((w) => w.word)).toContain('zanzibar');
  });
});

/** A resolved entry back to a definition (fields without the timestamps the registry adds). */
function toDef(o: ReturnType<Registry['all']>[number]) {
  const fields = Object.fromEntries([...o.fields].filter(([n]) => n !== 'createdAt' && n !== 'updatedAt'));
  return { ...o, fields };
}
