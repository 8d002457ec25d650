// Which column goes to which field. A mapping is { header: target | null }, a target being a
// field name or, for an address list, `<field>.<part>` (addresses.city). Suggestions come from a
// mapping remembered for the same header set, else presets for the exports of common tools, else
// a fuzzy match of the header to a field's name or label. Nothing here is per object: presets name
// candidate fields and the first one the object has wins.
import { type AddressPart, addressParts, importNoteLabel, importNoteTarget } from '@kith/common';
import type { ImportMapping } from '@kith/common/api/imports';
import { invalid } from '../../platform/errors.ts';
import type { ResolvedField, ResolvedObject } from '../../platform/registry/registry.ts';
import { moreAddresses } from '../exports/exports.service.ts';
import { compactHeader, normalizeHeader } from './import-csv.ts';

export type { AddressPart };

const addressPartNames: readonly string[] = addressParts.map(([part]) => part);

/**
 * The target of a notes column: not a field but a note on each written record's timeline
 * (Google's and Outlook's "Notes"). The field facts let the parser read it as long text.
 */
export const noteTarget = importNoteTarget;
const noteField = {
  name: noteTarget,
  label: importNoteLabel,
  column: '',
  type: 'longText',
  sqlType: 'text',
  max: 100_000,
  required: false,
  readOnly: false,
  searchable: false,
  filterable: false,
  sortable: false,
  list: false,
  sensitive: false,
} satisfies ResolvedField;

export type Mapping = ImportMapping;

/** Field types that take several columns (values are appended). */
const listTypes = new Set(['emailList', 'tags', 'multiSelect', 'phoneList']);

/**
 * Presets: header (compacted: letters and digits only) → candidate targets in order of preference.
 * Google Contacts (old and new exports), Outlook, HubSpot and Salesforce, plus common spellings.
 */
const presetTable: Array<[string[], string[]]> = [
  [['givenname', 'firstname', 'first', 'forename', 'vorname', 'prenom'], ['firstName']],
  [['familyname', 'lastname', 'surname', 'last', 'nachname', 'nom'], ['lastName']],
  [
    ['email1value', 'emailaddress', 'email', 'mail', 'primaryemail', 'emailaddress1', 'workemail'],
    ['email', 'emails'],
  ],
  [
    [
      'email2value',
      'email3value',
      'email4value',
      'email2address',
      'email3address',
      'otheremail',
      'secondaryemail',
      'homeemail',
    ],
    ['emails'],
  ],
  [
    ['phone1value', 'phonenumber', 'businessphone', 'phone', 'workphone', 'telephone', 'primaryphone'],
    ['phone', 'phones'],
  ],
  [
    [
      'phone2value',
      'phone3value',
      'phone4value',
      'mobilephone',
      'mobile',
      'mobilephonenumber',
      'homephone',
      'otherphone',
      'businessphone2',
      'homephone2',
      'cellphone',
    ],
    ['phones', 'phone'],
  ],
  [
    [
      'organization1name',
      'organizationname',
      'company',
      'companyname',
      'accountname',
      'account',
      'organisation',
      'organization',
      'employer',
    ],
    ['companyId', 'name'],
  ],
  [['organization1title', 'organizationtitle', 'jobtitle', 'title', 'position', 'role'], ['jobTitle']],
  [['groupmembership', 'labels', 'tags', 'categories', 'tag'], ['tags']],
  [['lifecyclestage', 'stage'], ['lifecycleStage']],
  [
    ['contactowner', 'companyowner', 'owner', 'ownername', 'owneremail', 'accountowner', 'assignedto', 'leadowner'],
    ['ownerId'],
  ],
  [['leadsource', 'source', 'originalsource', 'contactsource'], ['source']],
  [
    ['address1city', 'businesscity', 'city', 'mailingcity', 'homecity', 'billingcity', 'town'],
    ['city', 'addresses.city'],
  ],
  [
    [
      'address1country',
      'businesscountryregion',
      'businesscountry',
      'countryregion',
      'country',
      'mailingcountry',
      'homecountryregion',
      'billingcountry',
    ],
    ['country', 'addresses.country'],
  ],
  [
    [
      'address1street',
      'businessstreet',
      'streetaddress',
      'street',
      'mailingstreet',
      'homestreet',
      'billingstreet',
      'address',
      'address1',
    ],
    ['addresses.street'],
  ],
  [
    [
      'address1region',
      'businessstate',
      'stateregion',
      'state',
      'mailingstate',
      'homestate',
      'billingstate',
      'region',
      'province',
      'mailingstateprovince',
      'billingstateprovince',
    ],
    ['addresses.region'],
  ],
  [
    [
      'address1postalcode',
      'businesspostalcode',
      'postalcode',
      'zip',
      'zipcode',
      'postcode',
      'mailingzippostalcode',
      'mailingpostalcode',
      'homepostalcode',
      'billingzippostalcode',
    ],
    ['addresses.postalCode'],
  ],
  [['birthday', 'birthdate', 'dateofbirth', 'dob'], ['birthday']],
  [['gender', 'sex'], ['gender']],
  [['language', 'preferredlanguage', 'locale'], ['language']],
  [['website1value', 'website', 'webpage', 'websiteurl', 'url', 'homepage'], ['website']],
  [['companydomainname', 'domain', 'domainname', 'emaildomain'], ['domain']],
  [['industry', 'sector'], ['industry']],
  [['numberofemployees', 'employees', 'employeecount', 'headcount'], ['employees']],
  [['annualrevenue', 'revenue'], ['annualRevenue']],
  [['notes', 'note', 'comments'], [noteTarget]],
  [['description', 'about'], ['description']],
  [['donotcall', 'donotcontact', 'emailoptout', 'hasoptedoutofemail', 'unsubscribed', 'optout'], ['doNotContact']],
];
/** Compact header → its targets and rank (a more specific alias claims a field first). */
const presets = new Map<string, { targets: string[]; rank: number }>();
for (const [headers, targets] of presetTable) {
  headers.forEach((h, rank) => {
    presets.set(h, { targets, rank });
  });
}

