import { Avatar, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCurrentSession } from '../../platform/auth/session';
import { initials } from '../../platform/ui/format';
import { SettingsPage } from './settings-page';

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500} mb={2}>
        {label}
      </Text>
      <Text size="sm">{value || '—'}</Text>
    </div>
  );
}

export function ProfilePage() {
  const { user, organization } = useCurrentSession();
  return (
    <SettingsPage title="Profile" subtitle="Your account in this organization">
      {() => (
        <Paper withBorder p="lg" maw={720}>
          <Group gap="md" mb="lg" wrap="nowrap">
            <Avatar src={user.avatarUrl || undefined} size={56} radius="xl" color="kith">
              {initials(user.name || user.email)}
            </Avatar>
            <Stack gap={2} miw={0}>
              <Text fw={650} size="lg" truncate>
                {user.name}
              </Text>
              <Group gap={6}>
                <Text size="sm" c="dimmed" truncate>
                  {user.email}
                </Text>
                {user.role && (
                  <Badge size="sm" variant="light" color={user.role.isAdmin ? 'kith' : 'gray'}>
                    {user.role.name}
                  </Badge>
                )}
              </Group>
            </Stack>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <Row label="Organization" value={organization?.name} />
            <Row label="Role" value={user.role?.name} />
            <Row label="Time zone" value={user.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone} />
            <Row label="Locale" value={user.locale || navigator.language} />
          </SimpleGrid>
        </Paper>
      )}
    </SettingsPage>
  );
}
