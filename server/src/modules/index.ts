// Every built-in object of the registry. A new domain module adds its entry here.
import type { ObjectDef } from '../platform/registry/define-object.ts';
import { affiliationObject } from './affiliations/affiliations.object.ts';
import { companyObject } from './companies/companies.object.ts';
import { contactObject } from './contacts/contacts.object.ts';

export const builtinObjects: ObjectDef[] = [contactObject, companyObject, affiliationObject];
