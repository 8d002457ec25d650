import type { OutboxMessage } from '@kith/common/api/outbox';
import { Accordion, Badge, Group, Paper, Text } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { EmptyState } from '../../platform/ui/empty-state';
import { formatDateTime } from '../../platform/ui/format';

export function OutboxPage() {
  const mails = useQuery({
    queryKey: ['outbox'],
    queryFn: () => api.get<{ data: OutboxMessage[] }>('/outbox').then((r) => r.data),
  });
  return (
    <SettingsPage title="Outbox" subtitle="Email captured by Kith because no SMTP server is configured" query={mails}>
      {(data) =>
        data.length === 0 ? (
          <EmptyState
            icon={<IconMailForward size={22} />}
            title="The outbox is empty"
            description="Emails Kith sends will appear here."
          />
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Accordion chevronPosition="left" variant="default">
              {data.map((m) => (
                <Accordion.Item key={m.id} value={m.id}>
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <div style={{ minWidth: 0 }}>
                        <Text size="sm" fw={500} truncate>
                          {m.subject || '(no subject)'}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          To {m.to}
                        </Text>
                      </div>
                      <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
                        {m.status === 'failed' && (
                          <Badge variant="light" color="red" size="sm" title={m.error ?? undefined}>
                            Not sent
                          </Badge>
                        )}
                        <Badge variant="light" color="gray" size="sm" visibleFrom="xs">
                          {formatDateTime(m.createdAt)}
                        </Badge>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    {m.status === 'failed' && m.error && (
                      <Text size="xs" c="red" mb="xs">
                        {m.error}
                      </Text>
                    )}
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} ff="monospace">
                      {m.text || '(no text body)'}
                    </Text>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          </Paper>
        )
      }
    </SettingsPage>
  );
}
