// On a deal's card: how long it has sat in its stage, in orange once past the stage's rotting
// days (Pipedrive's rotting deals), so a manager sees at a glance which deals went quiet.
import { Badge, Tooltip } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { RecordContext } from '../../platform/extensions';
import { allStagesQuery, rotting } from './deals-api';

export function RottingBadge({ record }: RecordContext) {
  const stages = useQuery(allStagesQuery);
  const stage = stages.data?.find((s) => s.id === record.stageId);
  const { days, rotten } = rotting(record, stage);
  if (!rotten || days === null) return null;
  return (
    <Tooltip label={`In ${stage?.name} for ${days} days; it expects a move within ${stage?.rottingDays}`}>
      <Badge
        size="xs"
        color="orange"
        variant="light"
        mt={6}
        leftSection={<IconClockExclamation size={11} />}
        data-testid="card-rotting"
      >
        {days} days in stage
      </Badge>
    </Tooltip>
  );
}
