// A deal's way through its pipeline, on its page (Salesforce's "path"): the stages in order with
// the current one marked, how long the deal has sat there (rotting past the stage's days), a click
// to move it — asking for what the stage needs first — and the stages it went through, with the
// time spent in each.
import { Badge, Group, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRoute } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../platform/api';
import type { RecordContext } from '../../platform/extensions';
import { MoveNeedsFields, type NeededMove, neededFields } from '../../platform/form/needs-fields-modal';
import { invalidateObject, recordKeys, recordsApi } from '../../platform/records/records-api';
import { formatDate } from '../../platform/ui/format';
import classes from './deals.module.css';
import { dealStagesQuery, pipelineStagesQuery, rotting, type Stage } from './deals-api';

const daysText = (d: number) => (d < 1 ? 'less than a day' : d < 2 ? '1 day' : `${Math.floor(d)} days`);

export function DealPath({ meta, record }: RecordContext) {
  const qc = useQueryClient();
  const pipelineId = typeof record.pipelineId === 'string' ? record.pipelineId : '';
  const stages = useQuery({ ...pipelineStagesQuery(pipelineId), enabled: !!pipelineId });
  const history = useQuery(dealStagesQuery(record.id));
  const [needed, setNeeded] = useState<NeededMove | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const list = stages.data?.data ?? [];
  const currentIndex = list.findIndex((s) => s.id === record.stageId);
  const current = list[currentIndex];
  const { days, rotten } = rotting(record, current);
  const canMove = meta.permissions.update && !record.deletedAt;

  const refresh = () => {
    invalidateObject(qc, meta.plural, record.id);
    void qc.invalidateQueries({ queryKey: recordKeys.record(meta.plural, record.id) });
  };
  const save = async (patch: Record<string, unknown>) => {
    await recordsApi.update(meta.plural, record.id, patch);
    refresh();
  };
  const moveTo = async (stage: Stage) => {
    if (!canMove || stage.id === record.stageId || moving) return;
    setMoving(stage.id);
    try {
      await save({ stageId: stage.id });
    } catch (e) {
      const fields = neededFields(meta, 'stageId', e);
      if (fields.length)
        setNeeded({ record, patch: { stageId: stage.id }, columnTitle: stage.name, fields, message: errorMessage(e) });
      else notifications.show({ color: 'red', title: `Could not move to ${stage.name}`, message: errorMessage(e) });
    } finally {
      setMoving(null);
    }
  };

  const status = record.status as string | undefined;
  const tone = (s: Stage, i: number) =>
    s.id === record.stageId
      ? s.kind === 'won'
        ? 'won'
        : s.kind === 'lost'
          ? 'lost'
          : 'current'
      : status === 'open' && s.kind === 'open' && i < currentIndex
        ? 'done'
        : 'ahead';

  return (
    <Paper withBorder className={classes.panel} data-testid="deal-path">
      <Group justify="space-between" px="md" py={10} wrap="nowrap" gap="xs">
        <Group gap={8} wrap="nowrap" miw={0}>
          <IconRoute size={16} stroke={1.8} />
          <Text fw={600} size="sm">
            Stage
          </Text>
          {current && days !== null && (
            <Text size="sm" c="dimmed" truncate>
              {status === 'won'
                ? `Won ${formatDate(record.closedAt)}`
                : status === 'lost'
                  ? `Lost ${formatDate(record.closedAt)}`
                  : `In ${current.name} for ${daysText(days)}`}
            </Text>
          )}
        </Group>
        {rotten && current?.rottingDays && (
          <Tooltip label={`${current.name} expects a move within ${current.rottingDays} days`}>
            <Badge
              color="orange"
              variant="light"
              leftSection={<IconAlertTriangle size={12} />}
              data-testid="deal-rotting"
            >
              Rotting
            </Badge>
          </Tooltip>
        )}
      </Group>
      <ol className={classes.path} aria-label="Stages">
        {list.map((s, i) => (
          <li key={s.id} className={classes.stepItem}>
            <UnstyledButton
              className={classes.step}
              data-tone={tone(s, i)}
              data-kind={s.kind}
              aria-current={s.id === record.stageId ? 'step' : undefined}
              disabled={!canMove}
              data-busy={moving === s.id || undefined}
              onClick={() => void moveTo(s)}
              title={`${s.name} · ${s.probability} %`}
              data-testid="deal-path-step"
            >
              <span className={classes.stepName}>{s.name}</span>
            </UnstyledButton>
          </li>
        ))}
      </ol>
      {(history.data?.data.length ?? 0) > 0 && (
        <Stack gap={2} px="md" pb="sm" pt={4}>
          {history.data?.data.map((v) => (
            <Group key={`${v.stageId}-${v.enteredAt}`} gap="xs" wrap="nowrap" className={classes.visit}>
              <Text size="xs" fw={500} w={140} truncate>
                {v.stage ?? 'A deleted stage'}
              </Text>
              <Text size="xs" c="dimmed" style={{ flex: 1 }} truncate>
                {formatDate(v.enteredAt)} · {v.leftAt ? daysText(v.days) : `${daysText(v.days)} so far`}
                {v.movedBy ? ` · ${v.movedBy.name}` : ''}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {needed && <MoveNeedsFields move={needed} onClose={() => setNeeded(null)} onSave={save} />}
    </Paper>
  );
}
