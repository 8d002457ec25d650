// The calendar layout of the events list: day, week and month (a list on a phone), my calendar or
// the team's with a colour per person. Drag to move or resize (checked for clashes first), drag
// over empty time or click a day to book, click a meeting to see it and answer.
import type { EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type DateClickArg, type EventResizeDoneArg } from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { Conflicts } from '@kith/common/api/calendar';
import { Button, ColorSwatch, Group, Modal, MultiSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import type { ListViewProps } from '../../platform/extensions';
import { invalidateObject } from '../../platform/records/records-api';
import { useUsers } from '../../platform/records/users';
import { type BookingDraft, BookingModal } from './booking-modal';
import classes from './calendar.module.css';
import { checkConflicts, eventsPlural, moveEvent, type Occurrence, occurrencesQuery } from './calendar-api';
import { EventDetails } from './event-details';
import { colorOf } from './people-colors';
import { browserZone, timeText } from './time-input';

interface PendingMove {
  occurrence: Occurrence;
  start: Date;
  end: Date;
  clash: Conflicts;
  revert: () => void;
}

export function CalendarView({ meta }: ListViewProps) {
  const me = useCurrentSession().user;
  const phone = useMediaQuery('(max-width: 48em)');
  const qc = useQueryClient();
  const users = useUsers();
  const [mode, setMode] = useState<'mine' | 'team'>('mine');
  const [team, setTeam] = useState<string[]>([]);
  const [range, setRange] = useState<{ start: string; end: string } | null>(null);
  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const [open, setOpen] = useState<Occurrence | null>(null);
  const [pending, setPending] = useState<PendingMove | null>(null);

  const shown = useMemo(
    () => (mode === 'mine' ? [me.id] : [me.id, ...team.filter((id) => id !== me.id)]),
    [mode, me.id, team],
  );
  const colorFor = useMemo(() => new Map(shown.map((id, i) => [id, colorOf(i)])), [shown]);
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name || u.email])), [users.data]);
  const occ = useQuery({ ...occurrencesQuery(range?.start ?? '', range?.end ?? '', shown), enabled: !!range });

  const events: EventInput[] = useMemo(
    () =>
      (occ.data ?? []).map((o) => {
        const owner = shown.find((id) => o.userIds.includes(id)) ?? me.id;
        const color = colorFor.get(owner) ?? colorOf(0);
        const myAnswer = o.responses[me.id];
        const editable = !!o.eventId && o.organizerId === me.id && !o.recurring;
        return {
          id: `${o.eventId ?? 'busy'}-${o.start}-${owner}`,
          title: o.title ?? 'Busy',
          start: o.start,
          end: o.end,
          allDay: o.allDay,
          backgroundColor: color,
          borderColor: color,
          editable,
          classNames: [
            o.eventId ? '' : 'busy-only',
            myAnswer === 'declined' || o.status === 'cancelled' ? 'declined' : '',
            myAnswer === 'needsAction' ? 'pending' : '',
          ].filter(Boolean),
          extendedProps: { occurrence: o },
        };
      }),
    [occ.data, shown, colorFor, me.id],
  );

  const commitMove = async (o: Occurrence, start: Date, end: Date, revert: () => void) => {
    try {
      await moveEvent(o.eventId ?? '', { startsAt: start.toISOString(), endsAt: end.toISOString() });
      invalidateObject(qc, eventsPlural, o.eventId ?? undefined);
      notifications.show({ color: 'teal', message: `Moved “${o.title}” to ${timeText(start.toISOString())}` });
    } catch (e) {
      revert();
      notifications.show({ color: 'red', title: 'Could not move it', message: errorMessage(e) });
    }
  };

  const onMove = async (arg: EventDropArg | EventResizeDoneArg) => {
    const o = arg.event.extendedProps.occurrence as Occurrence;
    const start = arg.event.start;
    const end = arg.event.end ?? (start ? new Date(start.getTime() + (Date.parse(o.end) - Date.parse(o.start))) : null);
    if (!o.eventId || !start || !end) return arg.revert();
    const clash = await checkConflicts({
      start: start.toISOString(),
      end: end.toISOString(),
      attendees: o.userIds.length ? o.userIds : [me.id],
      exclude: o.eventId,
      timeZone: browserZone(),
    }).catch(() => null);
    if (clash?.clashes.length) setPending({ occurrence: o, start, end, clash, revert: arg.revert });
    else await commitMove(o, start, end, arg.revert);
  };

  const teamOptions = (users.data ?? [])
    .filter((u) => u.id !== me.id)
    .map((u) => ({ value: u.id, label: u.name || u.email }));

  return (
    <div className={classes.root} data-testid="calendar-view">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as 'mine' | 'team')}
            data={[
              { value: 'mine', label: 'My calendar' },
              { value: 'team', label: 'Team' },
            ]}
            data-testid="calendar-mode"
          />
          {mode === 'team' && (
            <MultiSelect
              size="xs"
              placeholder={team.length ? undefined : 'Show colleagues'}
              data={teamOptions}
              value={team}
              onChange={setTeam}
              searchable
              clearable
              maxDropdownHeight={260}
              w={phone ? '100%' : 320}
              data-testid="calendar-team"
            />
          )}
        </Group>
        <Button
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => {
            const start = new Date();
            start.setMinutes(start.getMinutes() < 30 ? 30 : 60, 0, 0);
            setDraft({ start, end: new Date(start.getTime() + 3_600_000), attendees: shown });
          }}
          data-testid="calendar-new"
        >
          New meeting
        </Button>
      </Group>
      {mode === 'team' && shown.length > 1 && (
        <Group gap="md" wrap="wrap">
          {shown.map((id) => (
            <Group key={id} gap={6} wrap="nowrap">
              <ColorSwatch size={12} color={colorFor.get(id) ?? colorOf(0)} />
              <Text size="xs">{id === me.id ? 'You' : (names.get(id) ?? '…')}</Text>
            </Group>
          ))}
        </Group>
      )}
      <div className={classes.calendar}>
        <FullCalendar
          key={phone ? 'phone' : 'desk'}
          plugins={[dayGridPlugin, timeGridPlugin, interactionPlugin, listPlugin]}
          initialView={phone ? 'listWeek' : 'timeGridWeek'}
          headerToolbar={
            phone
              ? { left: 'prev,next', center: 'title', right: 'timeGridDay,listWeek' }
              : { left: 'prev,next today', center: 'title', right: 'timeGridDay,timeGridWeek,dayGridMonth,listWeek' }
          }
          buttonText={{ today: 'Today', day: 'Day', week: 'Week', month: 'Month', list: 'List' }}
          height={phone ? 'auto' : 'calc(100vh - 230px)'}
          firstDay={1}
          nowIndicator
          scrollTime="07:30:00"
          slotMinTime="06:00:00"
          slotMaxTime="22:00:00"
          businessHours={{ daysOfWeek: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' }}
          allDaySlot
          selectable
          selectMirror
          dayMaxEvents
          eventTimeFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          slotLabelFormat={{ hour: '2-digit', minute: '2-digit', hour12: false }}
          events={events}
          datesSet={(arg) => setRange({ start: arg.start.toISOString(), end: arg.end.toISOString() })}
          select={(arg) => {
            const start = arg.allDay ? new Date(arg.start.setHours(9)) : arg.start;
            const end = arg.allDay ? new Date(start.getTime() + 3_600_000) : arg.end;
            setDraft({ start, end, attendees: shown });
            arg.view.calendar.unselect();
          }}
          dateClick={(arg: DateClickArg) => {
            if (arg.view.type !== 'dayGridMonth') return;
            const start = new Date(arg.date);
            start.setHours(9, 0, 0, 0);
            setDraft({ start, end: new Date(start.getTime() + 3_600_000), attendees: shown });
          }}
          eventClick={(arg: EventClickArg) => setOpen(arg.event.extendedProps.occurrence as Occurrence)}
          eventDrop={(arg) => void onMove(arg)}
          eventResize={(arg) => void onMove(arg)}
        />
      </div>
      <BookingModal meta={meta} draft={draft} onClose={() => setDraft(null)} />
      <EventDetails occurrence={open} onClose={() => setOpen(null)} />
      <Modal
        opened={!!pending}
        onClose={() => {
          pending?.revert();
          setPending(null);
        }}
        title={<Text fw={600}>This time clashes</Text>}
      >
        {pending && (
          <Stack gap="sm" data-testid="move-clash">
            {pending.clash.clashes.slice(0, 5).map((c) => (
              <Text size="sm" key={`${c.eventId ?? 'busy'}-${c.start}`}>
                {c.userIds.map((id) => (id === me.id ? 'You' : (names.get(id) ?? 'Someone'))).join(', ')}:{' '}
                <b>{c.title ?? 'Busy'}</b> {timeText(c.start)}–{timeText(c.end)}
              </Text>
            ))}
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  pending.revert();
                  setPending(null);
                }}
              >
                Keep the old time
              </Button>
              <Button
                color="orange"
                onClick={() => {
                  void commitMove(pending.occurrence, pending.start, pending.end, pending.revert);
                  setPending(null);
                }}
              >
                Move anyway
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </div>
  );
}
