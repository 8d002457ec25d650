// Settings → Imports: recent CSV imports with their outcome (yours; all of them for admins).
import type { ImportStatus } from '@kith/common/api/imports';
import { Anchor, Badge, Button, Group, Menu, Paper, Progress, Table, Text } from '@mantine/core';
import { IconDownload, IconFileImport, IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ObjectIcon } from '../../platform/meta/object-icon';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { importPath, listPath } from '../../platform/meta/paths';
import { SettingsPage } from '../../platform/pages/settings-page';
import { EmptyState } from '../../platform/ui/empty-state';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import { errorsCsvUrl, importsListQuery } from './imports-api';

const statusColor: Record<ImportStatus, string> = {
  uploaded: 'gray',
  queued: 'gray',
  running: 'blue',
  done: 'teal',
  failed: 'red',
};
const statusLabel: Record<ImportStatus, string> = {
  uploaded: 'Not started',
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

export function ImportsPage() {
  const objects = useObjects();
  const imports = useQuery({
    ...importsListQuery,
    refetchInterval: (q) => (q.state.data?.some((i) => i.status === 'queued' || i.status === 'running') ? 2000 : false),
  });
  const importable = (objects.data ?? []).filter((o) => o.permissions.create);

  return (
    <SettingsPage
      title="Imports"
      subtitle="CSV files brought into Kith, and what became of each row"
      query={imports}
      actions={
        importable.length > 0 && (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button size="xs" leftSection={<IconUpload size={14} />} data-testid="new-import">
                New import
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Import into</Menu.Label>
              {importable.map((o) => (
                <Menu.Item
                  key={o.name}
                  component={Link}
                  to={importPath(o.plural)}
                  leftSection={<ObjectIcon name={o.icon || o.name} size={14} />}
                >
                  {o.labelPlural}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )
      }
    >
      {(data) =>
        data.length === 0 ? (
          <EmptyState
            icon={<IconFileImport size={22} />}
            title="No imports yet"
            description="Bring contacts and companies in from a spreadsheet or another CRM: use Import on any list."
          />
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing={10} horizontalSpacing="md">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Rows</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th w={60} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((i) => {
                    const meta = objectByName(objects.data, i.objectType);
                    const { progress, counts } = i;
                    const pct = progress.total ? Math.round((progress.processed / progress.total) * 100) : 0;
                    return (
                      <Table.Tr key={i.id} data-testid="import-row">
                        <Table.Td>
                          <Group gap={8} wrap="nowrap">
                            <ObjectIcon name={meta?.icon || i.objectType} size={16} />
                            <div style={{ minWidth: 0 }}>
                              <Text size="sm" fw={500} truncate maw={260}>
                                {i.fileName || 'Untitled file'}
                              </Text>
                              <Text size="xs" c="dimmed">
                                into{' '}
                                {meta ? (
                                  <Anchor component={Link} to={listPath(meta.plural)} size="xs">
                                    {meta.labelPlural}
                                  </Anchor>
                                ) : (
                                  i.objectType
                                )}
                              </Text>
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {i.status === 'running' ? (
                            <Progress value={pct} size="sm" w={100} aria-label="Progress" />
                          ) : (
                            <Badge variant="light" color={statusColor[i.status] ?? 'gray'} tt="none">
                              {statusLabel[i.status] ?? i.status}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                            {counts.created.toLocaleString()} new · {counts.updated.toLocaleString()} updated
                          </Text>
                          <Text size="xs" c={counts.failed ? 'red' : 'dimmed'}>
                            {counts.skipped.toLocaleString()} skipped · {counts.failed.toLocaleString()} failed
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed" title={i.createdAt ? formatDateTime(i.createdAt) : undefined}>
                            {i.createdAt ? formatRelative(i.createdAt) : '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {counts.failed > 0 && (
                            <Button
                              component="a"
                              href={errorsCsvUrl(i.id)}
                              download
                              size="compact-xs"
                              variant="subtle"
                              leftSection={<IconDownload size={12} />}
                              title="Refused rows as CSV"
                            >
                              Errors
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )
      }
    </SettingsPage>
  );
}
