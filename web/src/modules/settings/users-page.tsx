import { Avatar, Badge, Group, Paper, Table, Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useUsers } from '../../platform/records/users';
import { EmptyState } from '../../platform/ui/empty-state';
import { formatRelative, initials } from '../../platform/ui/format';
import { SettingsPage } from './settings-page';

export function UsersPage() {
  const users = useUsers();
  return (
    <SettingsPage title="Users" subtitle="People who can sign in to this organization" query={users}>
      {(data) =>
        data.length === 0 ? (
          <EmptyState icon={<IconUsersGroup size={22} />} title="No users yet" />
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={8} horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Role</Table.Th>
                    <Table.Th>Last sign-in</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((u) => {
                    const role = typeof u.role === 'string' ? u.role : u.role?.name;
                    return (
                      <Table.Tr key={u.id}>
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <Avatar size={30} radius="xl" color="kith">
                              {initials(u.name || u.email)}
                            </Avatar>
                            <div style={{ minWidth: 0 }}>
                              <Text size="sm" fw={500} truncate>
                                {u.name}
                              </Text>
                              <Text size="xs" c="dimmed" truncate>
                                {u.email}
                              </Text>
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>{role ? <Badge variant="light" color="gray">{role}</Badge> : '—'}</Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {u.lastLoginAt ? formatRelative(u.lastLoginAt) : u.isActive === false ? 'Deactivated' : '—'}
                          </Text>
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
