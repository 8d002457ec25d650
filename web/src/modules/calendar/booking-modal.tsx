// Book a meeting: title, time, people (colleagues and contacts), place or video link and the
// record it is about. While booking it shows everyone's free/busy for the day and, when the time
// clashes, what it clashes with and the next time all are free — one click to take it.
import type { Conflicts } from '@kith/common/api/calendar';
import type { RecordLinkInput as LinkValue } from '@kith/common/api/shared';
import {
  Alert,
  Button,
  CloseButton,
  Divider,
  Group,
  Modal,
  MultiSelect,
  Pill,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarPlus, IconClock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import { RecordLinkInput } from '../../platform/form/record-link-input';
import { RelationSelect } from '../../platform/form/relation-select';
import { RepeatInput } from '../../platform/form/repeat-input';
import type { ObjectMeta } from '../../platform/meta/objects';
import { invalidateObject } from '../../platform/records/records-api';
import { useUsers } from '../../platform/records/users';
import { bookMeeting, checkConflicts, eventsPlural, freeBusyQuery } from './calendar-api';
import { FreeBusyStrips } from './free-busy-strip';
import { browserZone, dayText, fromLocalInput, timeText, toLocalInput } from './time-input';

export interface BookingDraft {
  start: Date;
  end: Date;
  attendees?: string[];
  /** Booked from a record's page: its contact invited, or the record it is about. */
  contacts?: Array<{ id: string; title: string }>;
  about?: LinkValue & { title?: string | null };
}

export function BookingModal({
  meta,
  draft,
  onClose,
}: {
  meta: ObjectMeta;
  draft: BookingDraft | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={!!draft}
      onClose={onClose}
      title={
        <Group gap="xs">
          <IconCalendarPlus size={18} />
          <Text fw={600}>New meeting</Text>
        </Group>
      }
      size="lg"
      fullScreen={typeof window !== 'undefined' && window.innerWidth < 500}
    >
      {draft && <BookingForm meta={meta} draft={draft} onDone={onClose} />}
    </Modal>
  );
}

function BookingForm({ meta, draft, onDone }: { meta: ObjectMeta; draft: BookingDraft; onDone: () => void }) {
  const me = useCurrentSession().user;
  const qc = useQueryClient();
  const users = useUsers();
  const [subject, setSubject] = useState('');
  const [start, setStart] = useState(toLocalInput(draft.start));
  const [end, setEnd] = useState(toLocalInput(draft.end));
  const [people, setPeople] = useState<string[]>(draft.attendees?.filter((id) => id !== me.id) ?? []);
  const [contacts, setContacts] = useState<Array<{ id: string; title: string }>>(draft.contacts ?? []);
  const [location, setLocation] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [recurrence, setRecurrence] = useState<string | null>(null);
  const [about, setAbout] = useState<LinkValue | null>(draft.about ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const aboutField = meta.fields.find((f) => f.name === 'about');

  const startAt = fromLocalInput(start);
  const endAt = fromLocalInput(end);
  const valid = !!startAt && !!endAt && endAt > startAt;
  const everyone = useMemo(() => [me.id, ...people], [me.id, people]);
  const names = useMemo(
    () => new Map((users.data ?? []).map((u) => [u.id, u.id === me.id ? `${u.name} (you)` : u.name])),
    [users.data, me.id],
  );

  // The day around the proposed time, for the free/busy bars.
  const day = startAt ?? draft.start;
  const dayStart = new Date(day);
  dayStart.setHours(0, 0, 0, 0);
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const fb = useQuery(freeBusyQuery(everyone, dayStart.toISOString(), dayEnd.toISOString()));

  const [debounced] = useDebouncedValue({ start: startAt?.toISOString(), end: endAt?.toISOString(), everyone }, 300);
  const [clash, setClash] = useState<Conflicts | null>(null);
  useEffect(() => {
    if (!debounced.start || !debounced.end || debounced.end <= debounced.start) return setClash(null);
    let live = true;
    checkConflicts({
      start: debounced.start,
      end: debounced.end,
      attendees: debounced.everyone,
      timeZone: browserZone(),
    })
      .then((c) => live && setClash(c))
      .catch(() => live && setClash(null));
    return () => {
      live = false;
    };
  }, [debounced]);

  const takeSlot = (s: { start: string; end: string }) => {
    setStart(toLocalInput(new Date(s.start)));
    setEnd(toLocalInput(new Date(s.end)));
  };

  const book = useMutation({
    mutationFn: () =>
      bookMeeting({
        event: {
          subject,
          startsAt: startAt?.toISOString(),
          endsAt: endAt?.toISOString(),
          timeZone: browserZone(),
          status: 'confirmed',
          ...(location ? { location } : {}),
          ...(videoUrl ? { videoUrl } : {}),
          ...(about ? { about } : {}),
          ...(recurrence ? { recurrence } : {}),
        },
        attendees: [...people.map((userId) => ({ userId })), ...contacts.map((c) => ({ contactId: c.id }))],
      }),
    onSuccess: (b) => {
      invalidateObject(qc, eventsPlural);
      notifications.show({
        color: 'teal',
        message: `Booked “${String(b.event.title)}”${b.attendees.length ? `; ${b.attendees.length} invited` : ''}`,
      });
      onDone();
    },
    onError: (e) => {
      const fields = (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
      setErrors(fields);
      notifications.show({ color: 'red', title: 'Could not book the meeting', message: errorMessage(e) });
    },
  });

  const hasClash = !!clash && clash.clashes.length > 0;
  const userOptions = (users.data ?? [])
    .filter((u) => u.id !== me.id)
    .map((u) => ({ value: u.id, label: u.name || u.email }));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!subject.trim()) return setErrors({ subject: 'is required' });
        book.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Title"
          placeholder="Intro call with Acme"
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={errors.subject}
          required
          data-autofocus
          data-testid="booking-title"
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            type="datetime-local"
            label="Starts"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={errors.startsAt}
            data-testid="booking-start"
          />
          <TextInput
            type="datetime-local"
            label="Ends"
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            error={errors.endsAt ?? (!valid && startAt && endAt ? 'must be after the start' : undefined)}
            data-testid="booking-end"
          />
        </SimpleGrid>
        <RepeatInput
          label="Repeats"
          value={recurrence}
          onChange={setRecurrence}
          error={errors.recurrence}
          testId="booking-repeat"
        />
        <MultiSelect
          label="Colleagues"
          placeholder={people.length ? undefined : 'Invite colleagues'}
          data={userOptions}
          value={people}
          onChange={setPeople}
          searchable
          clearable
          data-testid="booking-users"
        />
        <Stack gap={4}>
          <RelationSelect
            plural="contacts"
            label="Contacts"
            placeholder="Invite a contact (by email)"
            value={null}
            onChange={(id, ref) => {
              if (id && !contacts.some((c) => c.id === id)) setContacts([...contacts, { id, title: ref?.title ?? '' }]);
            }}
            data-testid="booking-contacts"
          />
          {contacts.length > 0 && (
            <Pill.Group>
              {contacts.map((c) => (
                <Pill key={c.id} withRemoveButton onRemove={() => setContacts(contacts.filter((x) => x.id !== c.id))}>
                  {c.title}
                </Pill>
              ))}
            </Pill.Group>
          )}
        </Stack>

        <Divider label={`Free/busy · ${dayText(day.toISOString())}`} labelPosition="left" />
        {fb.data ? (
          <FreeBusyStrips
            data={fb.data.data}
            names={names}
            day={day}
            proposed={valid && startAt && endAt ? { start: startAt, end: endAt } : null}
          />
        ) : (
          <Text size="xs" c="dimmed">
            Loading everyone’s day…
          </Text>
        )}
        {hasClash && clash && (
          <Alert
            color="orange"
            icon={<IconAlertTriangle size={18} />}
            title="This time clashes"
            data-testid="booking-clash"
          >
            <Stack gap={6}>
              {clash.clashes.slice(0, 5).map((c) => (
                <Text size="sm" key={`${c.eventId ?? 'busy'}-${c.start}`}>
                  {c.userIds.map((id) => names.get(id) ?? 'Someone').join(', ')}: <b>{c.title ?? 'Busy'}</b>{' '}
                  {timeText(c.start)}–{timeText(c.end)}
                </Text>
              ))}
              {clash.nextFreeSlot && (
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconClock size={14} />}
                    onClick={() => clash.nextFreeSlot && takeSlot(clash.nextFreeSlot)}
                    data-testid="booking-take-slot"
                  >
                    Use {dayText(clash.nextFreeSlot.start)}, {timeText(clash.nextFreeSlot.start)}–
                    {timeText(clash.nextFreeSlot.end)}
                  </Button>
                  <Text size="xs" c="dimmed">
                    the next time everyone is free
                  </Text>
                </Group>
              )}
            </Stack>
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="Location"
            placeholder="Room, address…"
            value={location}
            onChange={(e) => setLocation(e.currentTarget.value)}
            error={errors.location}
          />
          <TextInput
            label="Video link"
            placeholder="https://…"
            value={videoUrl}
            onChange={(e) => setVideoUrl(e.currentTarget.value)}
            error={errors.videoUrl}
            rightSection={videoUrl ? <CloseButton size="sm" onClick={() => setVideoUrl('')} /> : null}
          />
        </SimpleGrid>
        {aboutField && (
          <RecordLinkInput
            field={aboutField}
            value={about}
            onChange={setAbout}
            label="Related to"
            error={errors.about}
          />
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={book.isPending}
            disabled={!valid}
            color={hasClash ? 'orange' : undefined}
            data-testid="booking-submit"
          >
            {hasClash ? 'Book anyway' : 'Book meeting'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
