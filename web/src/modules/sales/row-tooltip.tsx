// The sales charts' tooltip: the hovered row's name and one line about it, in the cards' style.
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './sales.module.css';

/** `tooltipProps` for a chart whose data rows are R. */
export function rowTooltip<R>(title: (row: R) => ReactNode, detail: (row: R) => ReactNode) {
  return {
    content: ({ payload }: { payload?: ReadonlyArray<{ payload?: unknown }> }) => {
      const row = payload?.[0]?.payload as R | undefined;
      if (!row) return null;
      return (
        <div className={classes.kpi} style={{ padding: '6px 10px' }}>
          <Text size="sm" fw={600}>
            {title(row)}
          </Text>
          <Text size="xs">{detail(row)}</Text>
        </div>
      );
    },
  };
}
