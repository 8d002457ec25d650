// Each attendee's day as a bar from 08:00 to 18:00: red where they are busy, the proposed time
// outlined, so a clash shows before anyone reads a list.
import type { FreeBusy } from '@kith/common/api/calendar';
import { Group, Stack, Text } from '@mantine/core';
import classes from './calendar.module.css';

const dayHours = { from: 8, to: 18 };

export function FreeBusyStrips({
  data,
  names,
  day,
  proposed,
}: {
  data: FreeBusy['data'];
  names: Map<string, string>;
  day: Date;
  proposed: { start: Date; end: Date } | null;
}) {
  const from = new Date(day);
  from.setHours(dayHours.from, 0, 0, 0);
  const to = new Date(day);
  to.setHours(dayHours.to, 0, 0, 0);
  const span = to.getTime() - from.getTime();
  const pos = (s: Date, e: Date) => {
    const left = Math.max(0, (s.getTime() - from.getTime()) / span);
    const right = Math.min(1, (e.getTime() - from.getTime()) / span);
    return right > left ? { left: `${left * 100}%`, width: `${(right - left) * 100}%` } : null;
  };
  const mark = proposed ? pos(proposed.start, proposed.end) : null;
  return (
    <Stack gap={6} data-testid="free-busy">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          08:00
        </Text>
        <Text size="xs" c="dimmed">
          13:00
        </Text>
        <Text size="xs" c="dimmed">
          18:00
        </Text>
      </Group>
      {data.map((p) => (
        <Group key={p.userId} gap="xs" wrap="nowrap">
          <Text size="xs" w={110} truncate title={names.get(p.userId)}>
            {names.get(p.userId) ?? '…'}
          </Text>
          <div className={classes.busyStrip} style={{ flex: 1 }}>
            {p.busy.map((b) => {
              const style = pos(new Date(b.start), new Date(b.end));
              return style ? <div key={b.start} className={classes.busyBlock} style={style} /> : null;
            })}
            {mark && <div className={classes.proposed} style={mark} />}
          </div>
        </Group>
      ))}
    </Stack>
  );
}
