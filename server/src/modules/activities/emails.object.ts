// An email logged against records: sent or received outside Kith (copied in by hand, by BCC or
// by an integration later), kept with its addresses so it shows on the timelines it concerns.
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';

export const emailDirections = [
  { value: 'sent', label: 'Sent', color: 'blue' },
  { value: 'received', label: 'Received', color: 'teal' },
];

export const emailObject = defineObject({
  name: 'email',
  plural: 'emails',
  label: 'Email',
  labelPlural: 'Emails',
  icon: 'mail',
  table: 'logged_emails',
  titleFields: ['subject'],
  defaultSort: '-occurredAt',
  activity: { at: 'occurredAt' },
  access: access.teamWork(),
  importAliases: { occurredAt: ['date', 'sent', 'sent at'], body: ['message', 'text'] },
  fields: {
    subject: field.text({ required: true, searchable: true, list: true, max: 500 }),
    direction: field.select(emailDirections, { list: true, filterable: true }),
    occurredAt: field.datetime({ label: 'When', required: true, list: true, sortable: true }),
    from: field.email({ searchable: true, list: true }),
    to: field.emailList({ searchable: true }),
    cc: field.emailList({ label: 'Cc' }),
    contactId: field.relation('contact', { label: 'Contact' }),
    about: field.anyRecord({ label: 'Related to' }),
    body: field.longText({ searchable: true }),
    ownerId: field.owner({ label: 'Logged by' }),
  },
  indexes: [['ownerId', 'occurredAt']],
});
