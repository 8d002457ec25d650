// Which columns a table shows, per object, remembered in this browser.
import { useLocalStorage } from '@mantine/hooks';
import type { FieldMeta, ObjectMeta } from '../meta/objects';
import { systemFields } from '../meta/objects';

/** Whether a field is part of the record's title (the title column already shows it). */
export const isTitlePart = (meta: ObjectMeta, name: string) => meta.titleFields.includes(name);

export function defaultColumnNames(meta: ObjectMeta): string[] {
  const listed = meta.fields.filter((f) => f.list && !isTitlePart(meta, f.name)).map((f) => f.name);
  if (listed.length) return listed;
  return meta.fields
    .filter((f) => !isTitlePart(meta, f.name) && !systemFields.has(f.name))
    .slice(0, 5)
    .map((f) => f.name);
}

export function useColumns(meta: ObjectMeta) {
  const [saved, setSaved] = useLocalStorage<string[] | null>({
    key: `kith-columns-${meta.name}`,
    defaultValue: null,
    getInitialValueInEffect: false,
  });
  const names = saved ?? defaultColumnNames(meta);
  const columns = names.map((n) => meta.fields.find((f) => f.name === n)).filter((f): f is FieldMeta => !!f);
  return {
    columns,
    names,
    setNames: (n: string[]) => setSaved(n),
    reset: () => setSaved(null),
    isDefault: saved === null,
  };
}

export function columnWidth(f: FieldMeta): number {
  switch (f.type) {
    case 'boolean':
      return 96;
    case 'number':
    case 'date':
      return 130;
    case 'currency':
    case 'datetime':
      return 160;
    case 'select':
      return 150;
    case 'email':
    case 'emailList':
    case 'url':
      return 220;
    case 'longText':
    case 'tags':
    case 'multiSelect':
    case 'addressList':
      return 220;
    default:
      return 180;
  }
}

/** The server sorts by the record title under `title` (and `name`). */
export function titleSortKey(_meta: ObjectMeta): string | null {
  return 'title';
}
