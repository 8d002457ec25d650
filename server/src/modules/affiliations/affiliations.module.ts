import type { KithModule } from '../../platform/module.ts';
import { affiliationObject } from './affiliations.object.ts';

/** Contacts' ties to companies (a junction): only its entry. */
export const affiliationsModule: KithModule = { name: 'affiliations', objects: [affiliationObject] };
