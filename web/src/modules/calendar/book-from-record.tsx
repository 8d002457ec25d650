// "Book meeting" on a record's timeline: the booking form (attendees, free/busy, the clash and the
// next free slot) at the next half hour, with the contact invited — or about the record.

import type { RecordContext } from '../../platform/extensions';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { BookingModal } from './booking-modal';

export function BookFromRecord({ meta, record, onDone }: RecordContext & { onDone: () => void }) {
  const objects = useObjects();
  const events = objectByName(objects.data, 'event');
  if (!events) return null;
  const start = new Date();
  start.setMinutes(start.getMinutes() < 30 ? 30 : 60, 0, 0);
  const isContact = meta.name === 'contact';
  return (
    <BookingModal
      meta={events}
      draft={{
        start,
        end: new Date(start.getTime() + 3_600_000),
        ...(isContact
          ? { contacts: [{ id: record.id, title: record.title }] }
          : { about: { object: meta.name, id: record.id, title: record.title } }),
      }}
      onClose={onDone}
    />
  );
}
