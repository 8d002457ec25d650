// Every domain module of the app, in the order they are wired. A new module adds one line here;
// its objects join the registry, its hooks the write path, its routes and workers the app.
import type { KithModule } from '../platform/module.ts';
import { objectsOf } from '../platform/module.ts';
import type { ObjectDef } from '../platform/registry/define-object.ts';
import { activitiesModule } from './activities/activities.module.ts';
import { affiliationsModule } from './affiliations/affiliations.module.ts';
import { calendarModule } from './calendar/calendar.module.ts';
import { commissionsModule } from './commissions/commissions.module.ts';
import { companiesModule } from './companies/companies.module.ts';
import { contactsModule } from './contacts/contacts.module.ts';
import { dealsModule } from './deals/deals.module.ts';
import { expensesModule } from './expenses/expenses.module.ts';
import { exportsModule } from './exports/exports.module.ts';
import { filesModule } from './files/files.module.ts';
import { forecastsModule } from './forecasts/forecasts.module.ts';
import { importsModule } from './imports/imports.module.ts';
import { leadsModule } from './leads/leads.module.ts';
import { notificationsModule } from './notifications/notifications.module.ts';
import { ordersModule } from './orders/orders.module.ts';
import { organizationModule } from './organization/organization.module.ts';
import { productsModule } from './products/products.module.ts';
import { quotesModule } from './quotes/quotes.module.ts';
import { salesReportsModule } from './sales-reports/sales-reports.module.ts';
import { tasksModule } from './tasks/tasks.module.ts';
import { territoriesModule } from './territories/territories.module.ts';
import { timelineModule } from './timeline/timeline.module.ts';
import { usersModule } from './users/users.module.ts';

export const modules: KithModule[] = [
  contactsModule,
  companiesModule,
  affiliationsModule,
  tasksModule,
  activitiesModule,
  usersModule,
  importsModule,
  exportsModule,
  timelineModule,
  notificationsModule,
  calendarModule,
  filesModule,
  leadsModule,
  dealsModule,
  territoriesModule,
  forecastsModule,
  productsModule,
  organizationModule,
  quotesModule,
  ordersModule,
  salesReportsModule,
  commissionsModule,
  expensesModule,
];

/** The registry entries of every module. */
export const builtinObjects: ObjectDef[] = objectsOf(modules);
