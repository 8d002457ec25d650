// /{plural}/{id} — any record: title, every field editable in place, related records, notes and history.
import {
  Alert,
  Anchor,
  Avatar,
  Box,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  Menu,
  Modal,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconDots, IconEdit, IconRestore, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../api';
import { Activity } from '../detail/activity';
import classes from '../detail/detail.module.css';
import { InlineField } from '../detail/inline-field';
import { JunctionRecords, junctionSources } from '../detail/junction-records';
import { MergeModal } from '../detail/merge-modal';
import { RelatedRecords, relatedSources } from '../detail/related-records';
import { type RecordActionDef, useDetailPanels, useRecordActions } from '../extensions';
import { RecordFormModal } from '../form/record-form-modal';
import { ObjectIcon } from '../meta/object-icon';
import { type ObjectMeta, systemFields, useObjectMeta, useObjects } from '../meta/objects';
import { listPath } from '../meta/paths';
import { invalidateObject, type KRecord, recordKeys, recordQuery, recordsApi } from '../records/records-api';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-state';
import { FieldValue } from '../ui/field-value';
import { formatDateTime, formatRelative, initials } from '../ui/format';

export function ObjectDetailPage() {
  const { plural, id } = useParams();
  const { meta, isPending, error, refetch } = useObjectMeta(plural);
  if (isPending)
    return (
      <Center py={80}>
        <Loader size="sm" />
      </Center>
    );
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!meta || !id)
    return <EmptyState title="Unknown object" description={`There is no “${plural}” in this workspace.`} />;
  return <RecordView key={id} meta={meta} id={id} />;
}

