import { Box, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Title row of a page: title (and optional icon/subtitle) on the left, actions on the right. */
export function PageHeader({
  title,
  icon,
  subtitle,
  actions,
}: {
  title: ReactNode;
  icon?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="center" gap="sm" wrap="wrap" mb="md">
      <Group gap={10} wrap="nowrap" miw={0}>
        {/* A long subtitle must not squeeze the icon: it keeps its size. */}
        {icon && (
          <Box display="flex" style={{ flexShrink: 0 }}>
            {icon}
          </Box>
        )}
        <div style={{ minWidth: 0 }}>
          <Title order={3} fz={20} fw={650} lineClamp={1}>
            {title}
          </Title>
          {subtitle && (
            <Text size="sm" c="dimmed" lineClamp={1} title={typeof subtitle === 'string' ? subtitle : undefined}>
              {subtitle}
            </Text>
          )}
        </div>
      </Group>
      {actions && (
        <Group gap="xs" wrap="wrap">
          {actions}
        </Group>
      )}
    </Group>
  );
}
