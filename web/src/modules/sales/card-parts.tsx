// Small pieces the report cards share: a header with a switch between two views, an empty state
// with an icon and a hint, and a note that a dashboard filter does not apply to a card.
import { Group, SegmentedControl, Text, ThemeIcon } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import classes from './sales.module.css';

export function EmptyCard({ icon, title, hint }: { icon: ReactNode; title: string; hint?: string }) {
  return (
    <div className={classes.empty}>
      <div>
        <ThemeIcon size={44} radius="xl" variant="light" color="gray" mb="sm" mx="auto">
          {icon}
        </ThemeIcon>
        <Text size="sm" fw={500} c="var(--mantine-color-text)">
          {title}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed" maw={320} mx="auto" mt={4}>
            {hint}
          </Text>
        )}
      </div>
    </div>
  );
}

export function FilterNote({ children }: { children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" mt="sm" align="flex-start">
      <IconInfoCircle size={14} style={{ flex: 'none', marginTop: 2 }} color="var(--mantine-color-dimmed)" />
      <Text size="xs" c="dimmed">
        {children}
      </Text>
    </Group>
  );
}

/** A card's title and one-line summary, with a switch between its views kept at its size on a phone. */
export function CardHeader<V extends string>(props: {
  title: ReactNode;
  subtitle: ReactNode;
  value: V;
  onChange: (value: V) => void;
  views: Array<{ value: V; label: string }>;
  switchLabel: string;
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
      <div>
        <Text fw={600}>{props.title}</Text>
        <Text size="xs" c="dimmed" mb="sm">
          {props.subtitle}
        </Text>
      </div>
      <SegmentedControl
        className={classes.headerControl}
        size="xs"
        value={props.value}
        onChange={(v) => props.onChange(v as V)}
        data={props.views}
        aria-label={props.switchLabel}
      />
    </Group>
  );
}
