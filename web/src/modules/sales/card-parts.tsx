// Small pieces the report cards share: an empty state with an icon and a hint, and a note that a
// dashboard filter does not apply to a card.
import { Group, Text, ThemeIcon } from '@mantine/core';
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
