// The views of a list, as tabs above the table: "All <plural>" plus saved views (columns, filter,
// sort, search), with save / save as new / rename / share / delete.
import type { SavedView, ViewConfig } from '@kith/common/api/views';
import {
  ActionIcon,
  Button,
  Group,
  Menu,
  Modal,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconCopy,
  IconDeviceFloppy,
  IconPencil,
  IconPlus,
  IconRestore,
  IconTrash,
  IconUsers,
  IconWorld,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../api';
import { useCurrentSession } from '../auth/session';
import type { ObjectMeta } from '../meta/objects';
import classes from './views.module.css';
import { cleanConfig, sameConfig, viewsApi, viewsKey, viewsQuery } from './views-api';

type Dialog =
  | { kind: 'create'; from?: SavedView }
  | { kind: 'rename'; view: SavedView }
  | { kind: 'delete'; view: SavedView }
  | null;

export function ViewBar({
  meta,
  current,
  defaultColumns,
  activeId,
  onApply,
  onSaved,
}: {
  meta: ObjectMeta;
  /** What the list shows now. */
  current: ViewConfig;
  defaultColumns: string[];
  activeId: string | null;
  /** Show a view (null: all records, default columns). */
  onApply: (view: SavedView | null) => void;
  /** A view was saved from the current state: mark it active without changing what is shown. */
  onSaved: (view: SavedView) => void;
}) {
  const qc = useQueryClient();
  const { user } = useCurrentSession();
  const isAdmin = !!user.role?.isAdmin;
  const views = useQuery(viewsQuery(meta.name));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);

  const list = views.data ?? [];
  const active = activeId ? list.find((v) => v.id === activeId) : undefined;
  const canChange = (v: SavedView) => v.mine || (v.shared && isAdmin);
  const baseline: ViewConfig = active ? active.config : { columns: defaultColumns };
  const dirty = !sameConfig(
    { ...baseline, columns: baseline.columns.length ? baseline.columns : defaultColumns },
    current,
  );
  const refresh = () => qc.invalidateQueries({ queryKey: viewsKey(meta.name) });

  const run = async <T,>(fn: () => Promise<T>, done: string): Promise<T | undefined> => {
    setBusy(true);
    try {
      const r = await fn();
      await refresh();
      notifications.show({ color: 'teal', message: done });
      return r;
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not save the view', message: errorMessage(e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const saveActive = () =>
    active &&
    void run(() => viewsApi.update(active.id, { config: cleanConfig(current) }), `View “${active.name}” saved`);

  if (views.isError && views.error instanceof ApiError && views.error.status === 404) return null;

  return (
    <div className={classes.bar}>
      <div className={classes.tabs} role="tablist" aria-label={`${meta.labelPlural} views`} data-testid="view-tabs">
        <UnstyledButton
          className={classes.tab}
          role="tab"
          aria-selected={!active}
          data-active={!active || undefined}
          onClick={() => onApply(null)}
          data-testid="view-all"
        >
          All {meta.labelPlural.toLowerCase()}
        </UnstyledButton>
        {list.map((v) => {
          const isActive = v.id === active?.id;
          return (
            <div key={v.id} className={classes.tabWrap} data-active={isActive || undefined}>
              <UnstyledButton
                className={classes.tab}
                role="tab"
                aria-selected={isActive}
                data-active={isActive || undefined}
                onClick={() => onApply(v)}
                data-testid="view-tab"
                title={
                  v.shared ? `Shared by ${v.mine ? 'you' : (v.owner.title ?? 'someone')}` : 'Only you see this view'
                }
              >
                {v.shared && <IconWorld size={13} stroke={1.8} className={classes.sharedIcon} />}
                {v.name}
              </UnstyledButton>
              {isActive && (
                <Menu position="bottom-start" withinPortal>
                  <Menu.Target>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={`Options of view ${v.name}`}
                      data-testid="view-menu"
                      className={classes.tabMenu}
                    >
                      <IconChevronDown size={14} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Label>
                      {v.shared ? `Shared · by ${v.mine ? 'you' : (v.owner.title ?? 'someone')}` : 'Private · only you'}
                    </Menu.Label>
                    {canChange(v) && (
                      <Menu.Item
                        leftSection={<IconPencil size={14} />}
                        onClick={() => setDialog({ kind: 'rename', view: v })}
                        data-testid="view-rename"
                      >
                        Rename
                      </Menu.Item>
                    )}
                    {canChange(v) && (
                      <Menu.Item
                        leftSection={v.shared ? <IconUsers size={14} /> : <IconWorld size={14} />}
                        onClick={() =>
                          void run(
                            () => viewsApi.update(v.id, { shared: !v.shared }),
                            v.shared ? 'View is now private' : 'View is now shared with everyone',
                          )
                        }
                        data-testid="view-share"
                      >
                        {v.shared ? 'Make private' : 'Share with everyone'}
                      </Menu.Item>
                    )}
                    <Menu.Item
                      leftSection={<IconCopy size={14} />}
                      onClick={() => setDialog({ kind: 'create', from: v })}
                    >
                      Duplicate
                    </Menu.Item>
                    {canChange(v) && (
                      <>
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => setDialog({ kind: 'delete', view: v })}
                          data-testid="view-delete"
                        >
                          Delete view
                        </Menu.Item>
                      </>
                    )}
                  </Menu.Dropdown>
                </Menu>
              )}
            </div>
          );
        })}
        <Tooltip label="Save what you see as a new view">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => setDialog({ kind: 'create' })}
            aria-label="New view"
            data-testid="view-new"
            className={classes.add}
          >
            <IconPlus size={15} />
          </ActionIcon>
        </Tooltip>
      </div>

      {dirty && (
        <Group gap={6} wrap="nowrap" className={classes.actions} data-testid="view-dirty">
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            leftSection={<IconRestore size={13} />}
            onClick={() => onApply(active ?? null)}
          >
            Reset
          </Button>
          {active && canChange(active) ? (
            <Button.Group>
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconDeviceFloppy size={13} />}
                onClick={saveActive}
                loading={busy}
                data-testid="view-save"
              >
                Save view
              </Button>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button size="compact-xs" variant="light" px={4} aria-label="More save options">
                    <IconChevronDown size={13} />
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item
                    leftSection={<IconPlus size={14} />}
                    onClick={() => setDialog({ kind: 'create' })}
                    data-testid="view-save-as"
                  >
                    Save as new view
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Button.Group>
          ) : (
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconDeviceFloppy size={13} />}
              onClick={() => setDialog({ kind: 'create' })}
              data-testid="view-save-as"
            >
              Save as view
            </Button>
          )}
        </Group>
      )}

      <ViewNameModal
        dialog={dialog?.kind === 'create' || dialog?.kind === 'rename' ? dialog : null}
        onClose={() => setDialog(null)}
        onSubmit={async (name, shared) => {
          if (dialog?.kind === 'rename') {
            await viewsApi.update(dialog.view.id, { name, shared });
            await refresh();
            notifications.show({ color: 'teal', message: `View renamed to “${name}”` });
          } else {
            const config = dialog?.kind === 'create' && dialog.from ? dialog.from.config : cleanConfig(current);
            const created = await viewsApi.create({ objectType: meta.name, name, shared, config });
            await refresh();
            notifications.show({ color: 'teal', message: `View “${name}” saved` });
            if (dialog?.kind === 'create' && dialog.from) onApply(created);
            else onSaved(created);
          }
          setDialog(null);
        }}
      />

      <Modal
        opened={dialog?.kind === 'delete'}
        onClose={() => setDialog(null)}
        title={`Delete the view “${dialog?.kind === 'delete' ? dialog.view.name : ''}”?`}
        size="sm"
      >
        <Text size="sm" c="dimmed">
          {dialog?.kind === 'delete' && dialog.view.shared
            ? 'It is shared: it disappears for everyone. No records are deleted.'
            : 'Only the view goes away; no records are deleted.'}
        </Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={() => setDialog(null)}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={busy}
            data-testid="view-confirm-delete"
            onClick={async () => {
              if (dialog?.kind !== 'delete') return;
              const v = dialog.view;
              await run(() => viewsApi.remove(v.id), `View “${v.name}” deleted`);
              setDialog(null);
              if (v.id === activeId) onApply(null);
            }}
          >
            Delete view
          </Button>
        </Group>
      </Modal>
    </div>
  );
}

