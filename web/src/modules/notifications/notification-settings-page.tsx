// Settings → Notifications: per kind, in the app and/or by email, and how often the email digest comes.
import {
  type NotificationKind,
  type NotificationPreferences,
  notificationKindLabels,
  notificationKinds,
} from '@kith/common/api/notifications';
import { Paper, SegmentedControl, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { notificationKeys, notificationsApi, preferencesQuery } from './notifications-api';

const digestLabels = [
  { value: 'never', label: 'Never' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily' },
];

export function NotificationSettingsPage() {
  const qc = useQueryClient();
  const prefs = useQuery(preferencesQuery);
  const save = async (patch: Parameters<typeof notificationsApi.updatePreferences>[0]) => {
    try {
      qc.setQueryData(notificationKeys.preferences, await notificationsApi.updatePreferences(patch));
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not save', message: errorMessage(e) });
    }
  };
  const setKind = (p: NotificationPreferences, kind: NotificationKind, channel: 'inApp' | 'email', on: boolean) =>
    void save({ kinds: { [kind]: { ...p.kinds[kind], [channel]: on } } });

  return (
    <SettingsPage title="Notifications" subtitle="What you are told of, and how" query={prefs}>
      {(p) => (
        <Stack gap="lg" maw={760}>
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Tell me of</Table.Th>
                  <Table.Th w={110}>In the app</Table.Th>
                  <Table.Th w={110}>By email</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {notificationKinds.map((kind) => (
                  <Table.Tr key={kind}>
                    <Table.Td>
                      <Text size="sm">{notificationKindLabels[kind]}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={p.kinds[kind].inApp}
                        onChange={(e) => setKind(p, kind, 'inApp', e.currentTarget.checked)}
                        aria-label={`${notificationKindLabels[kind]} in the app`}
                        data-testid={`pref-${kind}-inApp`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={p.kinds[kind].email}
                        onChange={(e) => setKind(p, kind, 'email', e.currentTarget.checked)}
                        aria-label={`${notificationKindLabels[kind]} by email`}
                        data-testid={`pref-${kind}-email`}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder radius="md" p="md">
            <Title order={4} fz="sm" fw={650}>
              Email digest
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Unread notifications of the kinds you get by email, gathered in one message.
            </Text>
            <SegmentedControl
              data={digestLabels}
              value={p.digest}
              onChange={(v) => void save({ digest: v as NotificationPreferences['digest'] })}
              data-testid="pref-digest"
            />
          </Paper>
        </Stack>
      )}
    </SettingsPage>
  );
}
