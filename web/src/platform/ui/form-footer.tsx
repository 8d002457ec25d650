// The end of every settings form: the server's error, then Cancel and the submit button.
import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

export function FormFooter({
  error,
  onCancel,
  busy,
  testId,
  children,
}: {
  error?: ReactNode;
  onCancel: () => void;
  busy: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={busy} data-testid={testId}>
          {children}
        </Button>
      </Group>
    </>
  );
}
