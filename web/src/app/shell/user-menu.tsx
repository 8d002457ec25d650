import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useCurrentSession, useSignOut } from '../../platform/auth/session';
import { initials } from '../../platform/ui/format';

export function UserMenu() {
  const { user } = useCurrentSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton
          aria-label="Account menu"
          data-testid="user-menu"
          style={{ borderRadius: 8, padding: '4px 6px' }}
        >
          <Group gap={8} wrap="nowrap">
            <Avatar src={user.avatarUrl || undefined} size={28} radius="xl" color="kith">
              {initials(user.name || user.email)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="md" maw={140} truncate>
              {user.name || user.email}
            </Text>
            <IconChevronDown size={14} stroke={1.7} style={{ opacity: 0.6 }} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconUserCircle size={16} />} onClick={() => navigate('/settings/profile')}>
          Profile
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} data-testid="sign-out" onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
