// Settings → Pipelines: each pipeline with its stages as one editable list — name, win
// probability, kind (open, won, lost), forecast category, rotting days and the deal fields a stage
// needs — reordered, added and removed, then saved in one go (the server keeps a stage with deals
// in it). Managers and admins change them; the server checks again.
import type { StageInput } from '@kith/common/api/deals';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { invalidateObject, type KRecord, recordsApi } from '../../platform/records/records-api';
import { FormFooter } from '../../platform/ui/form-footer';
import classes from './deals.module.css';
import { dealsApi, pipelineStagesQuery, pipelinesQuery, type Stage } from './deals-api';

type Row = StageInput & { key: string };

const kinds = [
  { value: 'open', label: 'Open' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
];
const categories = [
  { value: 'pipeline', label: 'Pipeline' },
  { value: 'bestCase', label: 'Best case' },
  { value: 'commit', label: 'Commit' },
];

let keys = 0;
const rowOf = (s: Stage): Row => ({
  key: s.id,
  id: s.id,
  name: s.name,
  probability: s.probability,
  kind: s.kind,
  forecastCategory: (s.forecastCategory as StageInput['forecastCategory']) ?? null,
  rottingDays: s.rottingDays,
  requiredFields: s.requiredFields ?? [],
});

export function PipelinesPage() {
  const pipelines = useQuery(pipelinesQuery);
  const objects = useObjects();
  const canManage = !!objectByName(objects.data, 'pipeline')?.permissions.update;
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const list = pipelines.data ?? [];
  const current = list.find((p) => p.id === chosen) ?? list[0];

  return (
    <SettingsPage
      title="Pipelines"
      subtitle="The stages deals move through: their order, win probability, and what a deal needs to enter them"
      query={pipelines}
      actions={
        canManage && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
            New pipeline
          </Button>
        )
      }
    >
      {() => (
        <Stack gap="md">
          {list.length > 1 && (
            <Select
              w={280}
              aria-label="Pipeline"
              data={list.map((p) => ({ value: p.id, label: p.title || 'Untitled' }))}
              value={current?.id ?? null}
              onChange={setChosen}
              allowDeselect={false}
              data-testid="pipeline-picker"
            />
          )}
          {current && <StagesEditor key={current.id} pipeline={current} canManage={canManage} />}
          {adding && (
            <NewPipeline
              position={list.length}
              onClose={(id) => {
                setAdding(false);
                if (id) setChosen(id);
              }}
            />
          )}
        </Stack>
      )}
    </SettingsPage>
  );
}

