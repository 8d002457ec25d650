// Settings → Roles (admins): what each role may do with each object, as a matrix of checkboxes and a scope.
import { type ObjectPermission, objectActions, recordScopes } from '@kith/common';
import type { Role, RoleInput } from '@kith/common/api/roles';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronRight, IconLock, IconPlus, IconShieldCheck, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../platform/api';
import { ObjectIcon } from '../../platform/meta/object-icon';
import { type ObjectMeta, objectsQuery, useObjects } from '../../platform/meta/objects';
import { SettingsTablePage } from '../../platform/pages/settings-table-page';
import { FormFooter } from '../../platform/ui/form-footer';
import { SettingsTable } from '../../platform/ui/settings-table';
import classes from './settings.module.css';
import { rolesQuery } from './settings-api';

const actionLabels: Record<(typeof objectActions)[number], string> = {
  create: 'Create',
  read: 'Read',
  update: 'Edit',
  delete: 'Delete',
  export: 'Export',
};
const scopeLabels: Record<(typeof recordScopes)[number], string> = {
  own: 'Own records',
  team: 'Team’s records',
  territory: 'Their territories',
  all: 'All records',
};
const none: ObjectPermission = {
  create: false,
  read: false,
  update: false,
  delete: false,
  export: false,
  scope: 'own',
};

