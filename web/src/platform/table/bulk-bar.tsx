// What to do with the selected rows: assign an owner, set a field, delete (or restore from the bin).
import { Affix, Button, CloseButton, Group, Menu, Modal, Paper, Select, Stack, Text, Transition } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconRestore, IconTrash, IconUserShare } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api';
import { FieldInput } from '../form/field-input';
import { normalizeValue } from '../form/normalize';
import { editableFields, type ObjectMeta } from '../meta/objects';
import { invalidateObject, recordsApi } from '../records/records-api';
import { useUsers } from '../records/users';

export function BulkBar({
  meta,
  selected,
  onClear,
  inBin,
}: {
  meta: ObjectMeta;
  selected: Set<string>;
  onClear: () => void;
  inBin: boolean;
}) {
  const qc = useQueryClient();
  const users = useUsers();
  const [busy, setBusy] = useState(false);
  const [setFieldOpen, setSetFieldOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ids = [...selected];
  const n = ids.length;
  const ownerField = editableFields(meta).find((f) => f.type === 'user');
  const noun = n === 1 ? meta.label.toLowerCase() : meta.labelPlural.toLowerCase();

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      notifications.show({ message: `${what} ${n} ${noun}`, color: 'teal' });
      onClear();
    } catch (e) {
      notifications.show({ title: `Could not finish: ${what.toLowerCase()}`, message: errorMessage(e), color: 'red' });
    } finally {
      setBusy(false);
      invalidateObject(qc, meta.plural);
    }
  };

  const update = (values: Record<string, unknown>, what = 'Updated') =>
    run(what, () => recordsApi.bulk(meta.plural, { ids, action: 'update', values }));

  return (
    <>
      <Affix position={{ bottom: 20, left: 0, right: 0 }} zIndex={150} style={{ pointerEvents: 'none' }}>
        <Transition mounted={n > 0} transition="slide-up" duration={150}>
          {(style) => (
            <Group justify="center" px="sm" style={style}>
              <Paper
                shadow="lg"
                withBorder
                px="sm"
                py={8}
                radius="lg"
                style={{ pointerEvents: 'auto', maxWidth: '100%' }}
                data-testid="bulk-bar"
              >
                <Group gap="xs" wrap="wrap" justify="center">
                  <Group gap={4} wrap="nowrap">
                    <CloseButton size="sm" onClick={onClear} aria-label="Clear selection" />
                    <Text size="sm" fw={600} pr={6}>
                      {n} selected
                    </Text>
                  </Group>
                  {inBin ? (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconRestore size={14} />}
                      loading={busy}
                      onClick={() =>
                        void run('Restored', () => Promise.all(ids.map((id) => recordsApi.restore(meta.plural, id))))
                      }
                    >
                      Restore
                    </Button>
                  ) : (
                    <>
                      {ownerField && meta.permissions.update && (
                        <Menu position="top" withinPortal>
                          <Menu.Target>
                            <Button
                              size="xs"
                              variant="default"
                              leftSection={<IconUserShare size={14} />}
                              disabled={busy}
                              data-testid="bulk-assign"
                            >
                              Assign owner
                            </Button>
                          </Menu.Target>
                          <Menu.Dropdown mah={300} style={{ overflowY: 'auto' }}>
                            {(users.data ?? []).map((u) => (
                              <Menu.Item
                                key={u.id}
                                onClick={() => void update({ [ownerField.name]: u.id }, 'Assigned')}
                              >
                                {u.name || u.email}
                              </Menu.Item>
                            ))}
                            {users.isError && <Menu.Item disabled>Users are not available</Menu.Item>}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                      {meta.permissions.update && (
                        <Button
                          size="xs"
                          variant="default"
                          leftSection={<IconEdit size={14} />}
                          disabled={busy}
                          onClick={() => setSetFieldOpen(true)}
                          data-testid="bulk-set-field"
                        >
                          Set field
                        </Button>
                      )}
                      {meta.permissions.delete && (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          loading={busy}
                          onClick={() => setConfirmDelete(true)}
                          data-testid="bulk-delete"
                        >
                          Delete
                        </Button>
                      )}
                    </>
                  )}
                </Group>
              </Paper>
            </Group>
          )}
        </Transition>
      </Affix>

      <SetFieldModal
        opened={setFieldOpen}
        onClose={() => setSetFieldOpen(false)}
        meta={meta}
        count={n}
        onApply={async (values) => {
          setSetFieldOpen(false);
          await update(values);
        }}
      />

      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${n} ${noun}?`} size="sm">
        <Text size="sm" c="dimmed">
          Deleted {meta.labelPlural.toLowerCase()} go to the bin, where you can restore them.
        </Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button
            color="red"
            data-testid="confirm-delete"
            onClick={() => {
              setConfirmDelete(false);
              void run('Deleted', () => recordsApi.bulk(meta.plural, { ids, action: 'delete' }));
            }}
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </>
  );
}

function SetFieldModal({
  opened,
  onClose,
  meta,
  count,
  onApply,
}: {
  opened: boolean;
  onClose: () => void;
  meta: ObjectMeta;
  count: number;
  onApply: (values: Record<string, unknown>) => Promise<void>;
}) {
  const fields = editableFields(meta);
  const [name, setName] = useState<string | null>(null);
  const [value, setValue] = useState<unknown>(null);
  const field = fields.find((f) => f.name === name);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Set a field on ${count} ${count === 1 ? meta.label.toLowerCase() : meta.labelPlural.toLowerCase()}`}
      size="md"
    >
      <Stack gap="md">
        <Select
          label="Field"
          data={fields.map((f) => ({ value: f.name, label: f.label }))}
          value={name}
          onChange={(n) => {
            setName(n);
            setValue(null);
          }}
          searchable
          data-testid="bulk-field"
        />
        {field && (
          <FieldInput
            key={field.name}
            field={{ ...field, required: false }}
            value={value}
            onChange={(v) => setValue(v)}
          />
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!field}
            onClick={() => field && void onApply({ [field.name]: normalizeValue(field, value) })}
            data-testid="bulk-apply"
          >
            Apply to {count}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
