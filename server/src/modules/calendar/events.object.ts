// Calendar events (issue 12): a registry entry, so lists, the record page, import/export, filters
// and the audit come from the platform. The organizer is the owner; attendees live in their own
// table (attendees.service.ts). An event is an activity: it shows on the timeline of the record it
// is about (and, through event_attendees, of the contacts it is with — decision 018).
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { eventHooks } from './events.hooks.ts';

export const eventStatuses = [
  { value: 'confirmed', label: 'Confirmed', color: 'green' },
  { value: 'tentative', label: 'Tentative', color: 'yellow' },
  { value: 'cancelled', label: 'Cancelled', color: 'red' },
];

export const eventObject = defineObject({
  name: 'event',
  plural: 'events',
  label: 'Event',
  labelPlural: 'Events',
  icon: 'calendar',
  // `events` is the domain-event outbox (migration 0001): calendar events need another name.
  table: 'calendar_events',
  // `title` is every record's display name (a system column): the event's own is its subject.
  titleFields: ['subject'],
  defaultSort: '-startsAt',
  // On the timelines of what it is about and of the contacts attending it.
  activity: {
    at: 'startsAt',
    links: [
      {
        object: 'contact',
        table: 'event_attendees',
        column: 'contact_id',
        activityColumn: 'event_id',
        atColumn: 'starts_at',
      },
    ],
  },
  // In the menu as Calendar (the module's page, the same list in its calendar layout), not twice.
  navigation: false,
  // Its attendees read it wherever they are (they may not change it): the invitation opens it.
  sharedWith: { table: 'event_attendees', recordColumn: 'event_id', userColumn: 'user_id' },
  // Like tasks: everyone plans meetings; reps and agents see their team's, managers all.
  access: access.teamWork(),
  importAliases: { subject: ['title', 'summary', 'name'], startsAt: ['start', 'starts'], endsAt: ['end', 'ends'] },
  fields: {
    subject: field.text({ label: 'Title', required: true, searchable: true, list: true, max: 300 }),
    startsAt: field.datetime({ label: 'Starts', required: true, list: true, sortable: true }),
    // Its sample (registry-wide tests) ends an hour after the sample start, which the hooks require.
    endsAt: field.datetime({
      label: 'Ends',
      required: true,
      list: true,
      sample: (n) => `2024-03-${String(1 + (n % 28)).padStart(2, '0')}T11:00:00.000Z`,
    }),
    allDay: field.boolean({ label: 'All day' }),
    timeZone: field.text({ label: 'Time zone', required: true, max: 64, sample: () => 'Europe/Berlin' }),
    location: field.text({ searchable: true, max: 500 }),
    videoUrl: field.url({ label: 'Video link' }),
    description: field.longText({ searchable: true, max: 20_000 }),
    about: field.anyRecord({ label: 'Related to', list: true }),
    status: field.select(eventStatuses, { list: true, filterable: true }),
    recurrence: field.text({
      label: 'Repeats',
      format: 'rrule',
      max: 2000,
      sample: (n) => `FREQ=WEEKLY;COUNT=${1 + (n % 5)}`,
    }),
    reminderMinutes: field.number({ label: 'Reminder (minutes before)', integer: true, sample: (n) => 5 * (n % 6) }),
    organizerId: field.owner({ label: 'Organizer' }),
    // iTIP: each change attendees must hear of raises it, so their calendars take the newest.
    sequence: field.number({ label: 'Revision', integer: true, computed: true }),
    // When the last occurrence ends (null: repeats forever), so a window's events come from an index.
    seriesEndsAt: field.datetime({ label: 'Series ends', computed: true }),
  },
  // A person's calendar in a window: organizer, then the start order.
  indexes: [['organizerId', 'startsAt']],
  hooks: eventHooks,
});
