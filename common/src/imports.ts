// What the CSV import and export agree on, server and web alike.

/** The parts of an address with their column labels: exported as such, mapped back by the import. */
export const addressParts = [
  ['label', 'Label'],
  ['street', 'Street'],
  ['city', 'City'],
  ['region', 'Region'],
  ['postalCode', 'Postal code'],
  ['country', 'Country'],
] as const;
export type AddressPart = (typeof addressParts)[number][0];

/** The import target of a notes column: not a field, a note on each written record's timeline. */
export const importNoteTarget = '@note';
export const importNoteLabel = 'Note (on the timeline)';
