// The list on a settings page (users, invitations, teams, roles, API keys): a bordered card holding a table,
// or a calm empty state when there is nothing yet.
import { Button, Paper, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';

/** The button that adds one more of what the page lists. */
export interface AddAction {
  label: string;
  icon?: ReactNode;
  onClick: () => void;
  testId?: string;
}

/** A column head: its label, or a fixed width (and no label for the one column of row actions). */
export type SettingsColumn = string | { label?: string; w: number };

export function SettingsTable<T>({
  rows,
  empty,
  columns,
  minWidth,
  verticalSpacing = 10,
  highlightOnHover,
  children,
}: {
  rows: T[];
  /** Shown instead of the card when there are no rows; its `add` is offered there as a button. */
  empty: { icon: ReactNode; title: string; description?: ReactNode; add?: AddAction };
  /** Column heads. Without them the card holds the rows as they are, not a table. */
  columns?: SettingsColumn[];
  /** Below this width the table scrolls sideways. */
  minWidth?: number;
  verticalSpacing?: number;
  highlightOnHover?: boolean;
  /** One row; give it its key. */
  children: (row: T, index: number) => ReactNode;
}) {
  if (rows.length === 0) {
    const { add } = empty;
    return (
      <EmptyState
        icon={empty.icon}
        title={empty.title}
        description={empty.description}
        action={
          add && (
            <Button size="xs" variant="default" leftSection={add.icon} onClick={add.onClick}>
              {add.label}
            </Button>
          )
        }
      />
    );
  }
  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      {columns ? (
        <Table.ScrollContainer minWidth={minWidth ?? 0}>
          <Table verticalSpacing={verticalSpacing} horizontalSpacing="md" highlightOnHover={highlightOnHover}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => {
                  const { label, w } = typeof c === 'string' ? { label: c, w: undefined } : c;
                  return (
                    <Table.Th key={label ?? 'actions'} w={w}>
                      {label}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{rows.map(children)}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        rows.map(children)
      )}
    </Paper>
  );
}
