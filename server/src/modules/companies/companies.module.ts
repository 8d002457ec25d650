import type { KithModule } from '../../platform/module.ts';
import { companyObject } from './companies.object.ts';

/** Organisations: only their entry; everything else comes from the platform. */
export const companiesModule: KithModule = { name: 'companies', objects: [companyObject] };