export function RolesPage() {
  const roles = useQuery(rolesQuery);
  const [open, setOpen] = useState<Role | 'new' | null>(null);
  return (
    <SettingsTablePage
      title="Roles"
      subtitle="What people may see and do, object by object"
      query={roles}
      add={{ label: 'New role', icon: <IconPlus size={14} />, onClick: () => setOpen('new'), testId: 'new-role' }}
      dialogs={<RoleModal role={open} onClose={() => setOpen(null)} />}
    >
      {(data) => (
        <SettingsTable rows={data} empty={{ icon: <IconShieldCheck size={22} />, title: 'No roles' }}>
          {(r, i) => (
            <UnstyledButton
              key={r.id}
              className={classes.listRow}
              onClick={() => setOpen(r)}
              style={i ? undefined : { borderTop: 0 }}
              data-testid="role-row"
            >
              <div style={{ minWidth: 0, flex: 1 }}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600}>
                    {r.name}
                  </Text>
                  {r.isAdmin && (
                    <Badge size="xs" variant="light" color="kith">
                      Full access
                    </Badge>
                  )}
                  {r.isBuiltin && (
                    <Badge size="xs" variant="outline" color="gray" leftSection={<IconLock size={9} />}>
                      Built-in
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {r.description || 'No description'}
                </Text>
              </div>
              <Text size="sm" c="dimmed" style={{ flex: 'none' }}>
                {r.userCount} {r.userCount === 1 ? 'user' : 'users'}
              </Text>
              <IconChevronRight size={16} style={{ flex: 'none', opacity: 0.5 }} />
            </UnstyledButton>
          )}
        </SettingsTable>
      )}
    </SettingsTablePage>
  );
}

function RoleModal({ role, onClose }: { role: Role | 'new' | null; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const title = role === 'new' ? 'New role' : role ? role.name : '';
  return (
    <Modal
      opened={!!role}
      onClose={onClose}
      title={title}
      size={900}
      fullScreen={phone}
      styles={{ title: { fontWeight: 650 } }}
    >
      {role && (
        <RoleForm key={role === 'new' ? 'new' : role.id} role={role === 'new' ? null : role} onClose={onClose} />
      )}
    </Modal>
  );
}

function RoleForm({ role, onClose }: { role: Role | null; onClose: () => void }) {
  const qc = useQueryClient();
  const objects = useObjects();
  const readOnly = !!role?.isBuiltin;
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [perms, setPerms] = useState<Record<string, ObjectPermission>>(() => ({ ...(role?.permissions ?? {}) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const list: ObjectMeta[] = objects.data ?? [];

  const permOf = (o: string): ObjectPermission =>
    role?.isAdmin
      ? { create: true, read: true, update: true, delete: true, export: true, scope: 'all' }
      : (perms[o] ?? none);
  const set = (o: string, patch: Partial<ObjectPermission>) =>
    setPerms((p) => {
      const next = { ...(p[o] ?? none), ...patch };
      // Changing anything needs reading it; not reading means no other right.
      if (patch.read === false) Object.assign(next, { update: false, delete: false, export: false });
      if (patch.update || patch.delete || patch.export) next.read = true;
      return { ...p, [o]: next };
    });
  const column = (a: (typeof objectActions)[number], value: boolean) => {
    for (const o of list) set(o.name, { [a]: value });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (readOnly) return onClose();
    if (!name.trim()) {
      setErrors({ name: 'Give the role a name' });
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const body = { name: name.trim(), description: description.trim(), permissions: perms } satisfies RoleInput;
      if (role) await api.patch(`/roles/${role.id}`, body);
      else await api.post('/roles', body);
      void qc.invalidateQueries({ queryKey: rolesQuery.queryKey });
      void qc.invalidateQueries({ queryKey: objectsQuery.queryKey });
      notifications.show({ color: 'teal', message: `Role “${name.trim()}” saved` });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!role) return;
    setBusy(true);
    try {
      await api.delete(`/roles/${role.id}`);
      void qc.invalidateQueries({ queryKey: rolesQuery.queryKey });
      notifications.show({ color: 'teal', message: `Role “${role.name}” deleted` });
      onClose();
    } catch (err) {
      setFormError(errorMessage(err));
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {readOnly && (
          <Alert color="gray" variant="light" icon={<IconLock size={18} />}>
            Built-in roles cannot be changed. Make a new role to grant different rights.
          </Alert>
        )}
        <Group grow align="flex-start" wrap="wrap" gap="md">
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            disabled={readOnly}
            miw={200}
            data-testid="role-name"
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={1}
            maxRows={3}
            disabled={readOnly}
            miw={200}
            error={errors.description}
          />
        </Group>
        {role?.isAdmin ? (
          <Alert color="kith" variant="light" icon={<IconShieldCheck size={18} />}>
            This role has full access to every object and to the organization’s settings.
          </Alert>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing={6} horizontalSpacing="sm" data-testid="permissions-matrix">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Object</Table.Th>
                    {objectActions.map((a) => {
                      const all = list.length > 0 && list.every((o) => permOf(o.name)[a]);
                      const some = list.some((o) => permOf(o.name)[a]);
                      return (
                        <Table.Th key={a} ta="center" w={76}>
                          <Stack gap={4} align="center">
                            <Text size="xs" fw={600}>
                              {actionLabels[a]}
                            </Text>
                            <Checkbox
                              size="xs"
                              checked={all}
                              indeterminate={some && !all}
                              disabled={readOnly}
                              onChange={() => column(a, !all)}
                              aria-label={`${actionLabels[a]} on every object`}
                            />
                          </Stack>
                        </Table.Th>
                      );
                    })}
                    <Table.Th w={170}>Which records</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((o) => {
                    const p = permOf(o.name);
                    return (
                      <Table.Tr key={o.name} data-testid={`perm-${o.name}`}>
                        <Table.Td>
                          <Group gap={8} wrap="nowrap">
                            <ObjectIcon name={o.icon || o.name} size={16} />
                            <Text size="sm" fw={500}>
                              {o.labelPlural}
                            </Text>
                          </Group>
                        </Table.Td>
                        {objectActions.map((a) => (
                          <Table.Td key={a} ta="center">
                            <Checkbox
                              size="sm"
                              checked={p[a]}
                              disabled={readOnly}
                              onChange={(e) => set(o.name, { [a]: e.currentTarget.checked })}
                              aria-label={`${actionLabels[a]} ${o.labelPlural}`}
                              style={{ display: 'inline-block' }}
                              data-testid={`perm-${o.name}-${a}`}
                            />
                          </Table.Td>
                        ))}
                        <Table.Td>
                          <Select
                            size="xs"
                            data={recordScopes.map((s) => ({ value: s, label: scopeLabels[s] }))}
                            value={p.scope}
                            onChange={(v) => v && set(o.name, { scope: v as ObjectPermission['scope'] })}
                            allowDeselect={false}
                            disabled={readOnly || !p.read}
                            aria-label={`Which ${o.labelPlural.toLowerCase()}`}
                            data-testid={`perm-${o.name}-scope`}
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {!role?.isAdmin && (
          <Text size="xs" c="dimmed">
            “Which records” bounds reading, editing, deleting and exporting: the records a person owns, those owned by
            their teams, those in their territories and below them (plus their own; for records without a territory, as
            their team’s), or all of them.
          </Text>
        )}
        <FormFooter
          error={formError}
          onCancel={onClose}
          busy={busy}
          readOnly={readOnly}
          testId="role-save"
          start={
            role && !role.isBuiltin ? (
              confirmDelete ? (
                <Group gap="xs">
                  <Text size="sm" c="red">
                    Delete this role?
                  </Text>
                  <Button
                    size="xs"
                    color="red"
                    onClick={() => void remove()}
                    loading={busy}
                    data-testid="role-confirm-delete"
                  >
                    Delete
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setConfirmDelete(false)}>
                    Keep
                  </Button>
                </Group>
              ) : (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setConfirmDelete(true)}
                  disabled={role.userCount > 0}
                  title={role.userCount > 0 ? 'Give its users another role first' : undefined}
                >
                  Delete role
                </Button>
              )
            ) : null
          }
        >
          {role ? 'Save role' : 'Create role'}
        </FormFooter>
      </Stack>
    </form>
  );
}
