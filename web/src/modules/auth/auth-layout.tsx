import { Box, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LogoMark } from '../../app/shell/logo-mark';
import classes from './auth.module.css';

export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box className={classes.page}>
      <Stack w="100%" maw={420} gap="lg" align="stretch">
        <Stack gap={10} align="center">
          <LogoMark size={40} />
          <Title order={2} fz={22} ta="center">
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" ta="center">
              {subtitle}
            </Text>
          )}
        </Stack>
        <Paper withBorder p={{ base: 'lg', sm: 28 }} shadow="xs" className={classes.card}>
          {children}
        </Paper>
      </Stack>
    </Box>
  );
}
