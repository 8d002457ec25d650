// A definition that contradicts itself or another stops start-up with a message naming it.
import { describe, expect, it } from 'vitest';
import { builtinObjects } from '../../modules/index.ts';
import { access, defineObject, type ObjectDef } from './define-object.ts';
import { field } from './fields.ts';
import { Registry } from './registry.ts';

const base = (over: Partial<ObjectDef> = {}) =>
  defineObject({
    name: 'widget',
    plural: 'widgets',
    label: 'Widget',
    labelPlural: 'Widgets',
    icon: 'box',
    table: 'widgets',
    titleFields: ['name'],
    access: { read_only: access.read() },
    fields: { name: field.text({ required: true }), ownerId: field.owner() },
    ...over,
  });

const start =
  (...extra: ObjectDef[]) =>
  () =>
    new Registry([...builtinObjects, ...extra]);

describe('registry definitions', () => {
  it('takes a sound entry', () => {
    expect(start(base())().get('widget')?.ownerField).toBe('ownerId');
  });

  it.each([
    [{ titleFields: ['nmae'] }, /object widget: title field "nmae" is not a field/],
    [{ subtitleField: 'email' }, /object widget: subtitle field "email" is not a field/],
    [{ duplicateKeys: ['sku'] }, /object widget: duplicate key "sku" is not a field/],
    [{ indexes: [['name', 'colour']] }, /object widget: index on "colour", which is not a field/],
    [{ importAliases: { colour: ['color'] } }, /import aliases for "colour"/],
    [{ plural: 'contacts' }, /objects contact and widget have the same plural "contacts"/],
    [{ table: 'companies' }, /objects company and widget have the same table "companies"/],
    [{ plural: 'settings' }, /plural "settings" is an address the app keeps for itself/],
    [{ plural: 'Widgets' }, /plural "Widgets" must be lower-case/],
    [{ ownerField: 'name' }, /owner field "name" must be a user field/],
    [{ junction: ['name', 'ownerId'] as [string, string] }, /junction field "name" must be a required relation field/],
    [{ timelineChanges: ['name'] }, /timeline changes through "name", which is not a relation or a link to any record/],
    [{ timelineChanges: ['ownerId'] }, /timeline changes through "ownerId", which is not a relation/],
    [
      {
        fields: {
          name: field.text(),
          contactId: field.relation('contact', { required: true }),
          companyId: field.relation('company', { required: true }),
        },
        junction: ['contactId', 'companyId'] as [string, string],
        timelineChanges: ['companyId'],
      },
      /object widget: a junction sends no changes to timelines/,
    ],
  ])('refuses %o', (over, message) => {
    expect(start(base(over as Partial<ObjectDef>))).toThrow(message);
  });

  it('refuses a relation to an unknown object and a sorted document field', () => {
    const rel = base({ fields: { name: field.text(), partId: field.relation('part') } });
    expect(start(rel)).toThrow(/object widget: field partId points at unknown object "part"/);
    const doc = base({ fields: { name: field.text(), spec: { ...field.phoneList(), sortable: true } } });
    expect(start(doc)).toThrow(/field spec holds a list of documents/);
  });

  it('refuses a link to any record that names an unknown object, a junction or none, or sits in an index', () => {
    const link = (objects?: string[]) => ({ name: field.text(), about: field.anyRecord({ objects }) });
    expect(start(base({ fields: link(['contact', 'planet']) }))).toThrow(
      /object widget: field about may link to unknown object "planet"/,
    );
    expect(start(base({ fields: link(['affiliation']) }))).toThrow(/may link to affiliation, a junction/);
    expect(start(base({ fields: link([]) }))).toThrow(/field about names no object it may link to/);
    expect(start(base({ fields: link(), indexes: [['about']] }))).toThrow(/index on "about", a link to any record/);
    expect(
      start(base({ fields: { ...link(['widget', 'contact']), ownerId: field.owner() } }))().get('widget'),
    ).toBeDefined();
  });
});
