import type { KithModule } from '../../platform/module.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { keepSettings } from './calendar-settings.ts';
import { eventObject } from './events.object.ts';
import { reminderWorker } from './reminders.ts';

/** The calendar: events with attendees, recurrence, conflicts, invitations, feeds and reminders. */
export const calendarModule: KithModule = {
  name: 'calendar',
  objects: [eventObject],
  routes: (deps) => {
    keepSettings(deps.registry, deps.settings);
    calendarRoutes(deps);
  },
  workers: reminderWorker,
};
