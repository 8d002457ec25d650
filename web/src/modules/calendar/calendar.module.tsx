// The calendar module: a calendar layout for the events list (/events?layout=calendar, which
// /calendar opens), with booking, moves, answers and the team's calendars; Settings → Calendar for
// the feed address and .ics import.
import { IconCalendar } from '@tabler/icons-react';
import { Navigate } from 'react-router';
import type { WebModule } from '../../platform/extensions';
import { BookFromRecord } from './book-from-record';
import { CalendarSettingsPage } from './calendar-settings-page';
import { CalendarView } from './calendar-view';

/** /calendar, at the top of the menu: the events in the calendar layout. */
function CalendarPage() {
  return <Navigate to="/events?layout=calendar" replace />;
}

export const calendarModule: WebModule = {
  name: 'calendar',
  pages: [{ id: 'calendar', label: 'Calendar', icon: IconCalendar, component: CalendarPage }],
  listViews: [
    {
      id: 'calendar',
      label: 'Calendar',
      icon: IconCalendar,
      appliesTo: (meta) => meta.name === 'event',
      component: CalendarView,
    },
  ],
  activityForms: [{ id: 'event', label: 'Book meeting', component: BookFromRecord }],
  settingsPages: [{ id: 'calendar', label: 'Calendar', icon: IconCalendar, component: CalendarSettingsPage }],
};
