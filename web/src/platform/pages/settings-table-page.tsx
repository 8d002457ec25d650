import { Button } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AddAction } from '../ui/settings-table';
import { SettingsPage } from './settings-page';

/**
 * A settings page, for administrators, that lists one kind of thing (users, teams, roles, API keys):
 * the title with its add button, loading and errors, then the page's list and its dialogs.
 */
export function SettingsTablePage<T>({
  title,
  subtitle,
  query,
  add,
  dialogs,
  children,
}: {
  title: string;
  subtitle?: string;
  query: UseQueryResult<T[]>;
  add: AddAction;
  /** The page's modals (new, edit, confirm), rendered once its data is there. */
  dialogs?: ReactNode;
  /** The list, usually a SettingsTable. */
  children: (items: T[]) => ReactNode;
}) {
  return (
    <SettingsPage
      title={title}
      subtitle={subtitle}
      query={query}
      adminOnly
      actions={
        <Button size="xs" leftSection={add.icon} onClick={add.onClick} data-testid={add.testId}>
          {add.label}
        </Button>
      }
    >
      {(items) => (
        <>
          {children(items)}
          {dialogs}
        </>
      )}
    </SettingsPage>
  );
}
