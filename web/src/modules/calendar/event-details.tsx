// An occurrence, clicked: when, where, who answered what, and — for someone invited — accept,
// maybe or decline; the organizer opens the full record from here.
import { Anchor, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconMapPin, IconQuestionMark, IconVideo, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorMessage } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import { invalidateObject } from '../../platform/records/records-api';
import { attendeesQuery, eventsPlural, type Occurrence, respondTo } from './calendar-api';
import { dayText, timeText } from './time-input';

const responseBadge = {
  accepted: { color: 'teal', label: 'Accepted' },
  declined: { color: 'red', label: 'Declined' },
  tentative: { color: 'yellow', label: 'Maybe' },
  needsAction: { color: 'gray', label: 'No answer yet' },
} as const;

export function EventDetails({ occurrence, onClose }: { occurrence: Occurrence | null; onClose: () => void }) {
  return (
    <Modal
      opened={!!occurrence}
      onClose={onClose}
      title={<Text fw={600}>{occurrence?.title ?? 'Busy'}</Text>}
      size="md"
    >
      {occurrence && <Details o={occurrence} onClose={onClose} />}
    </Modal>
  );
}

function Details({ o, onClose }: { o: Occurrence; onClose: () => void }) {
  const me = useCurrentSession().user;
  const qc = useQueryClient();
  const attendees = useQuery({ ...attendeesQuery(o.eventId ?? ''), enabled: !!o.eventId });
  const mine = attendees.data?.find((a) => a.userId === me.id);
  const answer = useMutation({
    mutationFn: (response: 'accepted' | 'declined' | 'tentative') => respondTo(o.eventId ?? '', { response }),
    onSuccess: (_r, response) => {
      invalidateObject(qc, eventsPlural);
      void qc.invalidateQueries({ queryKey: attendeesQuery(o.eventId ?? '').queryKey });
      notifications.show({ color: 'teal', message: `You ${responseBadge[response].label.toLowerCase()} “${o.title}”` });
      onClose();
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (!o.eventId)
    return (
      <Text size="sm" c="dimmed">
        {dayText(o.start)}, {timeText(o.start)}–{timeText(o.end)} · busy (not yours to see)
      </Text>
    );
  return (
    <Stack gap="sm">
      <Text size="sm">
        {dayText(o.start)}, {o.allDay ? 'all day' : `${timeText(o.start)}–${timeText(o.end)}`}
        {o.recurring ? ' · repeats' : ''}
        {o.status === 'cancelled' ? ' · cancelled' : ''}
      </Text>
      {o.location && (
        <Group gap={6}>
          <IconMapPin size={16} />
          <Text size="sm">{o.location}</Text>
        </Group>
      )}
      {o.videoUrl && (
        <Group gap={6}>
          <IconVideo size={16} />
          <Anchor size="sm" href={o.videoUrl} target="_blank" rel="noreferrer">
            Join video call
          </Anchor>
        </Group>
      )}
      <Stack gap={4}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          People
        </Text>
        {(attendees.data ?? []).map((a) => (
          <Group key={a.id} justify="space-between" data-testid={`attendee-${a.userId ?? a.contactId}`}>
            <Text size="sm">
              {a.name ?? 'A contact'}
              {a.kind === 'contact' ? ' · contact' : ''}
            </Text>
            <Badge variant="light" color={responseBadge[a.response].color}>
              {responseBadge[a.response].label}
            </Badge>
          </Group>
        ))}
        {attendees.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            Nobody invited
          </Text>
        )}
      </Stack>
      {mine && (
        <Group gap="xs">
          <Button
            size="xs"
            color="teal"
            leftSection={<IconCheck size={14} />}
            onClick={() => answer.mutate('accepted')}
            data-testid="respond-accept"
          >
            Accept
          </Button>
          <Button
            size="xs"
            variant="light"
            color="yellow"
            leftSection={<IconQuestionMark size={14} />}
            onClick={() => answer.mutate('tentative')}
          >
            Maybe
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconX size={14} />}
            onClick={() => answer.mutate('declined')}
          >
            Decline
          </Button>
        </Group>
      )}
      <Group justify="flex-end">
        <Anchor component={Link} to={`/events/${o.eventId}`} size="sm">
          Open the event
        </Anchor>
      </Group>
    </Stack>
  );
}
