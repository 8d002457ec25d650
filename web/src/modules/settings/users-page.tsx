// Settings → Users (admins): members with role, teams and status; invitations to join.

import { looksLikeEmail } from '@kith/common';
import type { Invitation, InvitationInput } from '@kith/common/api/invitations';
import type { UserDetail, UserPatch, UserSummary } from '@kith/common/api/users';
import {
  ActionIcon,
  Alert,
  Avatar,
  Badge,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconMailPlus,
  IconPencil,
  IconSend,
  IconTrash,
  IconUserOff,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage, isNotFound } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import { SettingsTablePage } from '../../platform/pages/settings-table-page';
import { EmptyState } from '../../platform/ui/empty-state';
import { FormFooter } from '../../platform/ui/form-footer';
import { formatDate, formatRelative, initials } from '../../platform/ui/format';
import { SettingsTable } from '../../platform/ui/settings-table';
import { allUsersQuery, invitationsQuery, rolesQuery, teamsQuery } from './settings-api';

function useRoleOptions() {
  const roles = useQuery(rolesQuery);
  return { roles, options: (roles.data ?? []).map((r) => ({ value: r.id, label: r.name })) };
}
function useTeamOptions() {
  const teams = useQuery(teamsQuery);
  return (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));
}

export function UsersPage() {
  const users = useQuery(allUsersQuery);
  const invitations = useQuery(invitationsQuery);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const [tab, setTab] = useState<string | null>('members');
  const pending = invitations.data ?? [];

  return (
    <SettingsTablePage
      title="Users"
      subtitle="People who can sign in to this organization"
      query={users}
      add={{
        label: 'Invite people',
        icon: <IconMailPlus size={14} />,
        onClick: () => setInviting(true),
        testId: 'invite-user',
      }}
      dialogs={
        <>
          <InviteModal opened={inviting} onClose={() => setInviting(false)} onInvited={() => setTab('invitations')} />
          <EditUserModal user={editing} onClose={() => setEditing(null)} />
        </>
      }
    >
      {(data) => (
        <>
          <Tabs value={tab} onChange={setTab} mb="md">
            <Tabs.List>
              <Tabs.Tab
                value="members"
                rightSection={
                  <Badge size="xs" variant="light" color="gray">
                    {data.filter((u) => u.isActive).length}
                  </Badge>
                }
              >
                Members
              </Tabs.Tab>
              <Tabs.Tab
                value="invitations"
                rightSection={
                  pending.length ? (
                    <Badge size="xs" variant="light">
                      {pending.length}
                    </Badge>
                  ) : null
                }
                data-testid="invitations-tab"
              >
                Invitations
              </Tabs.Tab>
            </Tabs.List>
          </Tabs>
          {tab === 'members' ? (
            <MembersTable users={data} onEdit={setEditing} />
          ) : invitations.isError ? (
            isNotFound(invitations.error) ? (
              <EmptyState
                title="Invitations are not available yet"
                description="This server cannot send invitations yet."
              />
            ) : (
              <Alert color="red" variant="light">
                {errorMessage(invitations.error)}
              </Alert>
            )
          ) : (
            <InvitationsTable invitations={pending} onInvite={() => setInviting(true)} />
          )}
        </>
      )}
    </SettingsTablePage>
  );
}

/** A user's teams, from the teams' member lists (the people list does not carry them). */
function useTeamsOf() {
  const teams = useQuery(teamsQuery);
  return (u: UserSummary) => (teams.data ?? []).filter((t) => t.members.some((m) => m.id === u.id));
}

