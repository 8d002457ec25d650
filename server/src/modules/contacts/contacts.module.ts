import type { KithModule } from '../../platform/module.ts';
import { contactObject } from './contacts.object.ts';

/** People: only their entry; everything else comes from the platform. */
export const contactsModule: KithModule = { name: 'contacts', objects: [contactObject] };
