// Settings → Teams (admins): groups of people with a manager; "team" record scope is measured against them.
import type { Team, TeamInput } from '@kith/common/api/teams';
import {
  Avatar,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../platform/api';
import { SettingsTablePage } from '../../platform/pages/settings-table-page';
import { FormFooter } from '../../platform/ui/form-footer';
import { initials } from '../../platform/ui/format';
import { SettingsTable } from '../../platform/ui/settings-table';
import { allUsersQuery, teamsQuery } from './settings-api';

export function TeamsPage() {
  const teams = useQuery(teamsQuery);
  const [open, setOpen] = useState<Team | 'new' | null>(null);
  const add = { label: 'New team', icon: <IconPlus size={14} />, onClick: () => setOpen('new'), testId: 'new-team' };

  return (
    <SettingsTablePage
      title="Teams"
      subtitle="Group people; roles can limit them to their team’s records"
      query={teams}
      add={add}
      dialogs={
        <Modal
          opened={!!open}
          onClose={() => setOpen(null)}
          title={open === 'new' ? 'New team' : open ? `Edit ${open.name}` : ''}
          size="md"
        >
          {open && (
            <TeamForm
              key={open === 'new' ? 'new' : open.id}
              team={open === 'new' ? null : open}
              onClose={() => setOpen(null)}
            />
          )}
        </Modal>
      }
    >
      {(data) => (
        <SettingsTable
          rows={data}
          empty={{
            icon: <IconUsersGroup size={22} />,
            title: 'No teams yet',
            description: 'Teams let managers see their people’s records, and roles limit access to a team’s records.',
            add,
          }}
          columns={['Team', 'Manager', 'Members']}
          minWidth={520}
          highlightOnHover
        >
          {(t) => (
            <Table.Tr key={t.id} onClick={() => setOpen(t)} style={{ cursor: 'pointer' }} data-testid="team-row">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {t.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={t.manager ? undefined : 'dimmed'}>
                  {t.manager?.name ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <Avatar.Group spacing={6}>
                    {t.members.slice(0, 5).map((m) => (
                      <Tooltip key={m.id} label={m.name}>
                        <Avatar size={24} radius="xl" color="kith">
                          <span style={{ fontSize: 9 }}>{initials(m.name)}</span>
                        </Avatar>
                      </Tooltip>
                    ))}
                  </Avatar.Group>
                  <Text size="sm" c="dimmed">
                    {t.members.length} {t.members.length === 1 ? 'member' : 'members'}
                  </Text>
                </Group>
              </Table.Td>
            </Table.Tr>
          )}
        </SettingsTable>
      )}
    </SettingsTablePage>
  );
}

function TeamForm({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const qc = useQueryClient();
  const users = useQuery(allUsersQuery);
  const options = (users.data ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: u.name || u.email }));
  const [name, setName] = useState(team?.name ?? '');
  const [managerId, setManagerId] = useState<string | null>(team?.manager?.id ?? null);
  const [memberIds, setMemberIds] = useState<string[]>(team?.members.map((m) => m.id) ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);

  const done = (message: string) => {
    void qc.invalidateQueries({ queryKey: teamsQuery.queryKey });
    void qc.invalidateQueries({ queryKey: ['users'] });
    notifications.show({ color: 'teal', message });
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'Give the team a name' });
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const body = { name: name.trim(), managerId, memberIds } satisfies TeamInput;
      if (team) await api.patch(`/teams/${team.id}`, body);
      else await api.post('/teams', body);
      done(`Team “${name.trim()}” saved`);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!team) return;
    setBusy(true);
    try {
      await api.delete(`/teams/${team.id}`);
      done(`Team “${team.name}” deleted`);
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. Sales EMEA"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
          data-testid="team-name"
        />
        <Select
          label="Manager"
          data={options}
          value={managerId}
          onChange={setManagerId}
          clearable
          searchable
          placeholder="No manager"
          error={errors.managerId}
          data-testid="team-manager"
        />
        <MultiSelect
          label="Members"
          data={options}
          value={memberIds}
          onChange={setMemberIds}
          searchable
          clearable
          placeholder="Add people"
          error={errors.memberIds}
          data-testid="team-members"
        />
        <FormFooter
          error={formError}
          onCancel={onClose}
          busy={busy}
          testId="team-save"
          start={
            team ? (
              confirm ? (
                <Group gap="xs">
                  <Button
                    size="xs"
                    color="red"
                    loading={busy}
                    onClick={() => void remove()}
                    data-testid="team-confirm-delete"
                  >
                    Delete team
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setConfirm(false)}>
                    Keep
                  </Button>
                </Group>
              ) : (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setConfirm(true)}
                >
                  Delete
                </Button>
              )
            ) : null
          }
        >
          {team ? 'Save' : 'Create team'}
        </FormFooter>
      </Stack>
    </form>
  );
}
