// The end of every settings form: the server's error, then Cancel and the submit button.
import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

export function FormFooter({
  error,
  onCancel,
  busy,
  testId,
  icon,
  start,
  readOnly = false,
  children,
}: {
  error?: ReactNode;
  onCancel: () => void;
  busy: boolean;
  testId?: string;
  /** Icon on the submit button. */
  icon?: ReactNode;
  /** What stands on the left, across from Cancel and submit (e.g. a form's Delete). */
  start?: ReactNode;
  /** The form only shows: Close instead of Cancel, and no submit button. */
  readOnly?: boolean;
  children: ReactNode;
}) {
  const buttons = (
    <>
      <Button variant="default" onClick={onCancel}>
        {readOnly ? 'Close' : 'Cancel'}
      </Button>
      {!readOnly && (
        <Button type="submit" loading={busy} leftSection={icon} data-testid={testId}>
          {children}
        </Button>
      )}
    </>
  );
  return (
    <>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      {start ? (
        <Group justify="space-between" gap="xs">
          {start}
          <Group gap="xs">{buttons}</Group>
        </Group>
      ) : (
        <Group justify="flex-end" gap="xs">
          {buttons}
        </Group>
      )}
    </>
  );
}