function MembersTable({ users, onEdit }: { users: UserSummary[]; onEdit: (u: UserSummary) => void }) {
  const teamsOf = useTeamsOf();
  const sorted = [...users].sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.name.localeCompare(b.name));
  return (
    <SettingsTable
      rows={sorted}
      empty={{ icon: <IconUsersGroup size={22} />, title: 'No users yet' }}
      columns={['Name', 'Role', 'Teams', 'Last sign-in', { w: 48 }]}
      minWidth={640}
      verticalSpacing={8}
      highlightOnHover
    >
      {(u) => {
        const inactive = !u.isActive;
        return (
          <Table.Tr key={u.id} style={inactive ? { opacity: 0.6 } : undefined} data-testid="user-row">
            <Table.Td>
              <Group gap="sm" wrap="nowrap">
                <Avatar src={u.avatarUrl || undefined} size={30} radius="xl" color="kith">
                  {initials(u.name || u.email)}
                </Avatar>
                <div style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {u.name}
                    </Text>
                    {inactive && (
                      <Badge size="xs" color="gray" variant="outline">
                        Deactivated
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" truncate>
                    {u.email}
                  </Text>
                </div>
              </Group>
            </Table.Td>
            <Table.Td>
              {u.role ? (
                <Badge variant="light" color={u.role.isAdmin ? 'kith' : 'gray'} tt="none">
                  {u.role.name}
                </Badge>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" c={teamsOf(u).length ? undefined : 'dimmed'} lineClamp={1}>
                {teamsOf(u).length
                  ? teamsOf(u)
                      .map((t) => t.name)
                      .join(', ')
                  : '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {u.lastLoginAt ? formatRelative(u.lastLoginAt) : 'Never'}
              </Text>
            </Table.Td>
            <Table.Td>
              <ActionIcon
                variant="subtle"
                color="gray"
                onClick={() => onEdit(u)}
                aria-label={`Edit ${u.name}`}
                data-testid="user-edit"
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        );
      }}
    </SettingsTable>
  );
}

function InvitationsTable({ invitations, onInvite }: { invitations: Invitation[]; onInvite: () => void }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const revoke = async (inv: Invitation) => {
    setBusy(inv.id);
    try {
      await api.delete(`/invitations/${inv.id}`);
      void qc.invalidateQueries({ queryKey: invitationsQuery.queryKey });
      notifications.show({ color: 'teal', message: `Invitation to ${inv.email} revoked` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not revoke the invitation', message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <SettingsTable
      rows={invitations}
      empty={{
        icon: <IconSend size={22} />,
        title: 'No pending invitations',
        description: 'Invite colleagues by email; they choose their own password.',
        add: { label: 'Invite people', onClick: onInvite },
      }}
      columns={['Email', 'Role', 'Sent', { w: 48 }]}
      minWidth={560}
      verticalSpacing={8}
    >
      {(inv) => (
        <Table.Tr key={inv.id} data-testid="invitation-row">
          <Table.Td>
            <Text size="sm" fw={500}>
              {inv.email}
            </Text>
            {inv.name && (
              <Text size="xs" c="dimmed">
                {inv.name}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            {inv.role.name ? (
              <Badge variant="light" color="gray" tt="none">
                {inv.role.name}
              </Badge>
            ) : (
              '—'
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed">
              {formatRelative(inv.createdAt)}
              {inv.expiresAt && ` · expires ${formatDate(inv.expiresAt)}`}
            </Text>
          </Table.Td>
          <Table.Td>
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label="Invitation actions" loading={busy === inv.id}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => void revoke(inv)}
                  data-testid="invitation-revoke"
                >
                  Revoke invitation
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Table.Td>
        </Table.Tr>
      )}
    </SettingsTable>
  );
}

function InviteModal({ opened, onClose, onInvited }: { opened: boolean; onClose: () => void; onInvited: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Invite people" size="md">
      {opened && <InviteForm onClose={onClose} onInvited={onInvited} />}
    </Modal>
  );
}

function InviteForm({ onClose, onInvited }: { onClose: () => void; onInvited: () => void }) {
  const qc = useQueryClient();
  const { roles, options } = useRoleOptions();
  const teamOptions = useTeamOptions();
  const fallbackRole =
    roles.data?.find((r) => r.key === 'member' || r.key === 'user')?.id ??
    roles.data?.find((r) => !r.isAdmin)?.id ??
    null;
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = roleId ?? fallbackRole;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!looksLikeEmail(email)) found.email = 'Enter a valid email address';
    if (!role) found.roleId = 'Choose a role';
    setErrors(found);
    if (Object.keys(found).length || !role) return;
    setBusy(true);
    setFormError(null);
    try {
      await api.post<Invitation>('/invitations', {
        email: email.trim(),
        name: name.trim() || undefined,
        roleId: role,
        teamIds: teamIds.length ? teamIds : undefined,
      } satisfies InvitationInput);
      void qc.invalidateQueries({ queryKey: invitationsQuery.queryKey });
      notifications.show({
        color: 'teal',
        title: 'Invitation sent',
        message: `We emailed ${email.trim()} a link to join.`,
      });
      onInvited();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          They get an email with a link to choose a password and join your organization.
        </Text>
        <TextInput
          label="Email"
          type="email"
          placeholder="colleague@company.com"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          data-autofocus
          data-testid="invite-email"
        />
        <TextInput
          label="Name"
          placeholder="Optional"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-testid="invite-name"
        />
        <Select
          label="Role"
          required
          data={options}
          value={role}
          onChange={setRoleId}
          allowDeselect={false}
          error={errors.roleId || (roles.isError ? 'Roles could not be loaded' : undefined)}
          description="What they may see and do. Change it any time."
          data-testid="invite-role"
        />
        {teamOptions.length > 0 && (
          <MultiSelect
            label="Teams"
            data={teamOptions}
            value={teamIds}
            onChange={setTeamIds}
            placeholder="Optional"
            clearable
            searchable
          />
        )}
        <FormFooter
          error={formError}
          onCancel={onClose}
          busy={busy}
          icon={<IconSend size={14} />}
          testId="invite-submit"
        >
          Send invitation
        </FormFooter>
      </Stack>
    </form>
  );
}

function EditUserModal({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  return (
    <Modal opened={!!user} onClose={onClose} title={user ? `Edit ${user.name || user.email}` : ''} size="md">
      {user && <EditUserForm key={user.id} user={user} onClose={onClose} />}
    </Modal>
  );
}

function EditUserForm({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const qc = useQueryClient();
  const me = useCurrentSession().user;
  const { roles, options } = useRoleOptions();
  const teamOptions = useTeamOptions();
  const teamsOf = useTeamsOf();
  const initialTeams = teamsOf(user).map((t) => t.id);
  const initialRole = roles.data?.find((r) => r.key === user.role?.key)?.id ?? null;
  const [name, setName] = useState(user.name);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [teamIds, setTeamIds] = useState<string[]>(initialTeams);
  const [active, setActive] = useState(user.isActive);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const self = user.id === me.id;
  const role = roleId ?? initialRole;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'Enter a name' });
      return;
    }
    const body: UserPatch = {};
    if (name.trim() !== user.name) body.name = name.trim();
    if (role && role !== initialRole) body.roleId = role;
    if (JSON.stringify([...teamIds].sort()) !== JSON.stringify([...initialTeams].sort())) body.teamIds = teamIds;
    if (active !== user.isActive) body.isActive = active;
    if (!Object.keys(body).length) return onClose();
    setBusy(true);
    setFormError(null);
    try {
      await api.patch<UserDetail>(`/users/${user.id}`, body);
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: teamsQuery.queryKey });
      void qc.invalidateQueries({ queryKey: rolesQuery.queryKey });
      notifications.show({ color: 'teal', message: `${name.trim()} updated` });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-testid="user-name"
        />
        <TextInput label="Email" value={user.email} disabled />
        <Select
          label="Role"
          data={options}
          value={role}
          onChange={setRoleId}
          allowDeselect={false}
          disabled={self}
          description={self ? 'You cannot change your own role.' : undefined}
          error={errors.roleId || (roles.isError ? 'Roles could not be loaded' : undefined)}
          data-testid="user-role"
        />
        <MultiSelect
          label="Teams"
          data={teamOptions}
          value={teamIds}
          onChange={setTeamIds}
          placeholder={teamOptions.length ? 'No team' : 'No teams yet'}
          disabled={!teamOptions.length}
          clearable
          searchable
          error={errors.teamIds}
        />
        <Tooltip label="You cannot deactivate yourself" disabled={!self}>
          <div>
            <Switch
              label="Active"
              description={active ? 'Can sign in.' : 'Cannot sign in; their records and history stay.'}
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
              disabled={self}
              thumbIcon={active ? undefined : <IconUserOff size={10} />}
              data-testid="user-active"
            />
          </div>
        </Tooltip>
        <FormFooter error={formError} onCancel={onClose} busy={busy} testId="user-save">
          Save
        </FormFooter>
      </Stack>
    </form>
  );
}
