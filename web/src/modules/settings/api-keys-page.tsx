// Settings → API keys (admins): keys for integrations, each acting with a role. The secret is shown once.

import type { ApiKey, ApiKeyInput, NewApiKey } from '@kith/common/api/api-keys';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../../platform/api';
import { SettingsTablePage } from '../../platform/pages/settings-table-page';
import { FormFooter } from '../../platform/ui/form-footer';
import { formatDate, formatRelative } from '../../platform/ui/format';
import { SettingsTable } from '../../platform/ui/settings-table';
import classes from './settings.module.css';
import { apiKeysQuery, rolesQuery } from './settings-api';

export function ApiKeysPage() {
  const keys = useQuery(apiKeysQuery);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const add = {
    label: 'New API key',
    icon: <IconPlus size={14} />,
    onClick: () => setCreating(true),
    testId: 'new-api-key',
  };

  return (
    <SettingsTablePage
      title="API keys"
      subtitle="Let other systems use the Kith API. Each key acts with the rights of its role."
      query={keys}
      add={add}
      dialogs={
        <>
          <Modal
            opened={creating}
            onClose={() => setCreating(false)}
            title="New API key"
            size="md"
            closeOnClickOutside={false}
          >
            {creating && <CreateKey onClose={() => setCreating(false)} />}
          </Modal>
          <RevokeModal apiKey={revoking} onClose={() => setRevoking(null)} />
        </>
      }
    >
      {(data) => (
        <SettingsTable
          rows={data}
          empty={{
            icon: <IconKey size={22} />,
            title: 'No API keys',
            description: (
              <>
                Send a key as <Code>Authorization: Bearer …</Code> to call the API. See the reference at{' '}
                <a href="/api/docs" target="_blank" rel="noreferrer">
                  /api/docs
                </a>
                .
              </>
            ),
            add,
          }}
          columns={['Name', 'Role', 'Created', 'Last used', { w: 48 }]}
          minWidth={600}
        >
          {(k) => (
            <Table.Tr key={k.id} data-testid="api-key-row" style={k.revokedAt ? { opacity: 0.6 } : undefined}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={500}>
                    {k.name}
                  </Text>
                  {k.revokedAt && (
                    <Badge size="xs" variant="light" color="gray" title={`Revoked ${formatDate(k.revokedAt)}`}>
                      Revoked
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" ff="monospace">
                  {k.prefix}…
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray" tt="none">
                  {k.role.name}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {formatDate(k.createdAt)}
                  {k.createdBy && ` by ${k.createdBy.name}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never'}
                </Text>
              </Table.Td>
              <Table.Td>
                {!k.revokedAt && (
                  <Tooltip label="Revoke">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() => setRevoking(k)}
                      aria-label={`Revoke ${k.name}`}
                      data-testid="api-key-revoke"
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Table.Td>
            </Table.Tr>
          )}
        </SettingsTable>
      )}
    </SettingsTablePage>
  );
}

function CreateKey({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const roles = useQuery(rolesQuery);
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Name the key after what uses it';
    if (!roleId) found.roleId = 'Choose a role';
    setErrors(found);
    if (Object.keys(found).length || !roleId) return;
    setBusy(true);
    setFormError(null);
    try {
      const r = await api.post<NewApiKey>('/api-keys', { name: name.trim(), roleId } satisfies ApiKeyInput);
      void qc.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
      setSecret(r.key);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (secret !== null)
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy this key now">
          This is the only time Kith shows it. Store it in your password manager or the other system’s secrets. If you
          lose it, revoke it and make a new one.
        </Alert>
        <div className={classes.keyBox} data-testid="api-key-secret">
          {secret}
        </div>
        <Group justify="space-between">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'light' : 'filled'}
                color={copied ? 'teal' : undefined}
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                data-testid="api-key-copy"
              >
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose} data-testid="api-key-done">
            I have stored it
          </Button>
        </Group>
      </Stack>
    );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. Website signup form"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
          data-testid="api-key-name"
        />
        <Select
          label="Role"
          description="The key may do what this role may do. Prefer the narrowest role that works."
          data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          value={roleId}
          onChange={setRoleId}
          allowDeselect={false}
          error={errors.roleId || (roles.isError ? 'Roles could not be loaded' : undefined)}
          data-testid="api-key-role"
        />
        <FormFooter error={formError} onCancel={onClose} busy={busy} testId="api-key-create">
          Create key
        </FormFooter>
      </Stack>
    </form>
  );
}

function RevokeModal({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    if (!apiKey) return;
    setBusy(true);
    try {
      await api.delete(`/api-keys/${apiKey.id}`);
      void qc.invalidateQueries({ queryKey: apiKeysQuery.queryKey });
      notifications.show({ color: 'teal', message: `Key “${apiKey.name}” revoked` });
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not revoke the key', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={!!apiKey} onClose={onClose} title={`Revoke “${apiKey?.name ?? ''}”?`} size="sm">
      <Text size="sm" c="dimmed">
        Anything using this key stops working at once. This cannot be undone.
      </Text>
      <Group justify="flex-end" mt="lg" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" onClick={() => void revoke()} loading={busy} data-testid="api-key-confirm-revoke">
          Revoke key
        </Button>
      </Group>
    </Modal>
  );
}