export interface Target {
  index: number;
  header: string;
  field: ResolvedField;
  part?: AddressPart;
}

/** The field (and address part) a target string names, if the object has it and it is writable. */
export function parseTarget(obj: ResolvedObject, target: string): { field: ResolvedField; part?: AddressPart } | null {
  if (target === noteTarget) return { field: noteField };
  const [name, part, ...rest] = target.split('.');
  const field = obj.fields.get(name);
  if (!field || field.readOnly || rest.length) return null;
  if (part === undefined) return { field };
  if (field.type !== 'addressList' || !addressPartNames.includes(part)) return null;
  return { field, part: part as AddressPart };
}

/** Whether a target takes values from several columns. */
const isMulti = (t: { field: ResolvedField; part?: AddressPart }) => listTypes.has(t.field.type);

/** Checks a client's mapping against the file's headers and the object: 400 naming the problem. */
export function resolveMapping(obj: ResolvedObject, headers: string[], mapping: Mapping): Target[] {
  const index = new Map(headers.map((h, i) => [h, i]));
  const targets: Target[] = [];
  const used = new Map<string, string>();
  for (const [header, target] of Object.entries(mapping)) {
    const i = index.get(header);
    if (i === undefined)
      throw invalid(`mapping: the file has no column "${header}"`, { [`mapping.${header}`]: 'no such column' });
    if (target === null || target === '') continue;
    const t = parseTarget(obj, target);
    if (!t)
      throw invalid(
        `mapping.${header}: "${target}" is not a field of ${obj.labelPlural.toLowerCase()} that can be imported`,
        { [`mapping.${header}`]: 'unknown field' },
      );
    const key = t.part ? `${t.field.name}.${t.part}` : t.field.name;
    const other = used.get(key);
    if (other !== undefined && !isMulti(t)) {
      throw invalid(`mapping.${header}: ${t.field.label} is already mapped from "${other}"`, {
        [`mapping.${header}`]: 'field mapped twice',
      });
    }
    used.set(key, header);
    targets.push({ index: i, header, field: t.field, ...(t.part ? { part: t.part } : {}) });
  }
  if (!targets.length) throw invalid('mapping: map at least one column to a field', { mapping: 'empty' });
  return targets;
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** A field whose name or label matches the header, ignoring case, spaces and punctuation (small typos allowed). */
function fuzzyTarget(obj: ResolvedObject, header: string): string | null {
  const h = compactHeader(header);
  if (!h) return null;
  let best: { name: string; d: number } | null = null;
  for (const f of obj.fields.values()) {
    if (f.readOnly) continue;
    const names = [compactHeader(f.name), compactHeader(f.label), compactHeader(f.name.replace(/Id$/, ''))];
    for (const n of names) {
      const max = n.length >= 8 ? 2 : n.length >= 5 ? 1 : 0;
      const d = n === h ? 0 : editDistance(h, n, max);
      if (d <= max && (!best || d < best.d)) best = { name: f.name, d };
    }
  }
  return best?.name ?? null;
}

/**
 * A suggested mapping: presets first, then fuzzy matches; a single-valued field is suggested for
 * one column only (the first), list fields may take several.
 */
export function suggestMapping(obj: ResolvedObject, headers: string[], remembered?: Mapping | null): Mapping {
  const out: Mapping = {};
  const taken = new Set<string>();
  const claim = (header: string, target: string | null) => {
    if (!target) return false;
    const t = parseTarget(obj, target);
    if (!t) return false;
    const key = t.part ? `${t.field.name}.${t.part}` : t.field.name;
    if (taken.has(key) && !isMulti(t)) return false;
    taken.add(key);
    out[header] = target;
    return true;
  };
  if (remembered) {
    const byNorm = new Map(Object.entries(remembered).map(([h, t]) => [normalizeHeader(h), t]));
    for (const h of headers) out[h] = null;
    for (const h of headers) claim(h, byNorm.get(normalizeHeader(h)) ?? null);
    return out;
  }
  for (const h of headers) out[h] = null;
  // The entry's own aliases first: they name its fields exactly.
  const aliases = new Map<string, string>();
  for (const [name, list] of Object.entries(obj.importAliases ?? {}))
    for (const alias of list) aliases.set(compactHeader(alias), name);
  for (const h of headers) claim(h, aliases.get(compactHeader(h)) ?? null);
  // Outlook has both "Title" (Mr, Ms) and "Job Title": the more specific alias goes first.
  const matched = headers
    .map((h, i) => ({ h, i, preset: presets.get(compactHeader(h)) }))
    .filter((m) => m.preset !== undefined)
    .sort((a, b) => (a.preset?.rank ?? 0) - (b.preset?.rank ?? 0) || a.i - b.i);
  for (const m of matched) {
    if (out[m.h] !== null) continue;
    for (const candidate of m.preset?.targets ?? []) if (claim(m.h, candidate)) break;
  }
  // A file with only "Mobile Phone" fills the main phone rather than the list of others.
  for (const m of matched) {
    const [first, fallback] = m.preset?.targets ?? [];
    if (out[m.h] !== first || !fallback || taken.has(fallback)) continue;
    const t = parseTarget(obj, fallback);
    if (t && !isMulti(t) && !t.part) {
      taken.add(fallback);
      out[m.h] = fallback;
    }
  }
  // Our own export's address columns: "Addresses: City" → addresses.city, "Addresses: More" → addresses.
  const own = new Map<string, string>();
  for (const f of obj.fields.values()) {
    if (f.type !== 'addressList') continue;
    for (const [part, label] of addressParts) own.set(compactHeader(`${f.label} ${label}`), `${f.name}.${part}`);
    own.set(compactHeader(`${f.label} ${moreAddresses}`), f.name);
  }
  for (const h of headers) if (out[h] === null) claim(h, own.get(compactHeader(h)) ?? null);
  for (const h of headers) if (out[h] === null) claim(h, fuzzyTarget(obj, h));
  return out;
}

/** A mapping as remembered: keyed by normalised header, so case and spacing do not matter. */
export function rememberable(mapping: Mapping): Mapping {
  return Object.fromEntries(Object.entries(mapping).map(([h, t]) => [normalizeHeader(h), t || null]));
}
