// A logged call: who was called (or called in), about what, how it went and how long it took.
// It shows on the timeline of the contact and of the record it is about (an activity).
import { invalid } from '../../platform/errors.ts';
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';

export const callDirections = [
  { value: 'outbound', label: 'Outbound', color: 'blue' },
  { value: 'inbound', label: 'Inbound', color: 'teal' },
];

export const callOutcomes = [
  { value: 'connected', label: 'Connected', color: 'green' },
  { value: 'leftVoicemail', label: 'Left voicemail', color: 'yellow' },
  { value: 'noAnswer', label: 'No answer', color: 'gray' },
  { value: 'busy', label: 'Busy', color: 'orange' },
  { value: 'wrongNumber', label: 'Wrong number', color: 'red' },
];

export const callObject = defineObject({
  name: 'call',
  plural: 'calls',
  label: 'Call',
  labelPlural: 'Calls',
  icon: 'phone',
  table: 'calls',
  titleFields: ['subject'],
  defaultSort: '-occurredAt',
  activity: { at: 'occurredAt' },
  // Who logs activities: everyone who works with customers, reps within their team.
  access: access.teamWork(),
  importAliases: { occurredAt: ['date', 'call date', 'when'], durationMinutes: ['duration', 'minutes'] },
  fields: {
    subject: field.text({ required: true, searchable: true, list: true, max: 300 }),
    direction: field.select(callDirections, { list: true, filterable: true }),
    outcome: field.select(callOutcomes, { list: true, filterable: true }),
    occurredAt: field.datetime({ label: 'When', required: true, list: true, sortable: true }),
    durationMinutes: field.number({ label: 'Duration (minutes)', integer: true, list: true, sample: (n) => n % 120 }),
    contactId: field.relation('contact', { label: 'With' }),
    about: field.anyRecord({ label: 'Related to', list: true }),
    notes: field.longText({ searchable: true }),
    ownerId: field.owner({ label: 'Logged by' }),
  },
  // "My calls, newest first" without walking everyone's.
  indexes: [['ownerId', 'occurredAt']],
  hooks: {
    validate(_ctx, change) {
      const minutes = change.after?.durationMinutes;
      if (typeof minutes === 'number' && (minutes < 0 || minutes > 24 * 60))
        throw invalid('durationMinutes: must be from 0 to 1440 minutes', { durationMinutes: 'out of range' });
    },
  },
});
