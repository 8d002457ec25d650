import type { KithModule } from '../../platform/module.ts';
import { callObject } from './calls.object.ts';
import { emailObject } from './emails.object.ts';

/** Logged calls and emails: registry entries that are activities (they show on the timelines they concern). */
export const activitiesModule: KithModule = { name: 'activities', objects: [callObject, emailObject] };