function RecordView({ meta, id }: { meta: ObjectMeta; id: string }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const objects = useObjects();
  const q = useQuery(recordQuery(meta.plural, id));
  const panels = useDetailPanels(meta);
  const allActions = useRecordActions();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [merging, setMerging] = useState(false);
  const [busy, setBusy] = useState(false);

  if (q.isPending)
    return (
      <Center py={80}>
        <Loader size="sm" />
      </Center>
    );
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return (
        <EmptyState
          title={`${meta.label} not found`}
          description="It may have been deleted, or you may not have access to it."
          action={
            <Button component={Link} to={listPath(meta.plural)} variant="default" size="xs">
              Back to {meta.labelPlural.toLowerCase()}
            </Button>
          }
        />
      );
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }
  const record = q.data;
  const deleted = !!record.deletedAt;
  const canEdit = meta.permissions.update && !deleted;

  const save = async (values: Record<string, unknown>) => {
    const updated = await recordsApi.update(meta.plural, id, values);
    qc.setQueryData<KRecord>(recordKeys.record(meta.plural, id), (old) => ({ ...old, ...updated }) as KRecord);
    invalidateObject(qc, meta.plural, id);
    void qc.invalidateQueries({ queryKey: ['related'] });
    return updated;
  };

  const remove = async () => {
    setBusy(true);
    try {
      await recordsApi.remove(meta.plural, id);
      invalidateObject(qc, meta.plural, id);
      notifications.show({ color: 'teal', message: `${meta.label} “${record.title}” moved to the bin` });
      void navigate(listPath(meta.plural));
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(e) });
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  };

  const restore = async () => {
    setBusy(true);
    try {
      await recordsApi.restore(meta.plural, id);
      invalidateObject(qc, meta.plural, id);
      notifications.show({ color: 'teal', message: `${meta.label} “${record.title}” restored` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not restore', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const actions = allActions.filter((a) => a.appliesTo({ meta, record }));
  const runAction = async (a: RecordActionDef) => {
    try {
      await a.run({ meta, record });
      // What the action changed (a status moved on the server) shows at once.
      invalidateObject(qc, meta.plural, record.id);
    } catch (e) {
      notifications.show({ color: 'red', title: `Could not ${a.label.toLowerCase()}`, message: errorMessage(e) });
    }
  };

  const fields = meta.fields.filter((f) => !systemFields.has(f.name));
  const headline = fields.filter((f) => f.list && ['select', 'email', 'relation', 'url'].includes(f.type)).slice(0, 3);
  const related = objects.data ? relatedSources(objects.data, meta) : [];
  const linked = objects.data ? junctionSources(objects.data, meta) : [];

  return (
    <div className={classes.page}>
      <Breadcrumbs mb="md" separatorMargin={6} fz="sm">
        <Anchor component={Link} to={listPath(meta.plural)} size="sm" c="dimmed">
          <Group gap={6} wrap="nowrap">
            <ObjectIcon name={meta.icon || meta.name} size={15} />
            {meta.labelPlural}
          </Group>
        </Anchor>
        <Text size="sm" truncate maw={260}>
          {record.title || 'Untitled'}
        </Text>
      </Breadcrumbs>

      {deleted && (
        <Alert color="orange" variant="light" mb="md" icon={<IconTrash size={18} />} title="This record is in the bin">
          <Group justify="space-between" gap="sm">
            <Text size="sm">Deleted {formatRelative(record.deletedAt)}. Restore it to edit it again.</Text>
            {meta.permissions.delete && (
              <Button
                size="xs"
                variant="white"
                color="orange"
                leftSection={<IconRestore size={14} />}
                onClick={() => void restore()}
                loading={busy}
                data-testid="restore-record"
              >
                Restore
              </Button>
            )}
          </Group>
        </Alert>
      )}

      <Group justify="space-between" align="flex-start" mb="lg" gap="md" wrap="nowrap">
        <Group gap="md" wrap="nowrap" miw={0}>
          <Avatar
            size={52}
            radius={meta.name === 'contact' ? 'xl' : 'md'}
            color="kith"
            variant="light"
            visibleFrom="xs"
          >
            {initials(record.title)}
          </Avatar>
          <Stack gap={4} miw={0}>
            <Title
              order={1}
              fz={{ base: 20, sm: 24 }}
              fw={650}
              lh={1.2}
              style={{ wordBreak: 'break-word' }}
              data-testid="record-title"
            >
              {record.title || 'Untitled'}
            </Title>
            <Group gap={10} wrap="wrap">
              {headline.map((f) => (
                <Box key={f.name} maw={260} miw={0}>
                  <FieldValue field={f} record={record} />
                </Box>
              ))}
            </Group>
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
          {canEdit && (
            <>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconEdit size={14} />}
                onClick={() => setEditing(true)}
                data-testid="edit-record"
                visibleFrom="sm"
              >
                Edit
              </Button>
              <Button
                variant="default"
                size="xs"
                px={8}
                onClick={() => setEditing(true)}
                aria-label="Edit"
                hiddenFrom="sm"
              >
                <IconEdit size={16} />
              </Button>
            </>
          )}
          {(meta.permissions.delete || (!deleted && actions.length > 0)) && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" size="xs" px={8} aria-label="More actions" data-testid="record-menu">
                  <IconDots size={16} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {deleted ? (
                  <Menu.Item leftSection={<IconRestore size={14} />} onClick={() => void restore()}>
                    Restore
                  </Menu.Item>
                ) : (
                  <>
                    {actions.map((a) => (
                      <Menu.Item
                        key={a.id}
                        color={a.color}
                        leftSection={<a.icon size={14} />}
                        onClick={() => void runAction(a)}
                        data-testid={`record-action-${a.id}`}
                      >
                        {a.label}
                      </Menu.Item>
                    ))}
                    {actions.length > 0 && meta.permissions.delete && <Menu.Divider />}
                    {meta.permissions.update && meta.permissions.delete && (
                      <Menu.Item
                        leftSection={<IconArrowsJoin size={14} />}
                        onClick={() => setMerging(true)}
                        data-testid="merge-record"
                      >
                        Merge with…
                      </Menu.Item>
                    )}
                    {meta.permissions.delete && (
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => setConfirmDelete(true)}
                        data-testid="delete-record"
                      >
                        Delete
                      </Menu.Item>
                    )}
                  </>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>

      {panels
        .filter((p) => p.placement === 'top')
        .map((p) => (
          <p.component key={p.id} meta={meta} record={record} />
        ))}
      <div className={classes.layout}>
        <Paper withBorder p="md">
          <Text className={classes.sectionTitle} mb="xs">
            Details
          </Text>
          <Stack gap={0}>
            {fields.map((f) => (
              <InlineField key={f.name} field={f} record={record} editable={canEdit} onSave={save} />
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt="md">
            Created {formatDateTime(record.createdAt)} · Updated {formatRelative(record.updatedAt)}
          </Text>
        </Paper>
        <Stack gap="lg" miw={0}>
          {panels
            .filter((p) => p.placement !== 'top')
            .map((p) => (
              <p.component key={p.id} meta={meta} record={record} />
            ))}
          {related.map(({ source, field }) => (
            <RelatedRecords
              key={`${source.plural}.${field.name}`}
              meta={meta}
              source={source}
              field={field}
              record={record}
            />
          ))}
          {linked.map((s) => (
            <JunctionRecords key={`${s.junction.plural}.${s.near.name}`} source={s} record={record} />
          ))}
          <Activity meta={meta} record={record} />
        </Stack>
      </div>

      <RecordFormModal
        opened={editing}
        onClose={() => setEditing(false)}
        meta={meta}
        record={record}
        onSubmit={async (v) => {
          await save(v);
          setEditing(false);
        }}
      />

      <MergeModal opened={merging} onClose={() => setMerging(false)} meta={meta} record={record} />

      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${record.title}”?`}
        size="sm"
      >
        <Text size="sm" c="dimmed">
          The {meta.label.toLowerCase()} goes to the bin, where you can restore it.
        </Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void remove()} loading={busy} data-testid="confirm-delete">
            Delete
          </Button>
        </Group>
      </Modal>
    </div>
  );
}
