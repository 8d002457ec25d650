// Where an object's pages live: under its plural at the root. The one place that builds them.
/** The list: /contacts */
export const listPath = (plural: string) => `/${plural}`;
/** One record: /contacts/{id} */
export const recordPath = (plural: string, id: string) => `/${plural}/${encodeURIComponent(id)}`;
/** The list with the new-record form open: /contacts/new */
export const newRecordPath = (plural: string) => `/${plural}/new`;
/** The CSV import: /contacts/import */
export const importPath = (plural: string) => `/${plural}/import`;