function ViewNameModal({
  dialog,
  onClose,
  onSubmit,
}: {
  dialog: { kind: 'create'; from?: SavedView } | { kind: 'rename'; view: SavedView } | null;
  onClose: () => void;
  onSubmit: (name: string, shared: boolean) => Promise<void>;
}) {
  return (
    <Modal
      opened={!!dialog}
      onClose={onClose}
      title={dialog?.kind === 'rename' ? 'Rename view' : 'Save as a new view'}
      size="sm"
    >
      {dialog && (
        <ViewNameForm
          key={dialog.kind === 'rename' ? dialog.view.id : 'new'}
          dialog={dialog}
          onClose={onClose}
          onSubmit={onSubmit}
        />
      )}
    </Modal>
  );
}

function ViewNameForm({
  dialog,
  onClose,
  onSubmit,
}: {
  dialog: { kind: 'create'; from?: SavedView } | { kind: 'rename'; view: SavedView };
  onClose: () => void;
  onSubmit: (name: string, shared: boolean) => Promise<void>;
}) {
  const [name, setName] = useState(
    dialog.kind === 'rename' ? dialog.view.name : dialog.from ? `${dialog.from.name} (copy)` : '',
  );
  const [shared, setShared] = useState(dialog.kind === 'rename' ? dialog.view.shared : false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the view a name');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(name.trim(), shared);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors.name ?? err.message) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. My open leads"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          data-autofocus
          maxLength={100}
          data-testid="view-name"
        />
        <Switch
          label="Share with everyone"
          description="Everyone in the organization sees this view; only you (and admins) can change it."
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
          data-testid="view-shared"
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} data-testid="view-name-submit">
            {dialog.kind === 'rename' ? 'Save' : 'Save view'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
