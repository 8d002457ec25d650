// The web modules of this app, in one place: what each adds to the generic object pages (list
// views, record panels and actions) and the settings pages, in menu order. A new module adds one
// line here.
import { boardsModule } from '../modules/boards/boards.module';
import { calendarModule } from '../modules/calendar/calendar.module';
import { commissionsModule } from '../modules/commissions/commissions.module';
import { dealsModule } from '../modules/deals/deals.module';
import { expensesModule } from '../modules/expenses/expenses.module';
import { filesModule } from '../modules/files/files.module';
import { forecastsModule } from '../modules/forecasts/forecasts.module';
import { homeModule } from '../modules/home/home.module';
import { importsModule } from '../modules/imports/imports.module';
import { leadsModule } from '../modules/leads/leads.module';
import { notificationsModule } from '../modules/notifications/notifications.module';
import { productsModule } from '../modules/products/products.module';
import { salesModule } from '../modules/sales/sales.module';
import { settingsLogsModule, settingsModule } from '../modules/settings/settings.module';
import { territoriesModule } from '../modules/territories/territories.module';
import type { WebModule } from '../platform/extensions';

export const webModules: WebModule[] = [
  homeModule,
  salesModule,
  settingsModule,
  importsModule,
  notificationsModule,
  territoriesModule,
  leadsModule,
  settingsLogsModule,
  boardsModule,
  calendarModule,
  dealsModule,
  filesModule,
  forecastsModule,
  productsModule,
  commissionsModule,
  expensesModule,
];
