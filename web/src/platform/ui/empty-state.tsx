import { Center, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function EmptyState({
  title,
  description,
  icon,
  action,
  py = 60,
}: {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  py?: number;
}) {
  return (
    <Center py={py} px="md">
      <Stack align="center" gap={6} maw={380} ta="center">
        <ThemeIcon variant="light" color="gray" size={44} radius="xl">
          {icon ?? <IconInbox size={22} stroke={1.6} />}
        </ThemeIcon>
        <Text fw={600} mt={4}>
          {title}
        </Text>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
        {action && <div style={{ marginTop: 8 }}>{action}</div>}
      </Stack>
    </Center>
  );
}