function StagesEditor({ pipeline, canManage }: { pipeline: KRecord; canManage: boolean }) {
  const qc = useQueryClient();
  const stages = useQuery(pipelineStagesQuery(pipeline.id));
  const dealMeta = objectByName(useObjects().data, 'deal');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (stages.data && rows === null) setRows(stages.data.data.map(rowOf));
  }, [stages.data, rows]);
  const requirable = (dealMeta?.fields ?? [])
    .filter((f) => !f.readOnly && f.name !== 'stageId' && f.name !== 'pipelineId')
    .map((f) => ({ value: f.name, label: f.label }));

  const edit = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs?.map((r, j) => (j === i ? { ...r, ...patch } : r)) ?? rs);
  const move = (i: number, by: -1 | 1) =>
    setRows((rs) => {
      if (!rs || i + by < 0 || i + by >= rs.length) return rs;
      const next = [...rs];
      [next[i], next[i + by]] = [next[i + by] as Row, next[i] as Row];
      return next;
    });
  const err = (i: number, field: string) => errors[`stages.${i}.${field}`];

  const save = async () => {
    if (!rows) return;
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      const saved = await dealsApi.saveStages(
        pipeline.id,
        rows.map(({ key: _, ...r }) => r),
      );
      setRows(saved.data.map(rowOf));
      invalidateObject(qc, 'pipeline-stages');
      invalidateObject(qc, 'deals');
      notifications.show({ color: 'teal', message: `Stages of “${pipeline.title}” saved` });
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.fieldErrors);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!rows) return null;
  return (
    <Paper withBorder p="md">
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing={6} className={classes.stagesTable} data-testid="stages-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={64} />
              <Table.Th>Stage</Table.Th>
              <Table.Th w={96}>Probability</Table.Th>
              <Table.Th w={104}>Kind</Table.Th>
              <Table.Th w={130}>Forecast</Table.Th>
              <Table.Th w={104}>Rotting after</Table.Th>
              <Table.Th>Needs to enter</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.key}>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      disabled={!canManage || i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={`Move ${r.name} up`}
                    >
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      disabled={!canManage || i === rows.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={`Move ${r.name} down`}
                    >
                      <IconArrowDown size={14} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    value={r.name}
                    readOnly={!canManage}
                    onChange={(e) => edit(i, { name: e.currentTarget.value })}
                    error={err(i, 'name')}
                    aria-label="Stage name"
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    min={0}
                    max={100}
                    suffix=" %"
                    value={r.probability}
                    readOnly={!canManage}
                    onChange={(v) => edit(i, { probability: Number(v) || 0 })}
                    error={err(i, 'probability')}
                    aria-label="Probability"
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    data={kinds}
                    value={r.kind ?? 'open'}
                    allowDeselect={false}
                    readOnly={!canManage}
                    onChange={(v) => edit(i, { kind: (v ?? 'open') as Row['kind'] })}
                    error={err(i, 'kind')}
                    aria-label="Kind"
                  />
                </Table.Td>
                <Table.Td>
                  {r.kind === 'open' || !r.kind ? (
                    <Select
                      size="xs"
                      data={categories}
                      value={r.forecastCategory ?? null}
                      placeholder="By probability"
                      clearable
                      readOnly={!canManage}
                      onChange={(v) => edit(i, { forecastCategory: (v as Row['forecastCategory']) ?? null })}
                      aria-label="Forecast category"
                    />
                  ) : (
                    <Text size="xs" c="dimmed">
                      {r.kind === 'won' ? 'Closed' : 'Omitted'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {r.kind === 'open' || !r.kind ? (
                    <NumberInput
                      size="xs"
                      min={1}
                      suffix=" days"
                      placeholder="Never"
                      value={r.rottingDays ?? ''}
                      readOnly={!canManage}
                      onChange={(v) => edit(i, { rottingDays: v === '' ? null : Number(v) })}
                      error={err(i, 'rottingDays')}
                      aria-label="Rotting after"
                    />
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <MultiSelect
                    size="xs"
                    data={requirable}
                    value={r.requiredFields ?? []}
                    readOnly={!canManage}
                    onChange={(v) => edit(i, { requiredFields: v })}
                    placeholder={(r.requiredFields ?? []).length ? undefined : 'Nothing'}
                    error={Object.entries(errors).find(([k]) => k.startsWith(`stages.${i}.requiredFields`))?.[1]}
                    aria-label="Fields needed to enter"
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    disabled={!canManage || rows.length === 1}
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                    aria-label={`Remove ${r.name}`}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {failure && (
        <Alert color="red" variant="light" mt="sm" data-testid="stages-error">
          {failure}
        </Alert>
      )}
      {canManage && (
        <Group justify="space-between" mt="md">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setRows([
                ...rows,
                { key: `new-${++keys}`, name: 'New stage', probability: 50, kind: 'open', requiredFields: [] },
              ])
            }
          >
            Add stage
          </Button>
          <Group gap="xs">
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              onClick={() => setRows(stages.data?.data.map(rowOf) ?? rows)}
            >
              Undo changes
            </Button>
            <Button size="xs" loading={busy} onClick={() => void save()} data-testid="stages-save">
              Save stages
            </Button>
          </Group>
        </Group>
      )}
    </Paper>
  );
}

function NewPipeline({ position, onClose }: { position: number; onClose: (id?: string) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await recordsApi.create('pipelines', { name, position });
      // A new pipeline starts with the usual stages; they are edited like any other.
      await dealsApi.saveStages(p.id, [
        { name: 'Qualification', probability: 10 },
        { name: 'Proposal', probability: 50, requiredFields: ['amount'] },
        { name: 'Negotiation', probability: 75 },
        { name: 'Won', probability: 100, kind: 'won', requiredFields: ['amount'] },
        { name: 'Lost', probability: 0, kind: 'lost', requiredFields: ['lostReason'] },
      ]);
      invalidateObject(qc, 'pipelines');
      onClose(p.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={() => onClose()} title="New pipeline" centered>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            autoFocus
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            It starts with five usual stages; change them once it is made.
          </Text>
          <FormFooter error={error} onCancel={() => onClose()} busy={busy} testId="pipeline-save">
            Create pipeline
          </FormFooter>
        </Stack>
      </form>
    </Modal>
  );
}
